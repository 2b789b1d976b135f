import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { Db } from "../database.js";
import type { DialectOps } from "../dialect-ops.js";

/**
 * `flow_run` holds a concurrency slot: PENDING, RUNNING or CANCELLING (core's ACTIVE_STATE_TYPES),
 * spelled out to match the partial indexes of migration 0003 so the planner can use them.
 */
export const HOLDS_SLOT = sql<SqlBool>`flow_run.state_type in ('PENDING', 'RUNNING', 'CANCELLING')`;

/** Runs of the pool holding a slot, as a correlated subquery of a `work_pool` row. */
export const POOL_ACTIVE_SLOTS = sql<number>`(select count(*) from flow_run where flow_run.work_pool_id = work_pool.id and ${HOLDS_SLOT})`;

/** Runs of the queue holding a slot, as a correlated subquery of a `work_queue` row. */
export const QUEUE_ACTIVE_SLOTS = sql<number>`(select count(*) from flow_run where flow_run.work_queue_id = work_queue.id and ${HOLDS_SLOT})`;

/**
 * True unless the run waits for an in-process retry: its own process retries it, so a worker
 * must not start a second copy (Prefect's polling query skips these too).
 */
export function notInProcessRetry(ops: DialectOps): RawBuilder<SqlBool> {
  const retryType =
    ops.name === "postgres"
      ? sql`flow_run.empirical_policy ->> 'retry_type'`
      : sql`json_extract(flow_run.empirical_policy, '$.retry_type')`;
  return sql<SqlBool>`coalesce(${retryType}, '') <> 'in_process'`;
}

// Advisory-lock keys come in two spaces that never collide: single bigint keys (Kysely's
// migrator uses one) and (int, int) pairs. Steward's pool locks are pairs under this namespace.
const POOL_LOCK_NAMESPACE = 0x5354_5750; // "STWP"

/**
 * Serialises the claims of one pool until `trx` ends.
 *
 * Why: a claim counts the runs holding slots and then takes runs up to the limits. SKIP LOCKED
 * alone keeps two claims from taking the *same* run, but two claims counting at once would both
 * see the last free slot and both fill it. Holding this lock while counting and taking makes the
 * pool, queue and deployment limits exact. Claims of different pools do not wait for each other.
 * Every transaction that writes a pool's queues takes it first, so the lock order is always
 * pool lock → queue rows → run rows, and those transactions cannot deadlock with claims.
 *
 * SQLite needs nothing: its transactions already hold the database's write lock (BEGIN IMMEDIATE).
 */
export async function lockPool(ops: DialectOps, trx: Db, poolId: string): Promise<void> {
  if (ops.name !== "postgres") return;
  await sql`select pg_advisory_xact_lock(${POOL_LOCK_NAMESPACE}, hashtext(${poolId}))`.execute(trx);
}

/** How a PostgreSQL claim holds its pool's lock (see {@link lockPoolForClaim}). */
export interface PoolClaimLock {
  readonly poolId: string;
  /** True: the lock is shared, as no pool or queue limit was set when it was taken. */
  readonly shared: boolean;
}

/**
 * PostgreSQL: takes the pool's lock for a claim in one round trip, exclusive when the pool or one
 * of its queues has a concurrency limit (slot counts must be exact: see {@link lockPool}), shared
 * otherwise. Undefined when there is no such pool.
 *
 * Why shared: without limits there is nothing to count, and `FOR UPDATE SKIP LOCKED` alone keeps
 * two claims from taking one run, so claims of one pool need not wait for each other. The shared
 * lock still makes every writer of the pool's queues (which takes it exclusively) wait for claims
 * in flight, and them for it: a limit set meanwhile is seen by the next claim. The limits read
 * here may be older than the lock (read in the statement that waited for it), so a shared claim
 * reads them again after it and, finding one, starts over exclusively.
 */
export async function lockPoolForClaim(
  trx: Db,
  poolName: string,
  exclusive: boolean,
): Promise<PoolClaimLock | undefined> {
  const key = sql`${POOL_LOCK_NAMESPACE}, hashtext(p.id::text)`;
  const { rows } = await sql<{ id: string; shared: boolean; locked: number }>`
    select p.id, not l.exclusive as shared,
      case when l.exclusive then (select 1 from pg_advisory_xact_lock(${key}))
        else (select 1 from pg_advisory_xact_lock_shared(${key})) end as locked
    from work_pool p cross join lateral (
      select ${exclusive} or p.concurrency_limit is not null or exists (
        select 1 from work_queue q where q.work_pool_id = p.id and q.concurrency_limit is not null
      ) as exclusive
    ) l
    where p.name = ${poolName}`.execute(trx);
  const [row] = rows;
  return row === undefined ? undefined : { poolId: row.id, shared: row.shared };
}
