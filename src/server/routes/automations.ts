import type { RouteHandlers } from "../http/route-types.js";
import type { RouteDeps } from "./deps.js";

type Names = "createAutomation" | "readAutomation" | "replaceAutomation" | "patchAutomation" | "deleteAutomation" | "filterAutomations" | "countAutomations" | "automationsRelatedTo" | "deleteAutomationsOwnedBy";

const notBuilt = () => Promise.reject(new Error("not built yet"));

/** Placeholder until the handlers land. */
export function automationRoutes(deps: RouteDeps): RouteHandlers<Names> {
  void deps;
  return {
    createAutomation: notBuilt,
    readAutomation: notBuilt,
    replaceAutomation: notBuilt,
    patchAutomation: notBuilt,
    deleteAutomation: notBuilt,
    filterAutomations: notBuilt,
    countAutomations: notBuilt,
    automationsRelatedTo: notBuilt,
    deleteAutomationsOwnedBy: notBuilt,
  };
}
