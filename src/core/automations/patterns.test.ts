import { describe, expect, it } from "vitest";
import { matchesAnyPattern, matchesPattern } from "./patterns.js";

describe("matchesPattern", () => {
  it.each([
    ["steward.flow-run.*", "steward.flow-run.Completed", true],
    ["steward.flow-run.*", "steward.flow-run.", true],
    ["steward.flow-run.*", "steward.task-run.Completed", false],
    ["*.Failed", "steward.flow-run.Failed", true],
    ["steward.*.Failed", "steward.task-run.Failed", true],
    ["steward.*.Failed", "steward.task-run.Completed", false],
    ["exact", "exact", true],
    ["exact", "exactly", false],
    ["a.b", "axb", false],
    ["(x)+[y]", "(x)+[y]", true],
    ["*", "", true],
    ["a*b*c", "a-b-c", true],
    ["a*b*c", "a-c", false],
  ])("%s ~ %s → %s", (pattern, value, expected) => {
    expect(matchesPattern(pattern, value)).toBe(expected);
  });

  it("treats an empty list as matching everything", () => {
    expect(matchesAnyPattern([], "anything")).toBe(true);
    expect(matchesAnyPattern(["a", "b*"], "bee")).toBe(true);
    expect(matchesAnyPattern(["a", "b*"], "cee")).toBe(false);
  });
});
