import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { z } from "zod";
import { StewardError } from "../core/errors.js";
import { HostList, OriginList, SERVER_ACCESS_DEFINITIONS } from "./server-access.js";
import {
  parseServerTls,
  SERVER_TLS_DEFINITIONS,
  serverScheme,
  type ServerTlsSettings,
} from "./server-tls.js";
import { readProfiles } from "./profiles.js";
import {
  SERVER_LIMIT_DEFINITIONS,
  SERVER_LIMIT_FIELDS,
  SERVER_LIMIT_SCHEMAS,
  type ServerLimits,
} from "./server-limits.js";
import {
  REQUEST_LIMIT_DEFINITIONS,
  REQUEST_LIMIT_FIELDS,
  REQUEST_LIMIT_SCHEMAS,
  type RequestLimits,
} from "./request-limits.js";

/**
 * Every setting Steward reads, with its environment variable, its default and what it means.
 * Precedence: environment variable > active profile > default. Env vars are read in this module only.
 */
export const SETTING_DEFINITIONS = {
  STEWARD_API_URL: {
    description: "URL of the Steward API, e.g. http://127.0.0.1:4200/api. Unset: flows run untracked.",
    default: undefined,
  },
  STEWARD_API_KEY: {
    description:
      "API key the SDK, CLI and workers send (Authorization: Bearer), once the server has auth on. Kept by profiles.",
    default: undefined,
  },
  STEWARD_SERVER_API_KEY: {
    description:
      "Bootstrap admin key of `steward server start`: turns auth on; use it to create the first keys (at least 16 characters).",
    default: undefined,
  },
  STEWARD_DATABASE_URL: {
    description: "Database of the server: a SQLite file path or sqlite:// URL, or postgres://…",
    default: undefined,
  },
  STEWARD_SERVER_HOST: { description: "Address `steward server start` binds to.", default: "127.0.0.1" },
  STEWARD_SERVER_PORT: { description: "Port `steward server start` listens on.", default: "4200" },
  ...SERVER_ACCESS_DEFINITIONS,
  ...SERVER_TLS_DEFINITIONS,
  STEWARD_SERVER_UI: {
    description: "Whether `steward server start` serves the web UI at / (true/false; --no-ui turns it off).",
    default: "true",
  },
  STEWARD_LOGGING_LEVEL: {
    description: "Lowest level printed and shipped: DEBUG, INFO, WARNING, ERROR, CRITICAL.",
    default: "INFO",
  },
  STEWARD_LOGS_BATCH_INTERVAL_MS: {
    description: "How often run logs are shipped to the API.",
    default: "500",
  },
  STEWARD_TASK_STATES_BATCH_INTERVAL_MS: {
    description: "How often batched task-run states are shipped to the API.",
    default: "100",
  },
  STEWARD_LOGS_RETENTION_DAYS: {
    description: "The server deletes run logs older than this many days; 0 keeps them forever.",
    default: "30",
  },
  STEWARD_EVENTS_RETENTION_DAYS: {
    description:
      "The server deletes events that occurred more than this many days ago; 0 keeps them forever.",
    default: "7",
  },
  STEWARD_AUDIT_RETENTION_DAYS: {
    description:
      "The server deletes audit records (who wrote what through the API) older than this many days; 0 keeps them forever.",
    default: "365",
  },
  STEWARD_FLOW_RUN_HEARTBEAT_SECONDS: {
    description: "How often a tracked flow run tells the API it is alive.",
    default: "10",
  },
  STEWARD_SERVER_ZOMBIE_TIMEOUT_SECONDS: {
    description: "A RUNNING flow run silent for this long is marked CRASHED by the server.",
    default: "90",
  },
  STEWARD_SERVER_CLAIM_TIMEOUT_SECONDS: {
    description:
      "A claimed (PENDING) run that has not started RUNNING after this long, and whose process sent no heartbeat meanwhile, is rescheduled.",
    default: "300",
  },
  STEWARD_SERVER_LATE_RUNS_AFTER_SECONDS: {
    description: "A SCHEDULED run this far past its time is marked Late.",
    default: "15",
  },
  STEWARD_SERVER_CANCELLING_TIMEOUT_SECONDS: {
    description: "A run left CANCELLING for this long is forced to CANCELLED.",
    default: "120",
  },
  STEWARD_SERVER_SERVICES_INTERVAL_SECONDS: {
    description: "How often the server's maintenance services (foreman, late runs, reapers) run.",
    default: "5",
  },
  STEWARD_WORKER_HEARTBEAT_SECONDS: {
    description: "How often a worker tells the API it is alive (and re-reads its work pool).",
    default: "30",
  },
  STEWARD_WORKER_CANCEL_GRACE_SECONDS: {
    description: "After SIGTERM, how long a worker lets a cancelled run's processes exit before SIGKILL.",
    default: "10",
  },
  STEWARD_WORKER_SHUTDOWN_GRACE_SECONDS: {
    description: "On Ctrl+C / SIGTERM, how long a worker lets running flow runs finish before stopping them.",
    default: "30",
  },
  STEWARD_WORKER_WARM_PROCESSES: {
    description:
      "How many flow-run processes a process worker keeps started and loaded, each waiting for a run (0: every run starts a cold process).",
    default: "2",
  },
  ...SERVER_LIMIT_DEFINITIONS,
  ...REQUEST_LIMIT_DEFINITIONS,
} as const satisfies Record<string, { description: string; default: string | undefined }>;

export type SettingName = keyof typeof SETTING_DEFINITIONS;

/** True when `name` is a setting Steward knows. */
export function isSettingName(name: string): name is SettingName {
  return Object.hasOwn(SETTING_DEFINITIONS, name);
}

/** Settings resolved once into a frozen object and passed explicitly from there on. */
export interface Settings {
  /** Folder holding the embedded database and the profiles file (`STEWARD_HOME`, default ~/.steward). */
  readonly home: string;
  /** Name of the active profile. */
  readonly profile: string;
  /** API base URL ending in `/api`, or null when none is configured. */
  readonly apiUrl: string | null;
  /** `sqlite:<absolute path>` or a `postgres://` URL. */
  readonly databaseUrl: string;
  readonly serverHost: string;
  readonly serverPort: number;
  /** Extra Host names the server answers to (`STEWARD_SERVER_ALLOWED_HOSTS`), lower case. */
  /** Key sent to the API (`STEWARD_API_KEY`); null: none. */
  readonly apiKey: string | null;
  /** Bootstrap admin key of the server (`STEWARD_SERVER_API_KEY`); null: none. */
  readonly serverApiKey: string | null;
  readonly serverAllowedHosts: readonly string[];
  /** Other origins allowed to call the API, with CORS (`STEWARD_SERVER_ALLOWED_ORIGINS`), normalised. */
  readonly serverAllowedOrigins: readonly string[];
  /** Certificate and key files to serve HTTPS with (`STEWARD_SERVER_TLS_CERT`, `…_KEY`); see `server-tls.ts`. */
  readonly serverTls: ServerTlsSettings;
  /** Whether `steward server start` serves the web UI (`STEWARD_SERVER_UI`). */
  readonly serverUiEnabled: boolean;
  readonly loggingLevel: "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL";
  readonly logsBatchIntervalMs: number;
  readonly taskStatesBatchIntervalMs: number;
  readonly flowRunHeartbeatSeconds: number;
  readonly zombieTimeoutSeconds: number;
  readonly claimTimeoutSeconds: number;
  readonly lateRunsAfterSeconds: number;
  readonly cancellingTimeoutSeconds: number;
  readonly servicesIntervalSeconds: number;
  readonly workerHeartbeatSeconds: number;
  readonly workerCancelGraceSeconds: number;
  readonly workerShutdownGraceSeconds: number;
  /** Warm flow-run processes a process worker keeps ready (`STEWARD_WORKER_WARM_PROCESSES`); 0: none. */
  readonly workerWarmProcesses: number;
  /** Days the server keeps log lines; 0 keeps them forever. */
  readonly logsRetentionDays: number;
  /** Days the server keeps events (`STEWARD_EVENTS_RETENTION_DAYS`); 0 keeps them forever. */
  readonly eventsRetentionDays: number;
  /** Days the server keeps audit records (`STEWARD_AUDIT_RETENTION_DAYS`); 0 keeps them forever. */
  readonly auditRetentionDays: number;
  /** Scheduler caps and the disk guard's thresholds (`STEWARD_SERVER_SCHEDULER_*`, `…_DISK_MB`, `…_DATABASE_MB`). */
  readonly serverLimits: ServerLimits;
  /** How large and how deep one request may be (`STEWARD_SERVER_MAX_BODY_BYTES`, `STEWARD_SERVER_MAX_JSON_DEPTH`). */
  readonly requestLimits: RequestLimits;
  /** Where each value came from, for `steward config view`. */
  readonly sources: Readonly<Record<SettingName, "env" | "profile" | "default" | "unset">>;
}

const Level = z.enum(["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]);
const Port = z.coerce.number().int().min(0).max(65_535);
/** A key as sent in a header: printable, no spaces. */
const ApiKey = z
  .string()
  .max(1000)
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces (copy the key as it was printed)");
/** The bootstrap key: long enough that guessing it is hopeless. */
const BootstrapKey = ApiKey.min(16, "must be at least 16 characters (e.g. `openssl rand -hex 32`)");
const Seconds = z.coerce.number().positive().max(86_400);
/** A grace period: 0 means "no grace, stop at once". */
const GraceSeconds = z.coerce.number().min(0).max(86_400);
const RetentionDays = z.coerce.number().min(0).max(36_500);
const WarmProcessCount = z.coerce.number().int().min(0).max(64);
const Interval = z.coerce.number().int().min(1).max(60_000);
/** A switch: true/false, 1/0, yes/no or on/off, in any case. */
const Switch = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .pipe(z.enum(["true", "false", "1", "0", "yes", "no", "on", "off"], { error: "expected true or false" }))
  .transform((value) => ["true", "1", "yes", "on"].includes(value));

/**
 * Environment variables by name, as `process.env` holds them. Written without Node's
 * `NodeJS.ProcessEnv` so that the package's public types need no `@types/node` in the user's project.
 */
export type Environment = Readonly<Record<string, string | undefined>>;

/** The Steward home folder: `STEWARD_HOME`, else `~/.steward`. */
export function stewardHome(env: Environment = process.env): string {
  return resolve(env.STEWARD_HOME || join(homedir(), ".steward"));
}

/** Resolves every setting from the environment and the active profile. Throws CONFIG_INVALID on bad values. */
export function loadSettings(env: Environment = process.env): Settings {
  const home = stewardHome(env);
  const profiles = readProfiles(home);
  const profile = env.STEWARD_PROFILE || profiles.active;
  const fromProfile = profiles.profiles[profile] ?? {};
  const sources = {} as Record<SettingName, "env" | "profile" | "default" | "unset">;
  const raw = {} as Record<SettingName, string | undefined>;
  for (const name of Object.keys(SETTING_DEFINITIONS) as SettingName[]) {
    const envValue = env[name];
    if (envValue !== undefined && envValue !== "") {
      raw[name] = envValue;
      sources[name] = "env";
    } else if (fromProfile[name] !== undefined) {
      raw[name] = fromProfile[name];
      sources[name] = "profile";
    } else {
      raw[name] = SETTING_DEFINITIONS[name].default;
      sources[name] = raw[name] === undefined ? "unset" : "default";
    }
  }
  return Object.freeze({
    home,
    profile,
    apiUrl: raw.STEWARD_API_URL ? normaliseApiUrl(raw.STEWARD_API_URL) : null,
    databaseUrl: normaliseDatabaseUrl(raw.STEWARD_DATABASE_URL, home),
    serverHost: raw.STEWARD_SERVER_HOST ?? "127.0.0.1",
    serverPort: parseSetting("STEWARD_SERVER_PORT", Port, raw.STEWARD_SERVER_PORT),
    apiKey: raw.STEWARD_API_KEY ? parseSetting("STEWARD_API_KEY", ApiKey, raw.STEWARD_API_KEY) : null,
    serverApiKey: raw.STEWARD_SERVER_API_KEY
      ? parseSetting("STEWARD_SERVER_API_KEY", BootstrapKey, raw.STEWARD_SERVER_API_KEY)
      : null,
    serverAllowedHosts: parseSetting(
      "STEWARD_SERVER_ALLOWED_HOSTS",
      HostList,
      raw.STEWARD_SERVER_ALLOWED_HOSTS,
    ),
    serverAllowedOrigins: parseSetting(
      "STEWARD_SERVER_ALLOWED_ORIGINS",
      OriginList,
      raw.STEWARD_SERVER_ALLOWED_ORIGINS,
    ),
    serverTls: parseServerTls(raw.STEWARD_SERVER_TLS_CERT, raw.STEWARD_SERVER_TLS_KEY),
    serverUiEnabled: parseSetting("STEWARD_SERVER_UI", Switch, raw.STEWARD_SERVER_UI),
    loggingLevel: parseSetting("STEWARD_LOGGING_LEVEL", Level, raw.STEWARD_LOGGING_LEVEL?.toUpperCase()),
    logsBatchIntervalMs: parseSetting(
      "STEWARD_LOGS_BATCH_INTERVAL_MS",
      Interval,
      raw.STEWARD_LOGS_BATCH_INTERVAL_MS,
    ),
    taskStatesBatchIntervalMs: parseSetting(
      "STEWARD_TASK_STATES_BATCH_INTERVAL_MS",
      Interval,
      raw.STEWARD_TASK_STATES_BATCH_INTERVAL_MS,
    ),
    logsRetentionDays: parseSetting(
      "STEWARD_LOGS_RETENTION_DAYS",
      RetentionDays,
      raw.STEWARD_LOGS_RETENTION_DAYS,
    ),
    eventsRetentionDays: parseSetting(
      "STEWARD_EVENTS_RETENTION_DAYS",
      RetentionDays,
      raw.STEWARD_EVENTS_RETENTION_DAYS,
    ),
    auditRetentionDays: parseSetting(
      "STEWARD_AUDIT_RETENTION_DAYS",
      RetentionDays,
      raw.STEWARD_AUDIT_RETENTION_DAYS,
    ),
    flowRunHeartbeatSeconds: parseSetting(
      "STEWARD_FLOW_RUN_HEARTBEAT_SECONDS",
      Seconds,
      raw.STEWARD_FLOW_RUN_HEARTBEAT_SECONDS,
    ),
    zombieTimeoutSeconds: parseSetting(
      "STEWARD_SERVER_ZOMBIE_TIMEOUT_SECONDS",
      Seconds,
      raw.STEWARD_SERVER_ZOMBIE_TIMEOUT_SECONDS,
    ),
    claimTimeoutSeconds: parseSetting(
      "STEWARD_SERVER_CLAIM_TIMEOUT_SECONDS",
      Seconds,
      raw.STEWARD_SERVER_CLAIM_TIMEOUT_SECONDS,
    ),
    lateRunsAfterSeconds: parseSetting(
      "STEWARD_SERVER_LATE_RUNS_AFTER_SECONDS",
      Seconds,
      raw.STEWARD_SERVER_LATE_RUNS_AFTER_SECONDS,
    ),
    cancellingTimeoutSeconds: parseSetting(
      "STEWARD_SERVER_CANCELLING_TIMEOUT_SECONDS",
      Seconds,
      raw.STEWARD_SERVER_CANCELLING_TIMEOUT_SECONDS,
    ),
    servicesIntervalSeconds: parseSetting(
      "STEWARD_SERVER_SERVICES_INTERVAL_SECONDS",
      Seconds,
      raw.STEWARD_SERVER_SERVICES_INTERVAL_SECONDS,
    ),
    workerHeartbeatSeconds: parseSetting(
      "STEWARD_WORKER_HEARTBEAT_SECONDS",
      Seconds,
      raw.STEWARD_WORKER_HEARTBEAT_SECONDS,
    ),
    workerCancelGraceSeconds: parseSetting(
      "STEWARD_WORKER_CANCEL_GRACE_SECONDS",
      GraceSeconds,
      raw.STEWARD_WORKER_CANCEL_GRACE_SECONDS,
    ),
    workerShutdownGraceSeconds: parseSetting(
      "STEWARD_WORKER_SHUTDOWN_GRACE_SECONDS",
      GraceSeconds,
      raw.STEWARD_WORKER_SHUTDOWN_GRACE_SECONDS,
    ),
    workerWarmProcesses: parseSetting(
      "STEWARD_WORKER_WARM_PROCESSES",
      WarmProcessCount,
      raw.STEWARD_WORKER_WARM_PROCESSES,
    ),
    serverLimits: parseServerLimits(raw),
    requestLimits: parseRequestLimits(raw),
    sources: Object.freeze(sources),
  });
}

function parseServerLimits(raw: Record<SettingName, string | undefined>): ServerLimits {
  return parseGroup<ServerLimits>(raw, SERVER_LIMIT_FIELDS, SERVER_LIMIT_SCHEMAS);
}

function parseRequestLimits(raw: Record<SettingName, string | undefined>): RequestLimits {
  return parseGroup<RequestLimits>(raw, REQUEST_LIMIT_FIELDS, REQUEST_LIMIT_SCHEMAS);
}

/** A frozen group of numeric settings: each field from its variable (`fields`), parsed by its schema. */
function parseGroup<G extends object>(
  raw: Record<SettingName, string | undefined>,
  fields: Readonly<Partial<Record<SettingName, keyof G>>>,
  schemas: Readonly<Partial<Record<SettingName, z.ZodType<number>>>>,
): G {
  const group: Partial<Record<keyof G, number>> = {};
  for (const [name, field] of Object.entries(fields) as [SettingName, keyof G][]) {
    const schema = schemas[name];
    if (schema) group[field] = parseSetting(name, schema, raw[name]);
  }
  return Object.freeze(group) as G;
}

function parseSetting<T>(name: SettingName, schema: z.ZodType<T>, value: string | undefined): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new StewardError(
      "CONFIG_INVALID",
      `Setting ${name} has an invalid value ${JSON.stringify(value)}: ${parsed.error.issues[0]?.message}. Fix it with \`steward config set ${name}=…\` or in the environment.`,
    );
  }
  return parsed.data;
}

/**
 * The API of a `steward server start` on this machine with these settings: what management
 * commands (work pools, workers, deployments…) talk to when STEWARD_API_URL is not set.
 */
export function localApiUrl(
  settings: Pick<Settings, "serverHost" | "serverPort"> & { readonly serverTls?: ServerTlsSettings },
): string {
  const host = ["0.0.0.0", "::", ""].includes(settings.serverHost) ? "127.0.0.1" : settings.serverHost;
  return `${serverScheme(settings.serverTls)}://${host.includes(":") ? `[${host}]` : host}:${settings.serverPort}/api`;
}

/** `settings` with `apiUrl` defaulting to the local server's (see {@link localApiUrl}). */
export function withLocalApiDefault(settings: Settings): Settings {
  return settings.apiUrl ? settings : Object.freeze({ ...settings, apiUrl: localApiUrl(settings) });
}

/** Accepts `http://host:4200` or `http://host:4200/api` and returns the `/api` form without a trailing slash. */
export function normaliseApiUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StewardError(
      "CONFIG_INVALID",
      `STEWARD_API_URL ${JSON.stringify(url)} is not a URL; expected something like http://127.0.0.1:4200/api.`,
    );
  }
  const path = parsed.pathname.replace(/\/+$/, "");
  parsed.pathname = path.endsWith("/api") ? path : `${path}/api`;
  return parsed.toString().replace(/\/+$/, "");
}

function normaliseDatabaseUrl(url: string | undefined, home: string): string {
  if (!url) return `sqlite:${join(home, "steward.db")}`;
  if (/^postgres(ql)?:\/\//.test(url)) return url;
  const path = url.replace(/^sqlite:(\/\/)?/, "");
  return `sqlite:${path === ":memory:" ? path : resolve(path)}`;
}
