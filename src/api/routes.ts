/**
 * @module The one route table, composed from one file per resource (`<resource>-routes.ts`, beside
 * that resource's schemas). A new resource adds its file and one line here.
 */
import { adminRoutes } from "./admin-routes.js";
import { apiKeyRoutes } from "./api-keys-routes.js";
import { auditRoutes } from "./audit-routes.js";
import { authRoutes } from "./auth-routes.js";
import { automationRoutes } from "./automations-routes.js";
import { deploymentRoutes } from "./deployments-routes.js";
import { eventRoutes } from "./events-routes.js";
import { flowRunRoutes } from "./flow-runs-routes.js";
import { flowRoutes } from "./flows-routes.js";
import { logRoutes } from "./logs-routes.js";
import { taskRunRoutes } from "./task-runs-routes.js";
import { userRoutes } from "./users-routes.js";
import { workPoolRoutes } from "./work-pools-routes.js";
import type { RouteSpec } from "./route-spec.js";

export type { RouteSpec } from "./route-spec.js";

/**
 * Every route, keyed by a stable name. The server registers handlers under these names, the
 * client calls them, and `GET /api/openapi.json` is generated from them.
 */
export const routes = {
  ...adminRoutes,
  ...flowRoutes,
  ...flowRunRoutes,
  ...taskRunRoutes,
  ...logRoutes,
  ...workPoolRoutes,
  ...deploymentRoutes,
  ...eventRoutes,
  ...apiKeyRoutes,
  ...userRoutes,
  ...authRoutes,
  ...automationRoutes,
  ...auditRoutes,
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof routes;
