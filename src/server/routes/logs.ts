/** @module Handlers of the `/logs` routes. */
import type { RouteHandlers } from "../http/route-types.js";
import type { RouteDeps } from "./deps.js";

/** Log handlers: write a batch (204), filter. */
export function logRoutes({ store }: RouteDeps): RouteHandlers<"createLogs" | "filterLogs"> {
  return {
    createLogs: async ({ body }) => {
      if (body.length > 0) await store.logs.create(body);
      return {};
    },
    filterLogs: async ({ body }) => ({ body: await store.logs.filter(body) }),
  };
}
