/** @module Handlers of the `/work_pools/{name}/workers` routes. */
import { StewardError } from "../../core/errors.js";
import type { RouteHandlers } from "../http/route-types.js";
import { poolNotFound } from "../storage/repos/work-pool-errors.js";
import type { RouteDeps } from "./deps.js";

type WorkerRoutes = "workerHeartbeat" | "filterWorkers" | "deleteWorker";

/** Worker handlers: heartbeats upsert the worker; lists compute ONLINE/OFFLINE from heartbeats. */
export function workerRoutes({ store }: RouteDeps): RouteHandlers<WorkerRoutes> {
  const workers = store.workers;
  return {
    workerHeartbeat: async ({ params, body }) => {
      if (!(await workers.heartbeat(params.name, body))) throw poolNotFound(params.name);
      return {};
    },
    filterWorkers: async ({ params }) => {
      const list = await workers.list(params.name);
      if (list === undefined) throw poolNotFound(params.name);
      return { body: list };
    },
    deleteWorker: async ({ params }) => {
      if (await workers.delete(params.name, params.worker_name)) return {};
      if ((await workers.list(params.name)) === undefined) throw poolNotFound(params.name);
      throw new StewardError(
        "WORKER_NOT_FOUND",
        `Work pool "${params.name}" has no worker named "${params.worker_name}". \`POST /api/work_pools/${params.name}/workers/filter\` lists its workers.`,
        { details: { work_pool_name: params.name, worker_name: params.worker_name } },
      );
    },
  };
}
