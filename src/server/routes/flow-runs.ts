/** @module Handlers of the `/flow_runs` and `/flow_run_states` routes. */
import { mintRunKey } from "../auth/run-keys.js";
import { found, RESOURCES, requireMatch } from "../http/resources.js";
import type { RouteHandlers } from "../http/route-types.js";
import { deleteEach } from "./bulk-delete.js";
import type { RouteDeps } from "./deps.js";
import { paginate } from "./paginate.js";

type FlowRunRoutes =
  | "createFlowRun"
  | "readFlowRun"
  | "updateFlowRun"
  | "deleteFlowRun"
  | "setFlowRunState"
  | "filterFlowRuns"
  | "countFlowRuns"
  | "paginateFlowRuns"
  | "bulkDeleteFlowRuns"
  | "readFlowRunStates"
  | "readFlowRunState"
  | "flowRunHeartbeat"
  | "createFlowRunKey";

const FLOW_RUN = RESOURCES.flow_runs;
const STATE = RESOURCES.flow_run_states;

/**
 * Flow-run handlers. Create is idempotent by (flow_id, idempotency_key): 201 when a run was made,
 * 200 when an existing one came back. A state proposal answers 201 only when a state was written.
 */
export function flowRunRoutes({ store, now }: RouteDeps): RouteHandlers<FlowRunRoutes> {
  const runs = store.flowRuns;
  return {
    createFlowRun: async ({ body }) => {
      const { value, created } = await runs.create(body);
      return { status: created ? 201 : 200, body: value };
    },
    readFlowRun: async ({ params }) => ({ body: found(await runs.read(params.id), FLOW_RUN, params.id) }),
    updateFlowRun: async ({ params, body }) => {
      requireMatch(await runs.update(params.id, body), FLOW_RUN, params.id);
      return {};
    },
    deleteFlowRun: async ({ params }) => {
      requireMatch(await runs.delete(params.id), FLOW_RUN, params.id);
      return {};
    },
    setFlowRunState: async ({ params, body }) => {
      const { result, written } = await runs.setState(params.id, body);
      return { status: written ? 201 : 200, body: result };
    },
    filterFlowRuns: async ({ body }) => ({ body: await runs.filter(body) }),
    countFlowRuns: async ({ body }) => ({ body: await runs.count(body) }),
    paginateFlowRuns: async ({ body }) => ({
      body: await paginate(
        body,
        (q) => runs.filter(q),
        (q) => runs.count(q),
      ),
    }),
    bulkDeleteFlowRuns: async ({ body }) => ({ body: await deleteEach(body.ids, (id) => runs.delete(id)) }),
    readFlowRunStates: async ({ query }) => ({ body: await runs.states(query.flow_run_id) }),
    readFlowRunState: async ({ params }) => ({
      body: found(await runs.readState(params.id), STATE, params.id),
    }),
    flowRunHeartbeat: async ({ params }) => {
      requireMatch(await runs.heartbeat(params.id), FLOW_RUN, params.id);
      return {};
    },
    createFlowRunKey: async ({ params }) => {
      found(await runs.read(params.id), FLOW_RUN, params.id);
      const minted = await mintRunKey(store, params.id, now());
      return { body: { key: minted.key, expires: new Date(minted.expires).toISOString() } };
    },
  };
}
