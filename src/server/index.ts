/**
 * @module `startServer`: the API, the docs, the UI and the background services in one process, on
 * the database that the settings name (migrations run when the store opens).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type TlsFiles, tlsFilesOf } from "../config/server-tls.js";
import type { Settings } from "../config/settings.js";
import { API_BASE_PATH, createApp } from "./app.js";
import { ActionExecutor } from "./events/actions/executor.js";
import { AutomationEngine } from "./events/automation-engine.js";
import { EventTail } from "./events/event-tail.js";
import { closeServer, listen, publicUrl } from "./http/listen.js";
import { isLoopback } from "./http/host-check.js";
import { Authenticator } from "./auth/authenticator.js";
import { StewardError } from "../core/errors.js";
import { loadTlsCredentials, type TlsCredentials } from "./http/tls.js";
import { ChangeFeed } from "./live/change-feed.js";
import { followStoreChanges } from "./live/store-changes.js";
import { cancellationCleanupService } from "./services/cancellation-cleanup.js";
import { claimExpiryService } from "./services/claim-expiry.js";
import { eventRetentionService } from "./services/event-retention.js";
import { retentionService } from "./services/retention.js";
import { foremanService } from "./services/foreman.js";
import { lateRunsService } from "./services/late-runs.js";
import { logRetentionService } from "./services/log-retention.js";
import { ServiceRunner } from "./services/runner.js";
import { diskGuardFor, storeLimitsOf } from "./services/disk-guard-setup.js";
import { schedulerService } from "./services/scheduler.js";
import { zombieReaperService } from "./services/zombie-reaper.js";
import type { Service } from "./services/service.js";
import { openStore } from "./storage/index.js";
import type { Store } from "./storage/store.js";

export { type AppDeps, createApp } from "./app.js";
export { ListenError } from "./http/listen.js";
export { ChangeFeed } from "./live/change-feed.js";
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
  /** Serve the web UI at `/`. @default settings.serverUiEnabled */
  readonly ui?: boolean;
  /** Folder of the built UI. @default the package's `dist/ui/` (see {@link BUILT_UI_DIR}) */
  readonly uiDir?: string;
  /** Where startup lines and unexpected errors go. @default console.log */
  readonly log?: (line: string) => void;
  /** How long `close()` lets open requests finish before cutting them. @default 5000 */
  readonly closeGraceMs?: number;
  /**
   * Serve a non-loopback address without auth (no STEWARD_SERVER_API_KEY, no keys): refused
   * otherwise, because anyone who reaches the port could run code on every worker. @default false
   */
  readonly insecureNoAuth?: boolean;
  /**
   * Serve HTTPS with this certificate and key; null serves plain HTTP.
   * @default settings.serverTls (`STEWARD_SERVER_TLS_CERT` and `…_KEY`, both or neither)
   */
  readonly tls?: TlsFiles | null;
}

/** A server started by {@link startServer}. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:4200` (`https://…` with TLS). */
  readonly url: string;
  /** API URL, e.g. `http://127.0.0.1:4200/api` (what STEWARD_API_URL should be). */
  readonly apiUrl: string;
  /** The port actually listened on (useful with port 0). */
  readonly port: number;
  /** Whether requests need an API key (STEWARD_SERVER_API_KEY set, or keys in the database) at start. */
  readonly authEnabled: boolean;
  /** Stops the services, the HTTP server (closing idle connections) and the store. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens the store, starts the HTTP server and the services.
 *
 * @throws ListenError (code EADDRINUSE, …) with a one-line message when the port cannot be used.
 * @throws StewardError CONFIG_INVALID naming the file when the TLS certificate or key cannot be used.
 * @example
 * const server = await startServer({ settings: loadSettings(), port: 0 });
 * console.log(server.apiUrl);
 * await server.close();
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { settings } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const host = options.host ?? settings.serverHost;
  // Checked before anything opens, so a bad file costs nothing to undo.
  const tlsFiles = options.tls === undefined ? tlsFilesOf(settings.serverTls) : options.tls;
  const tls = tlsFiles ? loadTlsCredentials(tlsFiles) : undefined;
  const store = await openStore(settings.databaseUrl, { limits: storeLimitsOf(settings) });
  const authenticator = new Authenticator({ store, bootstrapKey: settings.serverApiKey ?? undefined, log });
  const authOn = await authenticator.enabled().catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  if (!authOn && !isLoopback(host) && !options.insecureNoAuth) {
    await store.close();
    throw new StewardError(
      "CONFIG_INVALID",
      `Refusing to listen on ${host} without authentication: anyone who reaches it could run code on every worker. Set STEWARD_SERVER_API_KEY to an admin key (at least 16 characters, e.g. \`openssl rand -hex 32\`) and create keys with it (\`steward api-key create\`), or pass --insecure-no-auth if something in front of the server authenticates.`,
    );
  }
  const diskGuard = diskGuardFor(settings, store, log);
  // Aborted first thing on close: waiting claim long-polls and change streams end at once instead
  // of holding it up.
  const shutdown = new AbortController();
  const changes = new ChangeFeed();
  const unfollow = followStoreChanges(store, changes);
  // One live edge of the event table for every stream of this process.
  const events = new EventTail({ store, log });
  try {
    await events.start();
  } catch (error) {
    unfollow();
    await store.close();
    throw error;
  }
  const ui = options.ui ?? settings.serverUiEnabled;
  let boundPort = options.port ?? settings.serverPort;
  const app = createApp({
    store,
    authenticator,
    version: serverVersion(),
    log,
    maxBodyBytes: settings.requestLimits.maxBodyBytes,
    maxBatchBodyBytes: settings.requestLimits.maxBodyBytes * 8,
    maxJsonDepth: settings.requestLimits.maxJsonDepth,
    signal: shutdown.signal,
    changes,
    events,
    uiDir: ui ? (options.uiDir ?? BUILT_UI_DIR) : undefined,
    writeGate: diskGuard,
    access: {
      hosts: { bindHost: host, port: () => boundPort, allowedHosts: settings.serverAllowedHosts },
      allowedOrigins: settings.serverAllowedOrigins,
      secure: tls !== undefined,
    },
  });
  const release = async () => {
    await events.stop();
    unfollow();
    changes.close();
    await store.close();
  };
  let listening: Awaited<ReturnType<typeof listen>>;
  try {
    listening = await listen(app, host, options.port ?? settings.serverPort, tls);
    boundPort = listening.port;
  } catch (error) {
    await release();
    throw error;
  }
  const runner = new ServiceRunner(
    // The disk guard runs even with --no-services: it is what keeps a full disk from killing the server.
    [
      diskGuard,
      ...(options.services === false ? [] : defaultServices(store, settings, log, () => changes.notify())),
    ],
    log,
  );
  try {
    await runner.start();
  } catch (error) {
    await closeServer(listening.server, 0);
    await release();
    throw error;
  }

  const url = publicUrl(host, listening.port, tls !== undefined);
  log(
    `Steward API listening on ${url}${API_BASE_PATH} (database: ${describeDatabase(settings.databaseUrl)})`,
  );
  log(`API docs: ${url}/docs`);
  log(
    authOn
      ? "Auth: on; clients send an API key (STEWARD_API_KEY)."
      : isLoopback(host)
        ? "Auth: off (loopback only, no API keys); it turns on with STEWARD_SERVER_API_KEY or the first `steward api-key create`."
        : "Auth: OFF (--insecure-no-auth) on a network address: whatever is in front of the server must authenticate.",
  );
  if (ui) log(`Steward UI: ${url}/`);
  if (tls) for (const line of describeTls(tls)) log(line);
  if (["0.0.0.0", "::", ""].includes(host) && settings.serverAllowedHosts.length === 0) {
    log(
      "Listening on every interface: clients may use an IP address or localhost; to reach the server under a DNS name, list it in STEWARD_SERVER_ALLOWED_HOSTS.",
    );
  }
  let closing: Promise<void> | undefined;
  const close = async () => {
    shutdown.abort();
    await runner.stop();
    await closeServer(listening.server, options.closeGraceMs ?? 5_000);
    await release();
  };
  return {
    url,
    apiUrl: `${url}${API_BASE_PATH}`,
    port: listening.port,
    authEnabled: authOn,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}

/** What a person serving HTTPS should know about the certificate: who must trust it, and expiry. */
function describeTls(tls: TlsCredentials): string[] {
  const lines = [`HTTPS with the certificate ${tls.certFile} (valid until ${tls.validTo.toISOString()}).`];
  if (tls.selfSigned) {
    lines.push(
      `The certificate is self-signed: clients (CLI, workers, flows) trust it with NODE_EXTRA_CA_CERTS=${tls.certFile}, and browsers warn until it is accepted.`,
    );
  }
  if (tls.validTo.getTime() <= Date.now()) {
    lines.push(
      `Warning: the certificate expired on ${tls.validTo.toISOString()}; clients will refuse it. Renew it and restart the server.`,
    );
  }
  return lines;
}

/**
 * The built UI: Vite writes it to `dist/ui/`, beside `dist/server/` where this module is compiled
 * to. (Run from the sources, this names `src/ui/`, which does not exist: the UI answers 503.)
 */
export const BUILT_UI_DIR = fileURLToPath(new URL("../ui/", import.meta.url));

/**
 * The services `steward server start` runs unless `--no-services` is given. `onChange` hears of
 * every tick that changed something, for the UI's live refresh.
 */
function defaultServices(
  store: Store,
  settings: Settings,
  log: (line: string) => void,
  onChange: () => void,
): Service[] {
  const services: Service[] = [];
  if (settings.logsRetentionDays > 0) {
    services.push(logRetentionService({ store, retentionDays: settings.logsRetentionDays, log }));
  }
  if (settings.eventsRetentionDays > 0) {
    services.push(eventRetentionService({ store, retentionDays: settings.eventsRetentionDays, log }));
  }
  if (settings.auditRetentionDays > 0) {
    services.push(
      retentionService({
        name: "audit-retention",
        noun: "audit records",
        retentionDays: settings.auditRetentionDays,
        deleteBefore: (timestamp) => store.audit.deleteBefore(timestamp),
        log,
      }),
    );
  }
  // The engine queues triggered actions; the executor runs them as soon as they are queued.
  const executor = new ActionExecutor({ store, log });
  services.push(new AutomationEngine({ store, log, onJobsQueued: () => executor.wake() }), executor);
  const maintenance = { store, intervalMs: settings.servicesIntervalSeconds * 1000, log, onChange };
  services.push(
    // Every 10 s as the safety net; deployment changes in this process are handled at once.
    schedulerService({ store, intervalMs: 10_000, log, onChange }),
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
