/** @module Handlers of the admin routes: liveness, readiness and version. */
import { StewardError } from "../../core/errors.js";
import type { RouteHandlers } from "../http/route-types.js";
import type { RouteDeps } from "./deps.js";

/**
 * Version of the HTTP API contract, reported beside the package version so clients can tell
 * whether a server speaks their dialect. Bump it when a route changes incompatibly.
 */
export const API_VERSION = "0.1.0";

/** Admin handlers. `ready` answers 503 while the database does not answer. */
export function adminRoutes({ store, version }: RouteDeps): RouteHandlers<"health" | "ready" | "version"> {
  return {
    health: async () => ({ body: true }),
    ready: async () => {
      const reachable = await store.ping().catch(() => false);
      if (!reachable) {
        throw new StewardError(
          "SERVICE_UNAVAILABLE",
          `The server cannot reach its ${store.dialect} database; check that it is running and that STEWARD_DATABASE_URL is right.`,
        );
      }
      return { body: { message: "OK" } };
    },
    version: async () => ({ body: { version, api_version: API_VERSION } }),
  };
}
