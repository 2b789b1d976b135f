import { type SqlBool, sql } from "kysely";
import { fromStoredBoolean } from "../codec.js";
import type { StoreContext } from "../context.js";
import type { Db, StoredBoolean } from "../database.js";
import { poolNotFound, queueNotFound } from "../repos/work-pool-errors.js";
import { DeploymentSlots } from "./claim-deployments.js";
import { HOLDS_SLOT, lockPool, notInProcessRetry } from "./claim-sql.js";

/** The pool a claim or poll works on, and the queues it polls (by priority). */
export interface ClaimScope {
  readonly pool: {
    readonly id: string;
    readonly name: string;
    readonly isPaused: boolean;
    readonly limit: number | null;
  };
  readonly queues: readonly {
    readonly id: string;
    readonly isPaused: boolean;
    readonly limit: number | null;
  }[];
}

/** A due SCHEDULED run that a claim may take. */
export interface Candidate {
  readonly id: string;
  readonly work_queue_id: string;
  readonly deployment_id: string | null;
  readonly next_scheduled_start_time: number;
}

/** Which runs are eligible. */
export interface Selection {
  /** Due at or before (epoch ms); null: no upper bound. */
  readonly before: number | null;
  /** Due at or after (epoch ms); null: no lower bound. */
  readonly after: number | null;
  readonly limit: number;
  /** Lock candidates `FOR UPDATE SKIP LOCKED` (PostgreSQL) — claims do, polls do not. */
  readonly lock: boolean;
}

/** What happens to each candidate; `take` answers false when the run could not be taken. */
export interface CandidateActions {
  take(run: Candidate): Promise<boolean>;
  /** The run's deployment is full and says CANCEL_NEW. */
  cancel(run: Candidate): Promise<void>;
}

/**
 * Reads the pool and the polled queues (all, or those named); on PostgreSQL also takes the pool
 * lock (see `lockPool`) before reading the queues, so their limits cannot change under the claim.
 * @throws WORK_POOL_NOT_FOUND, WORK_QUEUE_NOT_FOUND for a named queue the pool does not have.
 */
export async function loadScope(
  ctx: StoreContext,
  trx: Db,
  poolName: string,
  queueNames: readonly string[] | undefined,
  lock: boolean,
): Promise<ClaimScope> {
  const pool = await trx
    .selectFrom("work_pool")
    .select(["id", "name", "is_paused", "concurrency_limit"])
    .where("name", "=", poolName)
    .executeTakeFirst();
  if (pool === undefined) throw poolNotFound(poolName);
  if (lock) await lockPool(ctx.ops, trx, pool.id);
  const rows = await trx
    .selectFrom("work_queue")
    .select(["id", "name", "is_paused", "concurrency_limit"])
    .where("work_pool_id", "=", pool.id)
    .orderBy("priority")
    .orderBy("name")
    .execute();
  const wanted = queueNames !== undefined && queueNames.length > 0 ? new Set(queueNames) : undefined;
  if (wanted !== undefined) {
    const missing = [...wanted].find((name) => !rows.some((row) => row.name === name));
    if (missing !== undefined) throw queueNotFound(poolName, missing);
  }
  return {
    pool: { id: pool.id, name: pool.name, isPaused: paused(pool.is_paused), limit: pool.concurrency_limit },
    queues: rows
      .filter((row) => wanted === undefined || wanted.has(row.name))
      .map((row) => ({ id: row.id, isPaused: paused(row.is_paused), limit: row.concurrency_limit })),
  };
}

const paused = (value: StoredBoolean) => fromStoredBoolean(value);

/**
 * Walks the polled queues by priority and, in each, the due runs by scheduled time then id,
 * handing each to `actions` while the pool, queue, deployment and request limits leave room.
 * Returns the runs taken, in order. Runs of a full deployment are skipped (they wait for a slot)
 * or cancelled (CANCEL_NEW); skipping never blocks the runs behind them.
 */
export async function selectRuns(
  ctx: StoreContext,
  trx: Db,
  scope: ClaimScope,
  selection: Selection,
  actions: CandidateActions,
): Promise<Candidate[]> {
  if (scope.pool.isPaused) return [];
  const active = await activeSlots(trx, scope);
  let remaining = Math.min(selection.limit, free(scope.pool.limit, active.pool));
  const walk: Walk = { ctx, trx, selection, actions, deployments: new DeploymentSlots(trx) };
  const taken: Candidate[] = [];
  for (const queue of scope.queues) {
    if (remaining <= 0) break;
    if (queue.isPaused) continue;
    const room = Math.min(remaining, free(queue.limit, active.queues.get(queue.id) ?? 0));
    const fromQueue = await takeFromQueue(walk, queue.id, room);
    taken.push(...fromQueue);
    remaining -= fromQueue.length;
  }
  return taken;
}

/** What stays the same while one claim walks its queues. */
interface Walk {
  readonly ctx: StoreContext;
  readonly trx: Db;
  readonly selection: Selection;
  readonly actions: CandidateActions;
  readonly deployments: DeploymentSlots;
}

function free(limit: number | null, active: number): number {
  return limit === null ? Number.POSITIVE_INFINITY : Math.max(0, limit - active);
}

/** Up to `room` runs of one queue, paging past the runs of full deployments. */
async function takeFromQueue(walk: Walk, queueId: string, room: number): Promise<Candidate[]> {
  const { deployments, actions } = walk;
  const taken: Candidate[] = [];
  const full = new Set<string>();
  let cursor: Candidate | undefined;
  while (taken.length < room) {
    const want = room - taken.length;
    const page = await candidates(walk, queueId, { after: cursor, full, limit: want });
    await deployments.load(page.map((run) => run.deployment_id));
    for (const run of page) {
      cursor = run;
      if (taken.length >= room) break;
      const verdict = deployments.verdict(run.deployment_id);
      if (verdict === "skip" && run.deployment_id !== null) full.add(run.deployment_id);
      if (verdict === "cancel") await actions.cancel(run);
      if (verdict !== "take" || !(await actions.take(run))) continue;
      deployments.taken(run.deployment_id);
      taken.push(run);
    }
    if (page.length < want) break;
  }
  return taken;
}

interface Page {
  /** Keyset cursor: only runs after this one (by scheduled time, then id). */
  readonly after: Candidate | undefined;
  /** Deployments known to be full: their runs are not fetched again. */
  readonly full: ReadonlySet<string>;
  readonly limit: number;
}

async function candidates({ ctx, trx, selection }: Walk, queueId: string, page: Page): Promise<Candidate[]> {
  let q = trx
    .selectFrom("flow_run")
    .select(["id", "work_queue_id", "deployment_id", "next_scheduled_start_time"])
    .where("work_queue_id", "=", queueId)
    .where("state_type", "=", "SCHEDULED")
    .where("next_scheduled_start_time", "is not", null)
    .where(notInProcessRetry(ctx.ops));
  if (selection.before !== null) q = q.where("next_scheduled_start_time", "<=", selection.before);
  if (selection.after !== null) q = q.where("next_scheduled_start_time", ">=", selection.after);
  if (page.after !== undefined) q = q.where(after(page.after));
  if (page.full.size > 0) {
    const full = [...page.full];
    q = q.where(sql<SqlBool>`(deployment_id is null or deployment_id not in (${sql.join(full)}))`);
  }
  q = q.orderBy("next_scheduled_start_time").orderBy("id").limit(page.limit);
  // Skipped rather than waited for: a row locked by another transaction is being changed
  // (claimed, cancelled) right now, and waiting would only serialise claims on one row.
  if (selection.lock && ctx.ops.name === "postgres") q = q.forUpdate().skipLocked();
  const rows = await q.execute();
  return rows as Candidate[];
}

function after(run: Candidate) {
  const time = run.next_scheduled_start_time;
  return sql<SqlBool>`(next_scheduled_start_time > ${time} or (next_scheduled_start_time = ${time} and id > ${run.id}))`;
}

/** Runs holding a slot in the pool, and per queue; skipped when no limit could use them. */
async function activeSlots(
  trx: Db,
  scope: ClaimScope,
): Promise<{ pool: number; queues: Map<string, number> }> {
  const queues = new Map<string, number>();
  const limited = scope.pool.limit !== null || scope.queues.some((queue) => queue.limit !== null);
  if (!limited) return { pool: 0, queues };
  const rows = await trx
    .selectFrom("flow_run")
    .select(["work_queue_id", sql<number>`count(*)`.as("active")])
    .where("work_pool_id", "=", scope.pool.id)
    .where(HOLDS_SLOT)
    .groupBy("work_queue_id")
    .execute();
  let pool = 0;
  for (const row of rows) {
    pool += Number(row.active);
    if (row.work_queue_id !== null) queues.set(row.work_queue_id, Number(row.active));
  }
  return { pool, queues };
}
