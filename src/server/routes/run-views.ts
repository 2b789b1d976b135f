/** @module Handlers of the flow-run views the UI draws: activity history and a run's graph. */
import { found, RESOURCES } from "../http/resources.js";
import type { RouteHandlers } from "../http/route-types.js";
import type { RouteDeps } from "./deps.js";

/** `POST /flow_runs/history` (counts per bucket and state) and `GET /flow_runs/{id}/graph`. */
export function runViewRoutes({ store }: RouteDeps): RouteHandlers<"flowRunHistory" | "readFlowRunGraph"> {
  return {
    flowRunHistory: async ({ body }) => ({ body: await store.flowRuns.history(body) }),
    readFlowRunGraph: async ({ params }) => ({
      body: found(await store.flowRuns.graph(params.id), RESOURCES.flow_runs, params.id),
    }),
  };
}
