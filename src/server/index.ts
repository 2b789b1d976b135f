/**
 * @module `startServer`: the API, the docs and the background services in one process, on the
 * database that the settings name (migrations run when the store opens).
 */
import { readFileSync } from "node:fs";
import type { Settings } from "../config/settings.js";
import { API_BASE_PATH, createApp } from "./app.js";
import { closeServer, listen, publicUrl } from "./http/listen.js";
import { cancellationCleanupService } from "./services/cancellation-cleanup.js";
import { claimExpiryService } from "./services/claim-expiry.js";
import { foremanService } from "./services/foreman.js";
import { lateRunsService } from "./services/late-runs.js";
import { logRetentionService } from "./services/log-retention.js";
import { ServiceRunner } from "./services/runner.js";
import { schedulerService } from "./services/scheduler.js";
import { zombieReaperService } from "./services/zombie-reaper.js";
import type { Service } from "./services/service.js";
import { openStore } from "./storage/index.js";
import type { Store } from "./storage/store.js";

export { type AppDeps, createApp } from "./app.js";
export { ListenError } from "./http/listen.js";
export { PeriodicService, type Service, ServiceRunner } from "./services/index.js";

/** Options of {@link startServer}. */
export interface StartServerOptions {
  readonly settings: Settings;
  /** Address to bind. @default settings.serverHost */
  readonly host?: string;
  /** Port to listen on; 0 picks a free one. @default settings.serverPort */
  readonly port?: number;
  /** Run the background services. @default true */
  readonly services?: boolean;
  /** Where startup lines and unexpected errors go. @default console.log */
  readonly log?: (line: string) => void;
  /** How long `close()` lets open requests finish before cutting them. @default 5000 */
  readonly closeGraceMs?: number;
}

/** A server started by {@link startServer}. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:4200`. */
  readonly url: string;
  /** API URL, e.g. `http://127.0.0.1:4200/api` (what STEWARD_API_URL should be). */
  readonly apiUrl: string;
  /** The port actually listened on (useful with port 0). */
  readonly port: number;
  /** Stops the services, the HTTP server (closing idle connections) and the store. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens the store, starts the HTTP server and the services.
 *
 * @throws ListenError (code EADDRINUSE, …) with a one-line message when the port cannot be used.
 * @example
 * const server = await startServer({ settings: loadSettings(), port: 0 });
 * console.log(server.apiUrl);
 * await server.close();
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { settings } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const host = options.host ?? settings.serverHost;
  const store = await openStore(settings.databaseUrl);
  // Aborted first thing on close: waiting claim long-polls answer at once instead of holding it up.
  const shutdown = new AbortController();
  const app = createApp({ store, version: serverVersion(), log, signal: shutdown.signal });
  let listening: Awaited<ReturnType<typeof listen>>;
  try {
    listening = await listen(app, host, options.port ?? settings.serverPort);
  } catch (error) {
    await store.close();
    throw error;
  }
  const runner = new ServiceRunner(
    options.services === false ? [] : defaultServices(store, settings, log),
    log,
  );
  try {
    await runner.start();
  } catch (error) {
    await closeServer(listening.server, 0);
    await store.close();
    throw error;
  }

  const url = publicUrl(host, listening.port);
  log(
    `Steward API listening on ${url}${API_BASE_PATH} (database: ${describeDatabase(settings.databaseUrl)})`,
  );
  log(`API docs: ${url}/docs`);
  let closing: Promise<void> | undefined;
  const close = async () => {
    shutdown.abort();
    await runner.stop();
    await closeServer(listening.server, options.closeGraceMs ?? 5_000);
    await store.close();
  };
  return {
    url,
    apiUrl: `${url}${API_BASE_PATH}`,
    port: listening.port,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}

/** The services `steward server start` runs unless `--no-services` is given. */
function defaultServices(store: Store, settings: Settings, log: (line: string) => void): Service[] {
  const services: Service[] = [];
  if (settings.logsRetentionDays > 0) {
    services.push(logRetentionService({ store, retentionDays: settings.logsRetentionDays, log }));
  }
  const maintenance = { store, intervalMs: settings.servicesIntervalSeconds * 1000, log };
  services.push(
    // Every 10 s as the safety net; deployment changes in this process are handled at once.
    schedulerService({ store, intervalMs: 10_000, log }),
    foremanService(maintenance),
    lateRunsService({ ...maintenance, lateAfterSeconds: settings.lateRunsAfterSeconds }),
    zombieReaperService({ ...maintenance, timeoutSeconds: settings.zombieTimeoutSeconds }),
    claimExpiryService({ ...maintenance, timeoutSeconds: settings.claimTimeoutSeconds }),
    cancellationCleanupService({ ...maintenance, timeoutSeconds: settings.cancellingTimeoutSeconds }),
  );
  return services;
}

/** Where the data lives, for people: the SQLite path, or PostgreSQL host/database without credentials. */
export function describeDatabase(databaseUrl: string): string {
  if (databaseUrl.startsWith("sqlite:")) {
    const path = databaseUrl.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
    return path === ":memory:" ? "SQLite in memory" : `SQLite ${path}`;
  }
  try {
    const url = new URL(databaseUrl);
    return `PostgreSQL ${url.host}${url.pathname}`;
  } catch {
    return "PostgreSQL";
  }
}

let version: string | undefined;

/** The package version; package.json is two folders up from both `src/server/` and `dist/server/`. */
function serverVersion(): string {
  if (version === undefined) {
    const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
    version = String((JSON.parse(text) as { version?: unknown }).version ?? "unknown");
  }
  return version;
}
