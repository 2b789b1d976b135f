import { StewardError } from "../../../core/errors.js";

/** The error for an unknown pool name, saying how to find or make one. */
export function poolNotFound(name: string): StewardError {
  return new StewardError(
    "WORK_POOL_NOT_FOUND",
    `Work pool "${name}" does not exist. \`steward work-pool ls\` lists the pools; create it with \`steward work-pool create --type process ${name}\`.`,
    { details: { work_pool_name: name } },
  );
}

/** The error for an unknown queue of a known pool. */
export function queueNotFound(poolName: string, name: string): StewardError {
  return new StewardError(
    "WORK_QUEUE_NOT_FOUND",
    `Work pool "${poolName}" has no queue named "${name}". \`steward work-queue ls --pool ${poolName}\` lists its queues.`,
    { details: { work_pool_name: poolName, work_queue_name: name } },
  );
}
