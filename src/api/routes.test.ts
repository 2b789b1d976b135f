import { describe, expect, it } from "vitest";
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
import { routes } from "./routes.js";
import { taskRunRoutes } from "./task-runs-routes.js";
import { userRoutes } from "./users-routes.js";
import { workPoolRoutes } from "./work-pools-routes.js";

const tables = [
  adminRoutes,
  apiKeyRoutes,
  auditRoutes,
  authRoutes,
  automationRoutes,
  deploymentRoutes,
  eventRoutes,
  flowRunRoutes,
  flowRoutes,
  logRoutes,
  taskRunRoutes,
  userRoutes,
  workPoolRoutes,
];

describe("the route table", () => {
  it("holds every resource's routes, none shadowed by another resource's route of the same name", () => {
    const names = tables.flatMap((table) => Object.keys(table));
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(routes).sort()).toEqual([...names].sort());
  });

  it("has one route per method and path", () => {
    const endpoints = Object.values(routes).map((spec) => `${spec.method} ${spec.path}`);
    expect(new Set(endpoints).size).toBe(endpoints.length);
  });
});
