import { resolve } from "node:path";
import type { Command } from "commander";
import { type TlsFiles, tlsFilesOf } from "../../config/server-tls.js";
import type { Settings } from "../../config/settings.js";
import { parsePort } from "../args.js";
import type { CliContext } from "../context.js";
import { CliError, UsageError } from "../errors.js";
import type { SignalSource } from "../io.js";

interface StartOptions {
  host?: string;
  port?: number;
  services: boolean;
  /** False with --no-ui; undefined otherwise, so STEWARD_SERVER_UI decides. */
  ui?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  insecureNoAuth?: boolean;
}

/** `steward server …`: run the API, the UI and the background services. */
export function registerServerCommands(program: Command, ctx: CliContext): void {
  const server = program.command("server").description("Run the Steward server (API, UI and services).");

  server
    .command("start")
    .description("Start the server in the foreground; stop it with Ctrl+C.")
    .option("--host <host>", "Address to bind (default: STEWARD_SERVER_HOST, 127.0.0.1).")
    .option(
      "--port <port>",
      "Port to listen on; 0 picks a free one (default: STEWARD_SERVER_PORT, 4200).",
      parsePort,
    )
    .option("--no-services", "Do not run the background services (scheduler, late runs, …).")
    .option("--no-ui", "Do not serve the web UI at / (default: STEWARD_SERVER_UI, true).")
    .option(
      "--tls-cert <file>",
      "Serve HTTPS with this PEM certificate; needs --tls-key (default: STEWARD_SERVER_TLS_CERT). See docs/tls.md.",
    )
    .option("--tls-key <file>", "PEM private key of --tls-cert (default: STEWARD_SERVER_TLS_KEY).")
    .option(
      "--insecure-no-auth",
      "Listen on a non-loopback address without API keys (only behind something that authenticates).",
    )
    .action((options: StartOptions) => startInForeground(ctx, options));
}

async function startInForeground(ctx: CliContext, options: StartOptions): Promise<void> {
  const settings = ctx.settings();
  const host = options.host ?? settings.serverHost;
  const port = options.port ?? settings.serverPort;
  const ui = options.ui === false ? false : settings.serverUiEnabled;
  const tls = tlsFiles(ctx, options, settings);
  ctx.out.note(`Starting Steward server on ${host}:${port}${tls ? " (HTTPS)" : ""}…`);
  // Loaded on demand: the server pulls in the database drivers, which other commands never need.
  const { startServer, describeDatabase } = await import("../../server/index.js");
  // The server announces its URLs while starting; the banner below says the same and more, so
  // startup lines naming the URL are dropped. Anything else (and every later line) is printed.
  const startup: string[] = [];
  let started = false;
  const log = (line: string) => (started ? ctx.out.line(line) : startup.push(line));
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({
      settings,
      host,
      port,
      services: options.services,
      ui,
      log,
      tls,
      insecureNoAuth: options.insecureNoAuth === true,
    });
  } catch (error) {
    throw describeStartError(error, host, port);
  }
  started = true;
  for (const line of startup) if (!line.includes(server.url)) ctx.out.line(line);
  printBanner(ctx, server, describeDatabase(settings.databaseUrl), options.services, ui);
  // Listeners are removed once a signal arrives, so a second Ctrl+C during shutdown kills at once.
  const signal = await nextSignal(ctx.io.signals ?? process);
  ctx.out.note(`Received ${signal}; stopping the server…`);
  await server.close();
  ctx.out.line("Server stopped.");
}

/** The flags as a pair (paths relative to the current directory), else the settings; null for HTTP. */
function tlsFiles(ctx: CliContext, options: StartOptions, settings: Settings): TlsFiles | null {
  const { tlsCert, tlsKey } = options;
  if (tlsCert !== undefined && tlsKey !== undefined) {
    return { certFile: resolve(ctx.cwd, tlsCert), keyFile: resolve(ctx.cwd, tlsKey) };
  }
  if (tlsCert !== undefined || tlsKey !== undefined) {
    const [given, missing] =
      tlsCert === undefined ? ["--tls-key", "--tls-cert"] : ["--tls-cert", "--tls-key"];
    throw new UsageError(
      `${given} needs ${missing} too: HTTPS takes both the certificate (--tls-cert FILE) and its private key (--tls-key FILE). Pass both, or neither for plain HTTP.`,
    );
  }
  return tlsFilesOf(settings.serverTls);
}

function printBanner(
  ctx: CliContext,
  server: { url: string; apiUrl: string; authEnabled: boolean },
  database: string,
  services: boolean,
  ui: boolean,
): void {
  const c = ctx.out.colors;
  ctx.out.line();
  ctx.out.line(c.bold(`Steward server is running at ${server.url}`));
  ctx.out.keyValue([
    ["  UI", ui ? `${server.url}/` : "off (--no-ui or STEWARD_SERVER_UI=false)"],
    ["  API", server.apiUrl],
    ["  Docs", `${server.url}/docs`],
    ["  Database", database],
    ["  Services", services ? "on" : "off (--no-services)"],
  ]);
  ctx.out.line();
  ctx.out.line("In other terminals, point the CLI and your flows at it:");
  ctx.out.line(c.cyan(`  export STEWARD_API_URL=${server.apiUrl}`));
  ctx.out.line(`  (or once for all terminals: steward config set STEWARD_API_URL=${server.apiUrl})`);
  if (server.authEnabled) {
    ctx.out.line(c.cyan("  export STEWARD_API_KEY=<a key from `steward api-key create`>"));
    ctx.out.line("  (auth is on: every request but /api/health needs a key; docs/auth.md)");
  }
  ctx.out.line(c.dim("Press Ctrl+C to stop."));
}

/** Resolves with the first SIGINT or SIGTERM, removing both listeners. */
function nextSignal(source: SignalSource): Promise<"SIGINT" | "SIGTERM"> {
  return new Promise((resolve) => {
    const onInt = () => done("SIGINT");
    const onTerm = () => done("SIGTERM");
    const done = (signal: "SIGINT" | "SIGTERM") => {
      source.off("SIGINT", onInt);
      source.off("SIGTERM", onTerm);
      resolve(signal);
    };
    source.once("SIGINT", onInt);
    source.once("SIGTERM", onTerm);
  });
}

function describeStartError(error: unknown, host: string, port: number): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === "EADDRINUSE") {
    return new CliError(
      `Port ${port} on ${host} is already in use (is another Steward server running?). Stop it, or pick another port with --port N.`,
      undefined,
      { cause: error },
    );
  }
  if (code === "EACCES" || code === "EADDRNOTAVAIL") {
    return new CliError(
      `Cannot listen on ${host}:${port} (${code}). Choose another --host or --port.`,
      undefined,
      {
        cause: error,
      },
    );
  }
  return error;
}
