import { type SqlBool, sql } from "kysely";
import type { ClaimFlowRuns, GetScheduledFlowRuns, WorkerFlowRunResponse } from "../../../api/index.js";
import { msOrNull, toStoredBoolean } from "../codec.js";
import type { StoreContext } from "../context.js";
import type { Db } from "../database.js";
import { flowRunFromRow } from "../mappers/flow-run.js";
import { selectFlowRunRows } from "../query/select-runs.js";
import type { Parsed } from "../types.js";
import type { Store } from "../store.js";
import { applyCatchup } from "../scheduler/catch-up.js";
import { markPolled } from "./claim-marks.js";
import { type Candidate, type ClaimScope, loadScope, selectRuns } from "./claim-select.js";
import { claimShared } from "./claim-shared.js";
import { lockPoolForClaim, notInProcessRetry } from "./claim-sql.js";
import { poolNotFound } from "../repos/work-pool-errors.js";
import { cancelNew, moveToPending } from "./claim-states.js";

/** Message of a run cancelled because its deployment's limit is full and says CANCEL_NEW. */
export { DEPLOYMENT_LIMIT_MESSAGE } from "./claim-states.js";

/**
 * Claims: one transaction per attempt. On SQLite the transaction holds the database's write lock
 * (BEGIN IMMEDIATE) from the start, so attempts run one after the other. On PostgreSQL each
 * attempt takes its pool's advisory lock (claims of one pool are serialised, so slot counts are
 * exact) and locks the runs it looks at `FOR UPDATE SKIP LOCKED` (so nothing else changes them
 * meanwhile). Runs move to PENDING through the same write path as set_state. `onChange` is the
 * store's notifier (runs/claim-notifier.ts), wired in by the store.
 */
export function createClaimRepo(
  ctx: StoreContext,
): Pick<Store["claims"], "claim" | "scheduled" | "nextDueTime"> {
  const { db } = ctx;
  return {
    claim: (poolName, request) =>
      ctx.ops.name === "postgres"
        ? claimOnPostgres(ctx, poolName, request)
        : db.transaction().execute((trx) => claimIn(ctx, trx, poolName, request)),
    scheduled: (poolName, request) =>
      db.transaction().execute((trx) => scheduledIn(ctx, trx, poolName, request)),
    nextDueTime: (poolName, queueNames) => nextDueTime(ctx, poolName, queueNames),
  };
}

/** Rolls back a claim under the shared pool lock that needs the exclusive one (claim-shared.ts). */
class NeedsExclusiveLock extends Error {}

/**
 * PostgreSQL: a claim under the pool's shared lock when the pool has no limits (claims of the pool
 * then run side by side), else — or when that claim finds it needs it after all — under the
 * exclusive lock, with the general walk.
 */
async function claimOnPostgres(
  ctx: StoreContext,
  poolName: string,
  request: Parsed<typeof ClaimFlowRuns>,
): Promise<WorkerFlowRunResponse[]> {
  const attempt = (exclusive: boolean) =>
    ctx.db.transaction().execute(async (trx) => {
      const lock = await lockPoolForClaim(trx, poolName, exclusive);
      if (lock === undefined) throw poolNotFound(poolName);
      if (!lock.shared) return claimIn(ctx, trx, poolName, request, { poolLocked: true });
      const taken = await claimShared(ctx, trx, { poolId: lock.poolId, poolName, request });
      if (taken === undefined) throw new NeedsExclusiveLock();
      return taken;
    });
  try {
    return await attempt(false);
  } catch (error) {
    if (!(error instanceof NeedsExclusiveLock)) throw error;
    return attempt(true);
  }
}

async function claimIn(
  ctx: StoreContext,
  trx: Db,
  poolName: string,
  request: Parsed<typeof ClaimFlowRuns>,
  options: { readonly poolLocked?: boolean } = {},
): Promise<WorkerFlowRunResponse[]> {
  const now = ctx.now();
  const scope = await loadScope(ctx, trx, poolName, request.work_queue_names, !options.poolLocked);
  await markPolled(
    trx,
    scope.queues.map((queue) => queue.id),
    now,
    ctx.ops.name,
  );
  // Late auto-scheduled runs go first through their deployment's catch-up policy (run_latest,
  // skip), so the selection below only sees the ones the policy leaves to run.
  if (!scope.pool.isPaused) {
    const queueIds = scope.queues.filter((queue) => !queue.isPaused).map((queue) => queue.id);
    await applyCatchup(ctx, trx, { queueIds }, now);
  }
  const selection = {
    before: now + request.prefetch_seconds * 1000,
    after: null,
    limit: request.limit,
    lock: true,
  };
  const taken = await selectRuns(ctx, trx, scope, selection, {
    take: (run) => moveToPending(ctx, trx, run, request.worker_name),
    cancel: (run) => cancelNew(ctx, trx, run),
  });
  return responses(ctx, trx, scope, taken);
}

async function scheduledIn(
  ctx: StoreContext,
  trx: Db,
  poolName: string,
  request: Parsed<typeof GetScheduledFlowRuns>,
): Promise<WorkerFlowRunResponse[]> {
  const scope = await loadScope(ctx, trx, poolName, request.work_queue_names, false);
  await markPolled(
    trx,
    scope.queues.map((queue) => queue.id),
    ctx.now(),
    ctx.ops.name,
  );
  const selection = {
    before: msOrNull(request.scheduled_before),
    after: msOrNull(request.scheduled_after),
    limit: request.limit,
    lock: false,
  };
  // Prefect's poll changes no run: the worker claims each one with set_state(PENDING) afterwards.
  const taken = await selectRuns(ctx, trx, scope, selection, {
    take: async () => true,
    cancel: async () => {},
  });
  return responses(ctx, trx, scope, taken);
}

async function responses(
  ctx: StoreContext,
  trx: Db,
  scope: ClaimScope,
  taken: readonly Candidate[],
): Promise<WorkerFlowRunResponse[]> {
  if (taken.length === 0) return [];
  const rows = await selectFlowRunRows(trx)
    .where(
      "flow_run.id",
      "in",
      taken.map((run) => run.id),
    )
    .execute();
  const now = ctx.now();
  const byId = new Map(rows.map((row) => [row.id, flowRunFromRow(row, now)]));
  return taken.flatMap((run) => {
    const flowRun = byId.get(run.id);
    return flowRun === undefined
      ? []
      : [{ work_pool_id: scope.pool.id, work_queue_id: run.work_queue_id, flow_run: flowRun }];
  });
}

/** Earliest scheduled time among runs a claim on these queues could take once due (ms), or null. */
async function nextDueTime(
  ctx: StoreContext,
  poolName: string,
  queueNames: readonly string[] | undefined,
): Promise<number | null> {
  let q = ctx.db
    .selectFrom("flow_run")
    .innerJoin("work_queue", "work_queue.id", "flow_run.work_queue_id")
    .innerJoin("work_pool", "work_pool.id", "work_queue.work_pool_id")
    .select(sql<number | null>`min(flow_run.next_scheduled_start_time)`.as("due"))
    .where("work_pool.name", "=", poolName)
    .where("work_pool.is_paused", "=", toStoredBoolean(false))
    .where("work_queue.is_paused", "=", toStoredBoolean(false))
    .where("flow_run.state_type", "=", "SCHEDULED")
    .where(notInProcessRetry(ctx.ops));
  if (queueNames !== undefined && queueNames.length > 0) {
    q = q.where(sql<SqlBool>`work_queue.name in (${sql.join([...queueNames])})`);
  }
  const row = await q.executeTakeFirst();
  return row?.due === null || row?.due === undefined ? null : Number(row.due);
}
