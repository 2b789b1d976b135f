import { Health, Version } from "./common.js";
import { type RouteSpec } from "./route-spec.js";

/** Health and version of the server. */
export const adminRoutes = {
  health: {
    method: "GET",
    path: "/health",
    summary: "Liveness",
    tag: "Admin",
    response: Health,
    status: 200,
  },
  ready: {
    method: "GET",
    path: "/ready",
    summary: "Readiness (database reachable)",
    tag: "Admin",
    status: 200,
  },
  version: {
    method: "GET",
    path: "/version",
    summary: "Server version",
    tag: "Admin",
    response: Version,
    status: 200,
  },
} as const satisfies Record<string, RouteSpec>;
