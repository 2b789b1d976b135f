import type { RouteHandlers } from "../http/route-types.js";
import type { RouteDeps } from "./deps.js";

type Names = "createEvents" | "filterEvents" | "filterEventsNext" | "countEvents" | "readEvent";

const notBuilt = () => Promise.reject(new Error("not built yet"));

/** Placeholder until the handlers land. */
export function eventRoutes(deps: RouteDeps): RouteHandlers<Names> {
  void deps;
  return {
    createEvents: notBuilt,
    filterEvents: notBuilt,
    filterEventsNext: notBuilt,
    countEvents: notBuilt,
    readEvent: notBuilt,
  };
}
