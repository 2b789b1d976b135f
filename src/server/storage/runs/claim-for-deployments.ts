/**
 * @module Claims by deployment, for `serve`: a runner serves a few deployments (usually without a
 * work pool) and claims their due runs directly, with the same guarantees as a worker's pool claim
 * — one transaction, SCHEDULED → PENDING through the set_state write path, due time order, the
 * deployments' concurrency limits, exactly once under concurrent claims.
 */
import { type SqlBool, sql } from "kysely";
import type { ClaimDeploymentFlowRuns, FlowRun, GetDeploymentScheduledFlowRuns } from "../../../api/index.js";
import { msOrNull } from "../codec.js";
import type { StoreContext } from "../context.js";
import type { Db } from "../database.js";
import { flowRunFromRow } from "../mappers/flow-run.js";
import { selectFlowRunRows } from "../query/select-runs.js";
import type { Parsed } from "../types.js";
import type { Store } from "../store.js";
import { DeploymentSlots, HAS_DEPLOYMENTS } from "./claim-deployments.js";
import { notInProcessRetry } from "./claim-sql.js";
import { cancelNew, moveToPending } from "./claim-states.js";
import { applyCatchup } from "../scheduler/catch-up.js";

/** The claim methods by deployment that the store adds to `claims`. */
export type DeploymentClaims = Pick<
  Store["claims"],
  "claimForDeployments" | "scheduledForDeployments" | "nextDueTimeForDeployments"
>;

/** A due SCHEDULED run of a served deployment. */
interface Candidate {
  readonly id: string;
  readonly deployment_id: string | null;
  readonly next_scheduled_start_time: number;
}

/** Creates the by-deployment claim methods over `ctx`. */
export function createDeploymentClaimRepo(ctx: StoreContext): DeploymentClaims {
  const { db } = ctx;
  return {
    claimForDeployments: (request) => db.transaction().execute((trx) => claimIn(ctx, trx, request)),
    scheduledForDeployments: (request) => db.transaction().execute((trx) => scheduledIn(ctx, trx, request)),
    nextDueTimeForDeployments: (ids) => nextDueTime(ctx, ids),
  };
}

async function claimIn(
  ctx: StoreContext,
  trx: Db,
  request: Parsed<typeof ClaimDeploymentFlowRuns>,
): Promise<FlowRun[]> {
  const ids = [...new Set(request.deployment_ids)].sort();
  const now = ctx.now();
  // Rows first, then the locks on runs: the same order as the pool claim (see claim-marks.ts).
  await markDeploymentsPolled(trx, ids, now);
  await lockDeployments(ctx, trx, ids);
  await applyCatchup(ctx, trx, { deploymentIds: ids }, now);
  const slots = new DeploymentSlots(trx);
  await slots.load(ids);
  const full = new Set<string>();
  const taken: Candidate[] = [];
  let cursor: Candidate | undefined;
  while (taken.length < request.limit) {
    const want = request.limit - taken.length;
    const before = now + request.prefetch_seconds * 1000;
    const page = await candidates(ctx, trx, {
      ids,
      before,
      after: null,
      cursor,
      full,
      limit: want,
      lock: true,
    });
    for (const run of page) {
      cursor = run;
      const verdict = slots.verdict(run.deployment_id);
      if (verdict === "skip" && run.deployment_id !== null) full.add(run.deployment_id);
      if (verdict === "cancel") await cancelNew(ctx, trx, run);
      if (verdict !== "take" || !(await moveToPending(ctx, trx, run, request.runner_name))) continue;
      slots.taken(run.deployment_id);
      taken.push(run);
      if (taken.length >= request.limit) break;
    }
    if (page.length < want) break;
  }
  return readRuns(ctx, trx, taken);
}

async function scheduledIn(
  ctx: StoreContext,
  trx: Db,
  request: Parsed<typeof GetDeploymentScheduledFlowRuns>,
): Promise<FlowRun[]> {
  const ids = [...new Set(request.deployment_ids)];
  await markDeploymentsPolled(trx, ids, ctx.now());
  const page = await candidates(ctx, trx, {
    ids,
    before: msOrNull(request.scheduled_before),
    after: null,
    cursor: undefined,
    full: new Set(),
    limit: request.limit,
    lock: false,
  });
  return readRuns(ctx, trx, page);
}

interface Query {
  readonly ids: readonly string[];
  readonly before: number | null;
  readonly after: number | null;
  /** Keyset cursor: only runs after this one (by scheduled time, then id). */
  readonly cursor: Candidate | undefined;
  /** Deployments known to be full: their runs are not fetched again. */
  readonly full: ReadonlySet<string>;
  readonly limit: number;
  readonly lock: boolean;
}

async function candidates(ctx: StoreContext, trx: Db, query: Query): Promise<Candidate[]> {
  const ids = query.ids.filter((id) => !query.full.has(id));
  if (ids.length === 0) return [];
  let q = trx
    .selectFrom("flow_run")
    .select(["id", "deployment_id", "next_scheduled_start_time"])
    .where("deployment_id", "in", ids)
    .where("state_type", "=", "SCHEDULED")
    .where("next_scheduled_start_time", "is not", null)
    .where(notInProcessRetry(ctx.ops));
  if (query.before !== null) q = q.where("next_scheduled_start_time", "<=", query.before);
  if (query.after !== null) q = q.where("next_scheduled_start_time", ">=", query.after);
  const cursor = query.cursor;
  if (cursor !== undefined) {
    const time = cursor.next_scheduled_start_time;
    q = q.where(
      sql<SqlBool>`(next_scheduled_start_time > ${time} or (next_scheduled_start_time = ${time} and id > ${cursor.id}))`,
    );
  }
  q = q.orderBy("next_scheduled_start_time").orderBy("id").limit(query.limit);
  // A row another claim has locked is being taken right now: skip it rather than wait for it.
  if (query.lock && ctx.ops.name === "postgres") q = q.forUpdate().skipLocked();
  const rows = await q.execute();
  return rows.map((row) => ({ ...row, next_scheduled_start_time: Number(row.next_scheduled_start_time) }));
}

// Distinct from the pool locks' namespace ("STWP"), so a deployment never waits for a pool.
const DEPLOYMENT_LOCK_NAMESPACE = 0x5354_5744; // "STWD"

/**
 * Serialises claims of the same deployments on PostgreSQL (SQLite's write lock already does), so
 * two runners counting a deployment's slots at once cannot both fill its last one. Locks are taken
 * in sorted id order, so two claims over overlapping sets cannot deadlock.
 */
async function lockDeployments(ctx: StoreContext, trx: Db, sortedIds: readonly string[]): Promise<void> {
  if (ctx.ops.name !== "postgres") return;
  for (const id of sortedIds) {
    await sql`select pg_advisory_xact_lock(${DEPLOYMENT_LOCK_NAMESPACE}, hashtext(${id}))`.execute(trx);
  }
}

/** The served deployments were polled now: READY, with `last_polled` (as a worker's poll does). */
async function markDeploymentsPolled(trx: Db, ids: readonly string[], now: number): Promise<void> {
  if (!HAS_DEPLOYMENTS || ids.length === 0) return;
  await trx
    .updateTable("deployment")
    .set({
      last_polled: now,
      status_updated: sql<number>`case when status = 'READY' then status_updated else ${now} end`,
      status: "READY",
    })
    .where("id", "in", [...ids])
    .execute();
}

async function readRuns(ctx: StoreContext, trx: Db, runs: readonly Candidate[]): Promise<FlowRun[]> {
  if (runs.length === 0) return [];
  const rows = await selectFlowRunRows(trx)
    .where(
      "flow_run.id",
      "in",
      runs.map((run) => run.id),
    )
    .execute();
  const now = ctx.now();
  const byId = new Map(rows.map((row) => [row.id, flowRunFromRow(row, now)]));
  return runs.flatMap((run) => byId.get(run.id) ?? []);
}

/** Earliest scheduled time among SCHEDULED runs of the deployments (ms), or null. */
async function nextDueTime(ctx: StoreContext, ids: readonly string[]): Promise<number | null> {
  if (ids.length === 0) return null;
  const row = await ctx.db
    .selectFrom("flow_run")
    .select(sql<number | null>`min(flow_run.next_scheduled_start_time)`.as("due"))
    .where("deployment_id", "in", [...ids])
    .where("state_type", "=", "SCHEDULED")
    .where(notInProcessRetry(ctx.ops))
    .executeTakeFirst();
  return row?.due === null || row?.due === undefined ? null : Number(row.due);
}
