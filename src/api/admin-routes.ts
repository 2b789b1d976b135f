import { Health, Version } from "./common.js";
import { type RouteSpec } from "./route-spec.js";
import { ACCESS } from "../core/access.js";

/** Health and version of the server. */
export const adminRoutes = {
  health: {
    method: "GET",
    path: "/health",
    summary: "Liveness",
    tag: "Admin",
    access: ACCESS.open,
    response: Health,
    status: 200,
  },
  ready: {
    method: "GET",
    path: "/ready",
    summary: "Readiness (database reachable)",
    tag: "Admin",
    access: ACCESS.open,
    status: 200,
  },
  version: {
    method: "GET",
    path: "/version",
    summary: "Server version",
    tag: "Admin",
    access: { role: "viewer", worker: true, run: true },
    response: Version,
    status: 200,
  },
} as const satisfies Record<string, RouteSpec>;
