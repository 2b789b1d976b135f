/** @module Handlers of the `/flows` routes. */
import { StewardError } from "../../core/errors.js";
import { found, RESOURCES, requireMatch } from "../http/resources.js";
import type { RouteHandlers } from "../http/route-types.js";
import { deleteEach } from "./bulk-delete.js";
import type { RouteDeps } from "./deps.js";
import { paginate } from "./paginate.js";

type FlowRoutes =
  | "createFlow"
  | "readFlow"
  | "readFlowByName"
  | "updateFlow"
  | "deleteFlow"
  | "filterFlows"
  | "countFlows"
  | "paginateFlows"
  | "bulkDeleteFlows";

const FLOW = RESOURCES.flows;

/** Flow handlers: upsert by name (201 created / 200 existing), reads, updates, deletes, queries. */
export function flowRoutes({ store }: RouteDeps): RouteHandlers<FlowRoutes> {
  return {
    createFlow: async ({ body }) => {
      const { value, created } = await store.flows.upsert(body);
      return { status: created ? 201 : 200, body: value };
    },
    readFlow: async ({ params }) => ({ body: found(await store.flows.read(params.id), FLOW, params.id) }),
    readFlowByName: async ({ params }) => {
      const flow = await store.flows.readByName(params.name);
      if (!flow) {
        throw new StewardError(
          "FLOW_NOT_FOUND",
          `No flow is named ${JSON.stringify(params.name)}. Flow names are case-sensitive; POST /api/flows/filter lists them.`,
        );
      }
      return { body: flow };
    },
    updateFlow: async ({ params, body }) => {
      requireMatch(await store.flows.update(params.id, body), FLOW, params.id);
      return {};
    },
    deleteFlow: async ({ params }) => {
      requireMatch(await store.flows.delete(params.id), FLOW, params.id);
      return {};
    },
    filterFlows: async ({ body }) => ({ body: await store.flows.filter(body) }),
    countFlows: async ({ body }) => ({ body: await store.flows.count(body) }),
    paginateFlows: async ({ body }) => ({
      body: await paginate(
        body,
        (q) => store.flows.filter(q),
        (q) => store.flows.count(q),
      ),
    }),
    bulkDeleteFlows: async ({ body }) => ({
      body: await deleteEach(body.ids, (id) => store.flows.delete(id)),
    }),
  };
}
