import { describe, expect, it } from "vitest";
import { ROUTE_LOCATIONS } from "./route-locations.js";
import { routes } from "./routes.js";

describe("ROUTE_LOCATIONS", () => {
  it("has every route's method and path, and nothing else", () => {
    const expected = Object.fromEntries(
      Object.entries(routes).map(([name, spec]) => [name, [spec.method, spec.path]]),
    );
    expect(ROUTE_LOCATIONS).toEqual(expected);
  });
});
