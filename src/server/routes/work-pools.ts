/** @module Handlers of the `/work_pools` routes: pools, Prefect's poll, and the claim long-poll. */
import type { RouteHandlers } from "../http/route-types.js";
import { claimWithLongPoll } from "../claims/long-poll.js";
import { withDeployments } from "../claims/with-deployments.js";
import { poolNotFound } from "../storage/repos/work-pool-errors.js";
import type { RouteDeps } from "./deps.js";

type WorkPoolRoutes =
  | "createWorkPool"
  | "readWorkPool"
  | "updateWorkPool"
  | "deleteWorkPool"
  | "filterWorkPools"
  | "countWorkPools"
  | "getScheduledFlowRuns"
  | "claimFlowRuns";

/**
 * Work-pool handlers. A claim long-polls (see claims/long-poll.ts) and gives up early, answering
 * `[]`, when the client disconnects or the server shuts down.
 */
export function workPoolRoutes({ store, signal, changes }: RouteDeps): RouteHandlers<WorkPoolRoutes> {
  const pools = store.workPools;
  const existing = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw poolNotFound(name);
    return value;
  };
  return {
    createWorkPool: async ({ body }) => ({ body: await pools.create(body) }),
    readWorkPool: async ({ params }) => ({ body: existing(await pools.read(params.name), params.name) }),
    updateWorkPool: async ({ params, body }) => {
      if (!(await pools.update(params.name, body))) throw poolNotFound(params.name);
      return {};
    },
    deleteWorkPool: async ({ params }) => {
      if (!(await pools.delete(params.name))) throw poolNotFound(params.name);
      return {};
    },
    filterWorkPools: async ({ body }) => ({ body: await pools.filter(body) }),
    countWorkPools: async ({ body }) => ({ body: await pools.count(body) }),
    getScheduledFlowRuns: async ({ params, body }) => ({
      body: await store.claims.scheduled(params.name, body),
    }),
    claimFlowRuns: async ({ params, body, c }) => {
      const aborts = [c.req.raw.signal, ...(signal ? [signal] : [])];
      const claimed = await claimWithLongPoll(store.claims, params.name, body, {
        signal: AbortSignal.any(aborts),
        onAttempt: () => changes?.notify(),
      });
      return { body: await withDeployments(store.deployments, claimed) };
    },
  };
}
