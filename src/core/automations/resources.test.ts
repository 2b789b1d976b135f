import { describe, expect, it } from "vitest";
import { covers, matchesRelated, matchesResource } from "./resources.js";
import { eventOf, eventTrigger } from "./test-fixtures.js";

const run = {
  "steward.resource.id": "steward.flow-run.1",
  "steward.resource.name": "brave-ada",
  "steward.state-name": "Failed",
};

describe("matchesResource", () => {
  it.each([
    ["empty spec", {}, true],
    ["exact id", { "steward.resource.id": "steward.flow-run.1" }, true],
    ["wildcard id", { "steward.resource.id": "steward.flow-run.*" }, true],
    ["other id", { "steward.resource.id": "steward.deployment.*" }, false],
    ["any of values", { "steward.state-name": ["Crashed", "Failed"] }, true],
    ["none of values", { "steward.state-name": ["Crashed", "Completed"] }, false],
    ["missing label", { "steward.run-count": "*" }, false],
    ["two labels, both match", { "steward.resource.id": "*", "steward.resource.name": "brave-*" }, true],
    ["two labels, one fails", { "steward.resource.id": "*", "steward.resource.name": "shy-*" }, false],
  ])("%s", (_, spec, expected) => {
    expect(matchesResource(spec, run)).toBe(expected);
  });
});

import type { ResourceSpec } from "./types.js";

describe("matchesRelated", () => {
  const related = [
    { "steward.resource.id": "steward.flow.9", "steward.resource.role": "flow" },
    { "steward.resource.id": "steward.deployment.7", "steward.resource.role": "deployment" },
    { "steward.resource.id": "steward.tag.nightly", "steward.resource.role": "tag" },
  ];
  it.each<[string, ResourceSpec[], boolean]>([
    ["no specs", [], true],
    ["one spec matched", [{ "steward.resource.id": "steward.deployment.7" }], true],
    ["role and id", [{ "steward.resource.role": "tag", "steward.resource.id": "steward.tag.night*" }], true],
    [
      "each spec by some resource",
      [{ "steward.resource.role": "flow" }, { "steward.resource.id": "steward.tag.*" }],
      true,
    ],
    [
      "one spec unmatched",
      [{ "steward.resource.role": "flow" }, { "steward.resource.role": "work-pool" }],
      false,
    ],
    [
      "labels must be on the same resource",
      [{ "steward.resource.role": "flow", "steward.resource.id": "steward.tag.*" }],
      false,
    ],
  ])("%s", (_, specs, expected) => {
    expect(matchesRelated(specs, related)).toBe(expected);
  });
});

describe("covers", () => {
  it.each([
    ["expect matches", { expect: ["steward.flow-run.*"] }, "steward.flow-run.Failed", true],
    ["empty expect matches any name", {}, "anything.at.all", true],
    ["after names it", { after: ["a.start"], expect: ["a.end"] }, "a.start", true],
    ["neither after nor expect", { after: ["a.start"], expect: ["a.end"] }, "a.other", false],
    ["resource mismatch", { match: { "steward.resource.id": "x.*" } }, "e", false],
  ])("%s", (_, fields, name, expected) => {
    expect(covers(eventTrigger(fields), eventOf(name, 0, "steward.flow-run.1"))).toBe(expected);
  });
});

describe("the automations' own events", () => {
  const triggered = eventOf("steward.automation.triggered", 0, "steward.automation.1");
  it.each([
    ["an empty expect (every event)", {}, false],
    ["a bare wildcard", { expect: ["*"] }, false],
    ["a wildcard over steward.*", { expect: ["steward.*"] }, false],
    ["a wildcard `after`", { after: ["*"] }, false],
    ["a pattern that names them", { expect: ["steward.automation.*"] }, true],
    ["their exact name", { expect: ["steward.automation.triggered"] }, true],
  ])("count for %s: %s", (_, fields, expected) => {
    // Counted by an empty `expect` or a wildcard, each firing's events would fire it again, without end.
    expect(covers(eventTrigger(fields), triggered)).toBe(expected);
  });
});
