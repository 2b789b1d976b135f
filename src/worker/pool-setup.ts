import type { WorkPool } from "../api/work-pools.js";
import { isApiError, type StewardClient } from "../client/index.js";
import { StewardError } from "../core/errors.js";
import type { WorkerLog } from "./worker-log.js";

/** What a worker needs to know about its pool before it polls. */
export interface PoolSetupOptions {
  readonly client: StewardClient;
  readonly poolName: string;
  /** The worker's infrastructure type (`process`). */
  readonly type: string;
  readonly workQueues: readonly string[];
  readonly log: WorkerLog;
}

/**
 * Reads the worker's pool, creating it (with the type's default template) when it does not exist,
 * as Prefect's workers do; a concurrent create (409) is followed by a re-read. Creates named queues
 * that are missing, as deployments do. Warns about a paused pool or paused named queues.
 *
 * @throws StewardError UNKNOWN_WORKER_TYPE when the pool is of another type than the worker.
 */
export async function setUpPool(options: PoolSetupOptions): Promise<WorkPool> {
  const { log, poolName, type } = options;
  const pool = await readOrCreatePool(options);
  if (pool.type !== type) {
    throw new StewardError(
      "UNKNOWN_WORKER_TYPE",
      `Work pool '${poolName}' is of type '${pool.type}', but this is a '${type}' worker. Start a worker of type '${pool.type}', or use a '${type}' pool (\`steward work-pool create --type ${type} NAME\`).`,
    );
  }
  if (pool.is_paused) {
    log.warn(
      `Work pool '${poolName}' is paused: no runs will be claimed until it is resumed (\`steward work-pool resume ${poolName}\`).`,
    );
  }
  for (const queue of options.workQueues) await checkQueue(options, queue);
  return pool;
}

async function readOrCreatePool(options: PoolSetupOptions): Promise<WorkPool> {
  const { client, poolName, type, log } = options;
  try {
    return await client.call("readWorkPool", { params: { name: poolName } });
  } catch (error) {
    if (!isApiError(error, 404)) throw error;
  }
  try {
    const created = await client.call("createWorkPool", { body: { name: poolName, type } });
    log.info(`Work pool '${poolName}' did not exist; created it (type ${type}).`);
    return created;
  } catch (error) {
    if (isApiError(error, 403)) {
      throw new StewardError(
        "WORK_POOL_NOT_FOUND",
        `Work pool '${poolName}' does not exist, and this worker's API key may not create pools. Create it with a developer key: \`steward work-pool create ${poolName} --type ${type}\`.`,
        { cause: error },
      );
    }
    // Another worker created it first: use theirs.
    if (!isApiError(error, 409)) throw error;
    return client.call("readWorkPool", { params: { name: poolName } });
  }
}

async function checkQueue(options: PoolSetupOptions, queueName: string): Promise<void> {
  const { client, poolName, log } = options;
  try {
    const queue = await client.call("readWorkQueue", { params: { name: poolName, queue_name: queueName } });
    if (queue.is_paused) {
      log.warn(
        `Work queue '${queueName}' of pool '${poolName}' is paused: its runs wait until it is resumed (\`steward work-queue resume ${queueName} --pool ${poolName}\`).`,
      );
    }
    return;
  } catch (error) {
    if (!isApiError(error, 404)) throw error;
  }
  try {
    await client.call("createWorkQueue", { params: { name: poolName }, body: { name: queueName } });
    log.info(`Work queue '${queueName}' did not exist in pool '${poolName}'; created it.`);
  } catch (error) {
    if (!isApiError(error, 409)) throw error;
  }
}
