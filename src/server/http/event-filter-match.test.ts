import { describe, expect, it } from "vitest";
import type { Event, EventFilter } from "../../api/index.js";
import { matchesPattern } from "../../core/automations/patterns.js";
import { eventMatchesFilter } from "./event-filter-match.js";

const event: Event = {
  id: "0190f1c2-5b7e-7c3a-9d4e-2f6a8b1c0d3e",
  occurred: "2025-01-01T12:00:00.000Z",
  received: "2025-01-01T12:00:00.010Z",
  event: "steward.flow-run.Failed",
  resource: { "steward.resource.id": "steward.flow-run.abc", "steward.state-type": "FAILED" },
  related: [
    { "steward.resource.id": "steward.flow.f1", "steward.resource.role": "flow" },
    { "steward.resource.id": "steward.tag.nightly", "steward.resource.role": "tag" },
  ],
  payload: {},
  follows: null,
};

const matches = (filter: EventFilter) => eventMatchesFilter(filter, event);

describe("eventMatchesFilter", () => {
  it("matches everything with an empty filter", () => expect(matches({})).toBe(true));

  it("matches names with * wildcards (dots included) and exclusions", () => {
    expect(matches({ event: { name: ["steward.flow-run.*"] } })).toBe(true);
    expect(matches({ event: { name: ["steward.*"] } })).toBe(true);
    expect(matches({ event: { name: ["steward.task-run.*", "steward.flow-run.Failed"] } })).toBe(true);
    expect(matches({ event: { name: ["steward.flow-run"] } })).toBe(false);
    expect(matches({ event: { exclude_name: ["*.Failed"] } })).toBe(false);
    expect(matches({ event: { name: [] } })).toBe(false);
    expect(matches({ event: { exclude_name: [] } })).toBe(true);
  });

  it("takes Prefect's prefix and exclude_prefix literally, ANDed with the names", () => {
    expect(matches({ event: { prefix: ["steward.flow-run."] } })).toBe(true);
    expect(matches({ event: { prefix: ["steward.task-run.", "steward.flow"] } })).toBe(true);
    expect(matches({ event: { prefix: ["steward.*"] } })).toBe(false);
    expect(matches({ event: { prefix: ["Steward."] } })).toBe(false);
    expect(matches({ event: { prefix: [] } })).toBe(false);
    expect(matches({ event: { exclude_prefix: ["steward.flow-run."] } })).toBe(false);
    expect(matches({ event: { exclude_prefix: ["steward.task-run."] } })).toBe(true);
    expect(matches({ event: { exclude_prefix: [] } })).toBe(true);
    expect(matches({ event: { prefix: ["steward."], exclude_name: ["steward.flow-run.Failed"] } })).toBe(
      false,
    );
    expect(matches({ event: { prefix: ["steward."], name: ["steward.task-run.*"] } })).toBe(false);
  });

  it("matches the resource by id and by labels", () => {
    expect(matches({ resource: { id: ["steward.flow-run.*"] } })).toBe(true);
    expect(matches({ resource: { labels: { "steward.state-type": ["COMPLETED", "FAILED"] } } })).toBe(true);
    expect(matches({ resource: { labels: { "steward.state-type": "COMPLETED" } } })).toBe(false);
    expect(matches({ resource: { labels: { "no.such": "*" } } })).toBe(false);
  });

  it("needs one related resource to match both id and role", () => {
    expect(matches({ related: { id: ["steward.flow.f1"], role: ["flow"] } })).toBe(true);
    expect(matches({ related: { id: ["steward.flow.f1"], role: ["tag"] } })).toBe(false);
    expect(matches({ related: { role: ["tag"] } })).toBe(true);
    expect(matches({ any_resource: { id: ["steward.tag.*"] } })).toBe(true);
    expect(matches({ any_resource: { id: ["steward.deployment.*"] } })).toBe(false);
  });

  it("takes times inclusively and ids exactly", () => {
    expect(matches({ occurred: { since: event.occurred, until: event.occurred } })).toBe(true);
    expect(matches({ occurred: { since: "2025-01-01T12:00:00.001Z" } })).toBe(false);
    expect(matches({ id: [event.id] })).toBe(true);
    expect(matches({ id: [] })).toBe(false);
  });

  it("takes regex characters in patterns literally", () => {
    expect(matchesPattern("a.b*", "a.bc")).toBe(true);
    expect(matchesPattern("a.b*", "axbc")).toBe(false);
    expect(matchesPattern("(x)*", "(x)y")).toBe(true);
  });
});
