import { describe, expect, it } from "vitest";
import { type RouteName, type RouteSpec, routes } from "../../api/routes.js";
import { RUN_SCOPES, WORKER_SCOPES } from "./resource-scope.js";

describe("resource scopes", () => {
  const names = Object.keys(routes) as RouteName[];
  const accessOf = (name: RouteName) => (routes[name] as RouteSpec).access;

  it("decide every route a worker key may call, and no other", () => {
    const workerRoutes = names.filter((name) => accessOf(name).worker === true).sort();
    expect(Object.keys(WORKER_SCOPES).sort()).toEqual(workerRoutes);
  });

  it("decide every route a flow run's key may call, and no other", () => {
    const runRoutes = names.filter((name) => accessOf(name).run === true).sort();
    expect(Object.keys(RUN_SCOPES).sort()).toEqual(runRoutes);
  });
});
