/** @module Every route handler, one module per resource. */
import type { RouteName } from "../../api/routes.js";
import type { RouteHandlers } from "../http/route-types.js";
import { adminRoutes } from "./admin.js";
import { apiKeyRoutes } from "./api-keys.js";
import { auditRoutes } from "./audit.js";
import { authRoutes } from "./auth.js";
import { automationRoutes } from "./automations.js";
import { deploymentRoutes } from "./deployments.js";
import type { RouteDeps } from "./deps.js";
import { eventRoutes } from "./events.js";
import { flowRunRoutes } from "./flow-runs.js";
import { flowRoutes } from "./flows.js";
import { logRoutes } from "./logs.js";
import { runViewRoutes } from "./run-views.js";
import { taskRunRoutes } from "./task-runs.js";
import { userRoutes } from "./users.js";
import { workPoolRoutes } from "./work-pools.js";
import { workQueueRoutes } from "./work-queues.js";
import { webhookRoutes } from "./webhooks.js";
import { workerRoutes } from "./workers.js";

export { API_VERSION } from "./admin.js";
export type { RouteDeps } from "./deps.js";

/**
 * Handlers for the whole route table. Typed as `RouteHandlers<RouteName>` so that adding a route
 * to `api/routes.ts` without a handler fails to compile.
 */
export function routeHandlers(deps: RouteDeps): RouteHandlers<RouteName> {
  return {
    ...adminRoutes(deps),
    ...flowRoutes(deps),
    ...flowRunRoutes(deps),
    ...runViewRoutes(deps),
    ...taskRunRoutes(deps),
    ...logRoutes(deps),
    ...deploymentRoutes(deps),
    ...workPoolRoutes(deps),
    ...workQueueRoutes(deps),
    ...workerRoutes(deps),
    ...eventRoutes(deps),
    ...webhookRoutes(deps),
    ...automationRoutes(deps),
    ...apiKeyRoutes(deps),
    ...userRoutes(deps),
    ...authRoutes(deps),
    ...auditRoutes(deps),
  };
}
