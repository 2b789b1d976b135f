import { type Kysely, sql } from "kysely";
import { StewardError } from "../../core/errors.js";
import type { StoreContext } from "./context.js";
import type { Database } from "./database.js";
import type { DialectOps } from "./dialect-ops.js";
import { translateDatabaseError, withErrorTranslation } from "./errors.js";
import { createAutomationEngineStore } from "./automations/engine-store.js";
import { createEventRepo } from "./events/repo.js";
import { DEFAULT_STORE_LIMITS, type StoreLimits } from "./limits.js";
import { databaseSizeBytes } from "./database-size.js";
import { migrate } from "./migrations/index.js";
import { connectPostgres, redact } from "./postgres/connect.js";
import { postgresOps } from "./postgres/ops.js";
import { createAutomationRepo } from "./repos/automations.js";
import { createDeploymentRepo } from "./repos/deployments.js";
import { createFlowRunRepo } from "./repos/flow-runs.js";
import { createFlowRepo } from "./repos/flows.js";
import { createLogRepo } from "./repos/logs.js";
import { createTaskRunRepo } from "./repos/task-runs.js";
import { createWebhookRepo } from "./repos/webhooks.js";
import { createApiKeyRepo } from "./repos/api-keys.js";
import { createAuditRepo } from "./repos/audit.js";
import { createSessionRepo } from "./repos/sessions.js";
import { createUserRepo } from "./repos/users.js";
import { createRunKeyRepo } from "./repos/run-keys.js";
import { createWorkPoolRepo } from "./repos/work-pools.js";
import { createWorkQueueRepo } from "./repos/work-queues.js";
import { createWorkerRepo } from "./repos/workers.js";
import { localNotifier, postgresNotifier, type RunsNotifier } from "./runs/claim-notifier.js";
import { notifyingFlowRuns } from "./runs/claim-notify.js";
import { createDeploymentClaimRepo } from "./runs/claim-for-deployments.js";
import { createClaimRepo } from "./runs/claim-repo.js";
import { flowRunGraph } from "./runs/graph.js";
import { flowRunHistory } from "./runs/history.js";
import { createMaintenanceRepo } from "./runs/maintenance.js";
import { createSchedulerRepo, DeploymentSignal } from "./scheduler/index.js";
import { connectSqlite } from "./sqlite/connect.js";
import { sqliteOps } from "./sqlite/ops.js";
import type { Store } from "./store.js";

export { MIGRATION_NAMES } from "./migrations/index.js";
export type { FlowRunCreateExtras, Parsed, SetStateOutcome, Store, Upserted } from "./store.js";
export { DEFAULT_STORE_LIMITS, LIMIT_SETTING, type StoreLimits } from "./limits.js";
export type { TopUpOptions, TopUpResult } from "./scheduler/index.js";

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** PostgreSQL only: work in this schema (created when missing) instead of `public`. */
  readonly schema?: string;
  /** Clock in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
  /** Bounds on schedules and scheduled runs (each unset one keeps its default). */
  readonly limits?: Partial<StoreLimits>;
}

/**
 * Opens the database named by `databaseUrl` (`sqlite:/abs/path`, `sqlite::memory:` or
 * `postgres://…`), brings its schema up to date, and returns the {@link Store} on it.
 *
 * Open one store per database per process: SQLite writes are serialised on the store's single
 * connection, and a second connection in the same process would wait for the first
 * synchronously (better-sqlite3 blocks the thread), so it could only time out. Other processes
 * are fine: they wait for the write lock (busy timeout 5 s) and then proceed.
 *
 * @throws StewardError CONFIG_INVALID for an unsupported URL, SERVICE_UNAVAILABLE when the
 *   database cannot be reached or a migration fails.
 * @example
 * const store = await openStore("sqlite:/home/ada/.steward/steward.db");
 */
export async function openStore(databaseUrl: string, options: OpenStoreOptions = {}): Promise<Store> {
  const { db, ops, schema } = await connect(databaseUrl, options);
  try {
    await migrate(db as unknown as Kysely<unknown>, { schema });
  } catch (error) {
    await db.destroy();
    throw translateDatabaseError(ops, error);
  }
  let notifier: RunsNotifier;
  try {
    notifier =
      ops.name === "postgres"
        ? await postgresNotifier({ url: databaseUrl, schema: schema ?? "public", db })
        : localNotifier();
  } catch (error) {
    await db.destroy();
    throw translateDatabaseError(ops, error);
  }
  const ctx = {
    db,
    ops,
    now: options.now ?? Date.now,
    notifyRunsChanged: () => notifier.notify(),
    limits: { ...DEFAULT_STORE_LIMITS, ...options.limits },
  };
  return createStore(ctx, notifier);
}

async function connect(
  databaseUrl: string,
  options: OpenStoreOptions,
): Promise<{ db: Kysely<Database>; ops: DialectOps; schema?: string }> {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    const db = await connectPostgres(databaseUrl, options.schema);
    try {
      await sql`select 1`.execute(db);
    } catch (error) {
      await db.destroy();
      const reason = error instanceof Error ? error.message : String(error);
      throw new StewardError(
        "SERVICE_UNAVAILABLE",
        `Cannot connect to PostgreSQL at ${redact(databaseUrl)}: ${reason}. Check that it is running and that STEWARD_DATABASE_URL is right.`,
        { cause: error },
      );
    }
    return { db, ops: postgresOps, schema: options.schema ?? "public" };
  }
  if (databaseUrl.startsWith("sqlite:")) {
    // Accept sqlite:/abs, sqlite:///abs and sqlite::memory:.
    const path = databaseUrl.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
    return { db: connectSqlite(path), ops: sqliteOps };
  }
  throw new StewardError(
    "CONFIG_INVALID",
    `Unsupported database URL ${JSON.stringify(redact(databaseUrl))}: use sqlite:/absolute/path.db, sqlite::memory: or postgres://user@host:5432/database.`,
  );
}

/** The store over an open, migrated database. */
function createStore(ctx: StoreContext, notifier: RunsNotifier): Store {
  const { db, ops } = ctx;
  const guard = <T extends object>(repo: T): T => withErrorTranslation(ops, repo);
  let closed: Promise<void> | undefined;
  const flowRuns = notifyingFlowRuns(
    guard({
      ...createFlowRunRepo(ctx),
      history: (request) => flowRunHistory(ctx, request),
      graph: (id) => flowRunGraph(ctx, id),
    }),
    ctx.notifyRunsChanged,
  );
  const deploymentChanged = new DeploymentSignal();
  const store: Store = {
    dialect: ops.name,
    flows: guard(createFlowRepo(ctx)),
    flowRuns,
    taskRuns: guard(createTaskRunRepo(ctx)),
    logs: guard(createLogRepo(ctx)),
    workPools: guard(createWorkPoolRepo(ctx)),
    workQueues: guard(createWorkQueueRepo(ctx)),
    workers: guard(createWorkerRepo(ctx)),
    // onChange is synchronous: it stays outside the error translation, which makes calls async.
    claims: {
      ...guard(createClaimRepo(ctx)),
      ...guard(createDeploymentClaimRepo(ctx)),
      onChange: (listener) => notifier.subscribe(listener),
    },
    maintenance: guard(createMaintenanceRepo(ctx)),
    // onDeploymentChanged is synchronous too.
    scheduler: {
      ...guard(createSchedulerRepo(ctx, deploymentChanged)),
      onDeploymentChanged: (listener) => deploymentChanged.subscribe(listener),
    },
    // Read through getters: the deployment repo routes runs into pools and queues of this store.
    deployments: guard(
      createDeploymentRepo(ctx, {
        flowRuns,
        deploymentChanged: (id) => deploymentChanged.emit(id),
        get workPools() {
          return store.workPools;
        },
        get workQueues() {
          return store.workQueues;
        },
      }),
    ),
    // Each keeps its synchronous subscribe functions outside the error translation.
    events: createEventRepo(ctx, { onRunsChanged: (listener) => notifier.subscribe(listener) }),
    webhooks: guard(createWebhookRepo(ctx)),
    apiKeys: guard(createApiKeyRepo(ctx)),
    sessions: guard(createSessionRepo(ctx)),
    users: guard(createUserRepo(ctx)),
    runKeys: guard(createRunKeyRepo(ctx)),
    audit: guard(createAuditRepo(ctx)),
    automations: createAutomationRepo(ctx),
    automationEngine: createAutomationEngineStore(ctx),
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    sizeBytes: () => databaseSizeBytes(ctx),
    close() {
      closed ??= notifier.close().then(() => db.destroy());
      return closed;
    },
  };
  return store;
}
