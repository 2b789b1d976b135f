/** @module Handlers of the `/work_pools/{name}/queues` routes. */
import type { RouteHandlers } from "../http/route-types.js";
import { poolNotFound, queueNotFound } from "../storage/repos/work-pool-errors.js";
import type { Store } from "../storage/store.js";
import type { RouteDeps } from "./deps.js";

type WorkQueueRoutes =
  "createWorkQueue" | "readWorkQueue" | "updateWorkQueue" | "deleteWorkQueue" | "filterWorkQueues";

/** Work-queue handlers; a miss answers WORK_POOL_NOT_FOUND or WORK_QUEUE_NOT_FOUND, whichever it is. */
export function workQueueRoutes({ store }: RouteDeps): RouteHandlers<WorkQueueRoutes> {
  const queues = store.workQueues;
  return {
    createWorkQueue: async ({ params, body }) => ({ body: await queues.create(params.name, body) }),
    readWorkQueue: async ({ params }) => {
      const queue = await queues.read(params.name, params.queue_name);
      if (queue === undefined) throw await whatIsMissing(store, params.name, params.queue_name);
      return { body: queue };
    },
    updateWorkQueue: async ({ params, body }) => {
      if (!(await queues.update(params.name, params.queue_name, body))) {
        throw await whatIsMissing(store, params.name, params.queue_name);
      }
      return {};
    },
    deleteWorkQueue: async ({ params }) => {
      if (!(await queues.delete(params.name, params.queue_name))) {
        throw await whatIsMissing(store, params.name, params.queue_name);
      }
      return {};
    },
    filterWorkQueues: async ({ params }) => {
      const list = await queues.list(params.name);
      if (list === undefined) throw poolNotFound(params.name);
      return { body: list };
    },
  };
}

/** The pool's NOT_FOUND when the pool is unknown, else the queue's. */
async function whatIsMissing(store: Store, poolName: string, queueName: string): Promise<Error> {
  const queuesOfPool = await store.workQueues.list(poolName);
  return queuesOfPool === undefined ? poolNotFound(poolName) : queueNotFound(poolName, queueName);
}
