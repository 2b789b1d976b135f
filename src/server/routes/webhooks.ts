import type { RouteHandlers } from "../http/route-types.js";
import type { RouteDeps } from "./deps.js";

type Names = "createWebhook" | "readWebhook" | "updateWebhook" | "deleteWebhook" | "filterWebhooks" | "rotateWebhookSlug";

const notBuilt = () => Promise.reject(new Error("not built yet"));

/** Placeholder until the handlers land. */
export function webhookRoutes(deps: RouteDeps): RouteHandlers<Names> {
  void deps;
  return {
    createWebhook: notBuilt,
    readWebhook: notBuilt,
    updateWebhook: notBuilt,
    deleteWebhook: notBuilt,
    filterWebhooks: notBuilt,
    rotateWebhookSlug: notBuilt,
  };
}
