import { describe, expect, it } from "vitest";
import { allOf, everyCombination } from "./combine-filters.js";

describe("allOf", () => {
  it("merges nested criteria, intersecting any_ and joining not_any_", () => {
    expect(
      allOf<Record<string, unknown>>(
        { state: { type: { any_: ["RUNNING", "SCHEDULED"] } }, flow_id: { any_: ["f"] } },
        {
          state: { type: { any_: ["SCHEDULED"], not_any_: ["PENDING"] } },
          expected_start_time: { after_: "t" },
        },
      ),
    ).toEqual({
      state: { type: { any_: ["SCHEDULED"], not_any_: ["PENDING"] } },
      flow_id: { any_: ["f"] },
      expected_start_time: { after_: "t" },
    });
    expect(
      allOf({ state: { type: { not_any_: ["A"] } } }, { state: { type: { not_any_: ["A", "B"] } } }),
    ).toEqual({
      state: { type: { not_any_: ["A", "B"] } },
    });
  });

  it("leaves its arguments as they were", () => {
    const a = { state: { type: { any_: ["RUNNING"] } } };
    allOf<Record<string, unknown>>(a, { state: { name: { any_: ["Late"] } } });
    expect(a).toEqual({ state: { type: { any_: ["RUNNING"] } } });
  });
});

describe("everyCombination", () => {
  it("combines each filter of one list with each of the other", () => {
    const combined = everyCombination<Record<string, unknown>>(
      [{ state: { type: { any_: ["RUNNING"] } } }, { state: { name: { any_: ["Late"] } } }],
      [{ a: 1 }, { b: 2 }],
    );
    expect(combined).toEqual([
      { state: { type: { any_: ["RUNNING"] } }, a: 1 },
      { state: { type: { any_: ["RUNNING"] } }, b: 2 },
      { state: { name: { any_: ["Late"] } }, a: 1 },
      { state: { name: { any_: ["Late"] } }, b: 2 },
    ]);
  });
});
