/**
 * @module The Host check: a request whose Host header is not an address the server is reached at
 * is refused with 421 Misdirected Request. A page on `http://attacker.example:4200` whose name
 * was re-pointed to 127.0.0.1 (DNS rebinding) reaches the server with `Host: attacker.example:4200`,
 * so this check is what keeps such pages from reading or writing a server bound to loopback.
 */
import type { MiddlewareHandler } from "hono";
import { HttpError } from "./errors.js";

/** Code of the 421 answer. */
export const HOST_NOT_ALLOWED = "HOST_NOT_ALLOWED";

/** Where the server listens and which other names it answers to. */
export interface HostPolicy {
  /** Address the server is bound to, as given to `listen` (`127.0.0.1`, `0.0.0.0`, `::`, a name…). */
  readonly bindHost: string;
  /** The port listened on; a function because port 0 is known only once listening. */
  readonly port: () => number;
  /**
   * Further names (`STEWARD_SERVER_ALLOWED_HOSTS`): `name` accepts that name on any port,
   * `name:port` on that port only. @default none
   */
  readonly allowedHosts?: readonly string[];
  /** The server speaks HTTPS itself, so a Host header without a port means 443. @default false (80) */
  readonly secure?: boolean;
}

const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"];
const WILDCARD_BINDS = new Set(["0.0.0.0", "::", "[::]", ""]);
const HOST_SHAPE = /^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::(\d{1,5}))?$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** A Host header split into its name (IPv6 kept in brackets, lower case) and port (the scheme's default when absent). */
export interface ParsedHost {
  readonly name: string;
  readonly port: number;
}

/** Splits a Host header value; undefined when it is not `name[:port]`. A missing port is `defaultPort`. */
export function parseHost(value: string, defaultPort = 80): ParsedHost | undefined {
  const match = HOST_SHAPE.exec(value.trim().toLowerCase());
  if (!match) return undefined;
  return { name: match[1] as string, port: match[2] === undefined ? defaultPort : Number(match[2]) };
}

/**
 * Whether `host` (a Host header value) names this server. Accepted: the bound address at the bound
 * port; when bound to loopback, also `127.0.0.1`, `localhost` and `[::1]` at that port; when bound
 * to every interface (`0.0.0.0`, `::`), the loopback names and any IP address at that port (an IP
 * literal cannot be a rebound DNS name, while a name can); and the allow-list entries.
 */
export function isAllowedHost(host: string, policy: HostPolicy): boolean {
  const defaultPort = policy.secure ? 443 : 80;
  const parsed = parseHost(host, defaultPort);
  if (!parsed) return false;
  for (const entry of policy.allowedHosts ?? []) {
    const allowed = parseHost(entry, defaultPort);
    if (!allowed || allowed.name !== parsed.name) continue;
    if (!/:\d+$/.test(entry) || allowed.port === parsed.port) return true;
  }
  if (parsed.port !== policy.port()) return false;
  const bind = bracketed(policy.bindHost.trim().toLowerCase());
  if (WILDCARD_BINDS.has(bind)) return LOOPBACK_NAMES.includes(parsed.name) || isIpLiteral(parsed.name);
  if (parsed.name === bind) return true;
  return isLoopback(bind) && LOOPBACK_NAMES.includes(parsed.name);
}

/**
 * Middleware refusing (421 HOST_NOT_ALLOWED) every request whose Host header is not allowed by
 * `policy` (see {@link isAllowedHost}). Requests with no Host header (HTTP/1.0) pass.
 */
export function hostCheck(policy: HostPolicy): MiddlewareHandler {
  return async function checkHost(c, next) {
    const host = c.req.header("host");
    if (host !== undefined && !isAllowedHost(host, policy)) {
      throw new HttpError(
        421,
        HOST_NOT_ALLOWED,
        `This server does not answer to the host name ${JSON.stringify(host)} (it listens on ${describeBind(policy)}). ` +
          `If you reach it under this name on purpose (a DNS name, a reverse proxy), add it to STEWARD_SERVER_ALLOWED_HOSTS ` +
          `(comma-separated, e.g. ${JSON.stringify(parseHost(host)?.name ?? "steward.example.com")}) and restart the server.`,
      );
    }
    await next();
  };
}

function describeBind(policy: HostPolicy): string {
  const bind = bracketed(policy.bindHost.trim());
  return `${WILDCARD_BINDS.has(bind) ? "every interface" : bind}, port ${policy.port()}`;
}

function bracketed(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

function isIpLiteral(name: string): boolean {
  return IPV4.test(name) || name.startsWith("[");
}

/** Whether a bind address or host name is loopback only (`127.x`, `localhost`, `::1`). */
export function isLoopback(name: string): boolean {
  if (name === "::1") return true;
  return name === "localhost" || name === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}
