import { newId } from "../../../core/ids.js";
import type { WorkQueue, WorkQueueCreate, WorkQueueUpdate } from "../../../api/index.js";
import { StewardError } from "../../../core/errors.js";
import { toStoredBoolean } from "../codec.js";
import type { StoreContext } from "../context.js";
import type { Db, ReadinessStatus, WorkQueueTable } from "../database.js";
import { QUEUE_POLL_TIMEOUT_MS, workQueueFromRow } from "../mappers/work-queue.js";
import { lockPool, QUEUE_ACTIVE_SLOTS } from "../runs/claim-sql.js";
import type { Parsed } from "../types.js";
import type { Store } from "../store.js";
import { poolNotFound } from "./work-pool-errors.js";

/** Name of the queue every pool is created with. */
export const DEFAULT_QUEUE_NAME = "default";

/** Work queues of a pool: priorities kept unique and gap-aware, as Prefect keeps them. */
export function createWorkQueueRepo(ctx: StoreContext): Store["workQueues"] {
  const { db } = ctx;
  return {
    create: (poolName, input) => db.transaction().execute((trx) => insertQueue(ctx, trx, poolName, input)),

    async read(poolName, name) {
      const row = await selectQueueRows(db)
        .where("work_pool.name", "=", poolName)
        .where("work_queue.name", "=", name)
        .executeTakeFirst();
      return row && workQueueFromRow(row);
    },

    async update(poolName, name, patch) {
      const matched = await db.transaction().execute((trx) => updateQueue(ctx, trx, poolName, name, patch));
      if (matched && (patch.is_paused === false || patch.concurrency_limit !== undefined)) {
        ctx.notifyRunsChanged();
      }
      return matched;
    },

    delete: (poolName, name) => db.transaction().execute((trx) => deleteQueue(trx, poolName, name)),

    async list(poolName) {
      const pool = await db
        .selectFrom("work_pool")
        .select("id")
        .where("name", "=", poolName)
        .executeTakeFirst();
      if (pool === undefined) return undefined;
      const rows = await selectQueueRows(db)
        .where("work_queue.work_pool_id", "=", pool.id)
        .orderBy("work_queue.priority")
        .orderBy("work_queue.name")
        .execute();
      return rows.map(workQueueFromRow);
    },
  };
}

/** The base SELECT of queues in their API shape (pool name, `active_slots`). */
export function selectQueueRows(db: Db) {
  return db
    .selectFrom("work_queue")
    .innerJoin("work_pool", "work_pool.id", "work_queue.work_pool_id")
    .selectAll("work_queue")
    .select(["work_pool.name as work_pool_name", QUEUE_ACTIVE_SLOTS.as("active_slots")]);
}

/** Inserts a new pool's `default` queue (priority 1) and returns its id. */
export async function insertDefaultQueue(trx: Db, poolId: string, now: number): Promise<string> {
  const id = newId();
  await trx
    .insertInto("work_queue")
    .values(queueRow(id, poolId, { name: DEFAULT_QUEUE_NAME, is_paused: false }, 1, now))
    .execute();
  return id;
}

/**
 * The priority a queue created without one gets: the first unused integer from 1 (filling a gap
 * left by a deleted queue), else one past the highest.
 */
export function firstFreePriority(taken: readonly number[]): number {
  const used = new Set(taken);
  let priority = 1;
  while (used.has(priority)) priority++;
  return priority;
}

/** A queue and its priority, for reshuffles. */
export interface RankedQueue {
  readonly id: string;
  readonly priority: number;
}

/**
 * Prefect's reshuffle when `moved` takes an explicit priority: it goes in front of the first
 * other queue at or after that priority, then the list is walked so priorities strictly increase
 * with the fewest changes — colliding queues shift down by one, order kept, gaps elsewhere stay.
 * Returns the new priority of every queue that changes (including `moved`).
 */
export function reshuffledPriorities(
  queues: readonly RankedQueue[],
  moved: RankedQueue,
): Map<string, number> {
  const others = queues.filter((q) => q.id !== moved.id).sort((a, b) => a.priority - b.priority);
  const at = others.findIndex((q) => q.priority >= moved.priority);
  const ordered = at < 0 ? [...others, moved] : [...others.slice(0, at), moved, ...others.slice(at)];
  const before = new Map(queues.map((q) => [q.id, q.priority]));
  const changes = new Map<string, number>();
  let last = 0;
  for (const queue of ordered) {
    const priority = queue.priority <= last ? last + 1 : queue.priority;
    last = priority;
    if (before.get(queue.id) !== priority) changes.set(queue.id, priority);
  }
  return changes;
}

interface QueueFields {
  readonly name: string;
  readonly description?: string | null;
  readonly is_paused: boolean;
  readonly concurrency_limit?: number | null;
}

function queueRow(
  id: string,
  poolId: string,
  input: QueueFields,
  priority: number,
  now: number,
): WorkQueueTable {
  return {
    id,
    created: now,
    updated: now,
    work_pool_id: poolId,
    name: input.name,
    description: input.description ?? null,
    is_paused: toStoredBoolean(input.is_paused),
    concurrency_limit: input.concurrency_limit ?? null,
    priority,
    last_polled: null,
    status: input.is_paused ? "PAUSED" : "NOT_READY",
    status_updated: now,
  };
}

async function rankedQueues(trx: Db, poolId: string): Promise<RankedQueue[]> {
  return trx
    .selectFrom("work_queue")
    .select(["id", "priority"])
    .where("work_pool_id", "=", poolId)
    .orderBy("priority")
    .execute();
}

async function applyPriorities(trx: Db, changes: Map<string, number>, now: number): Promise<void> {
  for (const [id, priority] of changes) {
    await trx.updateTable("work_queue").set({ priority, updated: now }).where("id", "=", id).execute();
  }
}

async function poolIdOrThrow(ctx: StoreContext, trx: Db, poolName: string): Promise<string> {
  const pool = await trx.selectFrom("work_pool").select("id").where("name", "=", poolName).executeTakeFirst();
  if (pool === undefined) throw poolNotFound(poolName);
  await lockPool(ctx.ops, trx, pool.id);
  return pool.id;
}

function duplicateQueue(poolName: string, name: string): StewardError {
  return new StewardError(
    "CONFLICT",
    `Work pool "${poolName}" already has a queue named "${name}". Pick another name, or change that queue with \`steward work-queue update ${name} --pool ${poolName}\`.`,
    { details: { work_pool_name: poolName, work_queue_name: name } },
  );
}

async function insertQueue(
  ctx: StoreContext,
  trx: Db,
  poolName: string,
  input: Parsed<typeof WorkQueueCreate>,
): Promise<WorkQueue> {
  const poolId = await poolIdOrThrow(ctx, trx, poolName);
  const ranked = await rankedQueues(trx, poolId);
  const now = ctx.now();
  const id = newId();
  const priority = input.priority ?? firstFreePriority(ranked.map((q) => q.priority));
  const inserted = await trx
    .insertInto("work_queue")
    .values(queueRow(id, poolId, input, priority, now))
    .onConflict((oc) => oc.columns(["work_pool_id", "name"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (inserted === undefined) throw duplicateQueue(poolName, input.name);
  if (input.priority !== undefined) {
    const changes = reshuffledPriorities(ranked, { id, priority });
    changes.delete(id);
    await applyPriorities(trx, changes, now);
  }
  return workQueueFromRow(
    await selectQueueRows(trx).where("work_queue.id", "=", id).executeTakeFirstOrThrow(),
  );
}

async function updateQueue(
  ctx: StoreContext,
  trx: Db,
  poolName: string,
  name: string,
  patch: Parsed<typeof WorkQueueUpdate>,
): Promise<boolean> {
  const queue = await selectQueueRows(trx)
    .where("work_pool.name", "=", poolName)
    .where("work_queue.name", "=", name)
    .executeTakeFirst();
  if (queue === undefined) return false;
  await lockPool(ctx.ops, trx, queue.work_pool_id);
  if (patch.name !== undefined && patch.name !== name) {
    const clash = await trx
      .selectFrom("work_queue")
      .select("id")
      .where("work_pool_id", "=", queue.work_pool_id)
      .where("name", "=", patch.name)
      .executeTakeFirst();
    if (clash !== undefined) throw duplicateQueue(poolName, patch.name);
  }
  const now = ctx.now();
  const status = nextQueueStatus(queue, patch.is_paused, now);
  await trx
    .updateTable("work_queue")
    .set({
      updated: now,
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.description !== undefined && { description: patch.description }),
      ...(patch.is_paused !== undefined && { is_paused: toStoredBoolean(patch.is_paused) }),
      ...(patch.concurrency_limit !== undefined && { concurrency_limit: patch.concurrency_limit }),
      ...(status !== queue.status && { status, status_updated: now }),
    })
    .where("id", "=", queue.id)
    .execute();
  if (patch.priority !== undefined && patch.priority !== queue.priority) {
    const ranked = await rankedQueues(trx, queue.work_pool_id);
    await applyPriorities(trx, reshuffledPriorities(ranked, { id: queue.id, priority: patch.priority }), now);
  }
  return true;
}

/** Pausing → PAUSED; resuming → READY if polled within the last minute, else NOT_READY. */
function nextQueueStatus(
  queue: { status: ReadinessStatus; last_polled: number | null },
  isPaused: boolean | undefined,
  now: number,
): ReadinessStatus {
  if (isPaused === true) return "PAUSED";
  if (isPaused === false && queue.status === "PAUSED") {
    const fresh = queue.last_polled !== null && now - queue.last_polled <= QUEUE_POLL_TIMEOUT_MS;
    return fresh ? "READY" : "NOT_READY";
  }
  return queue.status;
}

async function deleteQueue(trx: Db, poolName: string, name: string): Promise<boolean> {
  const queue = await trx
    .selectFrom("work_queue")
    .innerJoin("work_pool", "work_pool.id", "work_queue.work_pool_id")
    .select(["work_queue.id as id", "work_pool.default_queue_id as default_queue_id"])
    .where("work_pool.name", "=", poolName)
    .where("work_queue.name", "=", name)
    .executeTakeFirst();
  if (queue === undefined) return false;
  if (queue.id === queue.default_queue_id) {
    throw new StewardError(
      "CONFLICT",
      `Queue "${name}" is the default queue of work pool "${poolName}" and cannot be deleted: deployments without a queue send their runs there. Pause it instead (\`steward work-queue pause ${name} --pool ${poolName}\`), or delete the whole pool.`,
      { details: { work_pool_name: poolName, work_queue_name: name } },
    );
  }
  // Runs keep their history and the queue's name, but no longer point at a row that is gone.
  await trx
    .updateTable("flow_run")
    .set({ work_queue_id: null })
    .where("work_queue_id", "=", queue.id)
    .execute();
  await trx.deleteFrom("work_queue").where("id", "=", queue.id).execute();
  return true;
}
