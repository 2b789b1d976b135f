/**
 * @module Puts the app on a TCP port and takes it off again, turning the usual failures (port in
 * use, no permission, unknown host) into one-line messages instead of stack traces.
 */
import type { Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import type { Hono } from "hono";

/** Why the server could not listen; `code` is Node's (EADDRINUSE, EACCES, …). */
export class ListenError extends Error {
  override readonly name = "ListenError";
  readonly code: string;

  constructor(code: string, message: string, cause: unknown) {
    super(message, { cause });
    this.code = code;
  }
}

/** The PEM certificate (chain) and private key an HTTPS server presents. */
export interface TlsOptions {
  readonly cert: Buffer;
  readonly key: Buffer;
}

/**
 * Starts a server for `app` on host:port (port 0 picks a free one) and returns it with its real
 * port: HTTPS when `tls` is given (check the files first with `loadTlsCredentials`), else HTTP.
 */
export async function listen(
  app: Hono,
  host: string,
  port: number,
  tls?: TlsOptions,
): Promise<{ server: Server; port: number }> {
  const server = (
    tls
      ? createAdaptorServer({
          fetch: app.fetch,
          createServer: createHttpsServer,
          serverOptions: { cert: tls.cert, key: tls.key },
        })
      : createAdaptorServer({ fetch: app.fetch })
  ) as Server;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      reject(describeListenError(error, host, port));
    };
    const onListening = () => {
      server.off("error", onError);
      resolve();
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
  return { server, port: (server.address() as AddressInfo).port };
}

function describeListenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  const code = error.code ?? "UNKNOWN";
  const messages: Record<string, string> = {
    EADDRINUSE: `port ${port} is in use on ${host}; stop the other server or pass --port`,
    EACCES: `no permission to listen on ${host}:${port} (ports below 1024 need privileges); pass another --port`,
    EADDRNOTAVAIL: `${host} is not an address of this machine; pass another --host (e.g. 127.0.0.1 or 0.0.0.0)`,
    ENOTFOUND: `host ${host} cannot be resolved; pass another --host (e.g. 127.0.0.1 or 0.0.0.0)`,
  };
  return new ListenError(code, messages[code] ?? `cannot listen on ${host}:${port}: ${error.message}`, error);
}

/**
 * Stops accepting connections, closes idle keep-alive sockets at once, and cuts the rest after
 * `graceMs` so a client holding a long request cannot keep the server from shutting down.
 */
export async function closeServer(server: Server, graceMs: number): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // Not unref'd: the caller awaits this, so the process must stay up until the server is closed.
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(timer);
}

/** The URL clients should use: a wildcard bind address is reached through loopback. */
export function publicUrl(host: string, port: number, secure = false): string {
  const reachable = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  return `${secure ? "https" : "http"}://${reachable.includes(":") ? `[${reachable}]` : reachable}:${port}`;
}
