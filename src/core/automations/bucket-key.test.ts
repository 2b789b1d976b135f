import { describe, expect, it } from "vitest";
import { bucketKey, displayBucketKey, forEachValue } from "./bucket-key.js";
import { eventOf } from "./test-fixtures.js";

const event = eventOf("steward.flow-run.Failed", 0, "steward.flow-run.1", {
  labels: { "steward.state-name": "Failed" },
  related: [
    {
      "steward.resource.id": "steward.deployment.7",
      "steward.resource.role": "deployment",
      "steward.resource.name": "etl",
    },
    { "steward.resource.id": "steward.tag.a", "steward.resource.role": "tag" },
    { "steward.resource.id": "steward.tag.b", "steward.resource.role": "tag" },
  ],
});

describe("for_each values", () => {
  it.each([
    ["steward.resource.id", "steward.flow-run.1"],
    ["steward.state-name", "Failed"],
    ["related:deployment:steward.resource.id", "steward.deployment.7"],
    ["related:deployment:steward.resource.name", "etl"],
    ["related:tag:steward.resource.id", "steward.tag.a"],
    ["related:work-pool:steward.resource.id", ""],
    ["missing-label", ""],
  ])("%s → %j", (label, expected) => {
    expect(forEachValue(label, event)).toBe(expected);
  });

  it("keys buckets by the values in order, and shows them joined", () => {
    expect(bucketKey([], event)).toEqual({ key: "", display: "" });
    const key = bucketKey(["steward.resource.id", "related:deployment:steward.resource.name"], event);
    expect(key).toEqual({ key: '["steward.flow-run.1","etl"]', display: "steward.flow-run.1, etl" });
    expect(displayBucketKey(key.key)).toBe(key.display);
    expect(displayBucketKey("")).toBe("");
  });
});
