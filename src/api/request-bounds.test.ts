import { describe, expect, it } from "vitest";
import { schemaHoles } from "./request-bounds.js";
import { type RouteSpec, routes } from "./routes.js";

const specs = Object.entries(routes) as [string, RouteSpec][];

describe("request schemas", () => {
  it("refuse unknown keys everywhere (no body or query strips a key silently)", () => {
    const holes = specs.flatMap(([name, spec]) =>
      [spec.body, spec.query].flatMap((schema) =>
        schema === undefined
          ? []
          : schemaHoles(schema)
              .filter((hole) => hole.problem === "strips unknown keys")
              .map((hole) => `${name} ${hole.path}`),
      ),
    );
    expect(holes).toEqual([]);
  });

  it("cap every string and list of the filter bodies", () => {
    const filterRoutes = specs.filter(([name]) =>
      /^(filter|count|paginate)(Flows|FlowRuns|TaskRuns|Deployments|WorkPools)$/.test(name),
    );
    expect(filterRoutes.length).toBeGreaterThan(10);
    const holes = filterRoutes.flatMap(([name, spec]) =>
      spec.body === undefined
        ? []
        : schemaHoles(spec.body).map((hole) => `${name} ${hole.path}: ${hole.problem}`),
    );
    expect(holes).toEqual([]);
  });

  it("bound every string, list and number of every body and query", () => {
    const holes = specs.flatMap(([name, spec]) =>
      [spec.body, spec.query].flatMap((schema) =>
        schema === undefined
          ? []
          : schemaHoles(schema).map((hole) => `${name} ${hole.path}: ${hole.problem}`),
      ),
    );
    expect(holes).toEqual([]);
  });
});
