/**
 * @module Where a deployment's runs go: its work pool and one of the pool's queues. Pools and
 * queues are read through the work-pool store, so their rules (priorities, the default queue)
 * live in one place.
 */
import { WorkQueueCreate, type WorkPool, type WorkQueue } from "../../../api/index.js";
import { isStewardError, StewardError } from "../../../core/errors.js";
import type { Store } from "../store.js";

/** What routing needs from the rest of the store. */
export interface PoolAccess {
  readonly workPools: Pick<Store["workPools"], "read">;
  readonly workQueues: Pick<Store["workQueues"], "read" | "create" | "list">;
}

/** A resolved destination. */
export interface Routing {
  readonly pool: WorkPool;
  readonly queue: WorkQueue;
}

/**
 * The pool named `poolName`.
 * @throws StewardError WORK_POOL_NOT_FOUND, saying how to create it.
 */
export async function requirePool(access: PoolAccess, poolName: string, subject: string): Promise<WorkPool> {
  const pool = await access.workPools.read(poolName);
  if (pool !== undefined) return pool;
  throw new StewardError(
    "WORK_POOL_NOT_FOUND",
    `Work pool "${poolName}" does not exist. Create it with \`steward work-pool create --type process ${poolName}\`, or give ${subject} an existing pool (\`steward work-pool ls\` lists them).`,
    { details: { work_pool_name: poolName } },
  );
}

/** The pool's default queue (every pool has one). */
export async function defaultQueue(access: PoolAccess, pool: WorkPool): Promise<WorkQueue> {
  const queues = (await access.workQueues.list(pool.name)) ?? [];
  const queue = queues.find((q) => q.id === pool.default_queue_id) ?? queues[0];
  if (queue !== undefined) return queue;
  throw new StewardError(
    "WORK_QUEUE_NOT_FOUND",
    `Work pool "${pool.name}" has no queues. Create one with \`steward work-queue create default --pool ${pool.name}\`.`,
  );
}

/** The named queue of the pool, created (with the next free priority) when missing. */
async function ensureQueue(access: PoolAccess, pool: WorkPool, name: string): Promise<WorkQueue> {
  const existing = await access.workQueues.read(pool.name, name);
  if (existing !== undefined) return existing;
  try {
    return await access.workQueues.create(pool.name, WorkQueueCreate.parse({ name }));
  } catch (error) {
    // Another deployment created it meanwhile: use theirs.
    if (!isStewardError(error) || error.code !== "CONFLICT") throw error;
    const raced = await access.workQueues.read(pool.name, name);
    if (raced === undefined) throw error;
    return raced;
  }
}

/**
 * Where a new or updated deployment sends its runs: the pool named `poolName` and the queue
 * `queueName` in it (created when missing), or the pool's default queue.
 * @throws StewardError WORK_POOL_NOT_FOUND for an unknown pool.
 */
export async function resolveDeploymentRouting(
  access: PoolAccess,
  poolName: string,
  queueName: string | null | undefined,
  subject: string,
): Promise<Routing> {
  const pool = await requirePool(access, poolName, subject);
  const queue = queueName ? await ensureQueue(access, pool, queueName) : await defaultQueue(access, pool);
  return { pool, queue };
}

/**
 * Where one run of a deployment goes: the queue `override` (which must exist in the pool), else the
 * deployment's queue, else (when that queue was deleted) the pool's default queue.
 * @throws StewardError WORK_POOL_NOT_FOUND / WORK_QUEUE_NOT_FOUND.
 */
export async function resolveRunRouting(
  access: PoolAccess,
  deployment: { readonly work_pool_name: string; readonly work_queue_name: string | null },
  override: string | null | undefined,
  subject: string,
): Promise<Routing> {
  const pool = await requirePool(access, deployment.work_pool_name, subject);
  if (override) {
    const queue = await access.workQueues.read(pool.name, override);
    if (queue !== undefined) return { pool, queue };
    throw new StewardError(
      "WORK_QUEUE_NOT_FOUND",
      `Work pool "${pool.name}" has no queue named "${override}". Pick one of its queues (\`steward work-pool inspect ${pool.name}\`), or create it with \`steward work-queue create ${override} --pool ${pool.name}\`.`,
      { details: { work_pool_name: pool.name, work_queue_name: override } },
    );
  }
  const own = deployment.work_queue_name
    ? await access.workQueues.read(pool.name, deployment.work_queue_name)
    : undefined;
  return { pool, queue: own ?? (await defaultQueue(access, pool)) };
}
