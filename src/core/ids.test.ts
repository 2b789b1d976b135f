import { validate, version } from "uuid";
import { describe, expect, it } from "vitest";
import { newId } from "./ids.js";

describe("newId", () => {
  it("makes valid, distinct UUIDv7s in strictly increasing order, across refills of its pool", () => {
    const ids = Array.from({ length: 1000 }, () => newId());
    for (const id of ids) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it("stamps the current time in the first 48 bits", () => {
    const before = Date.now();
    const id = newId();
    const ms = Number.parseInt(id.replaceAll("-", "").slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now() + 1);
  });
});
