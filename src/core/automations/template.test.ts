import { describe, expect, it } from "vitest";
import { actionTemplateValues, lookupPath, pathSegments, renderTemplate } from "./template.js";
import { eventOf } from "./test-fixtures.js";

const event = eventOf(
  "steward.flow-run.Failed",
  Date.parse("2025-01-02T03:04:05.000Z"),
  "steward.flow-run.1",
  {
    labels: {
      "steward.resource.name": "brave-ada",
      "steward.state-name": "Failed",
      "my.custom.label": "yes",
    },
    payload: { x: 42, nested: { list: [1, { deep: "d" }] }, flag: true },
    related: [{ "steward.resource.id": "steward.deployment.7", "steward.resource.role": "deployment" }],
  },
);
const values = actionTemplateValues(event, { id: "auto-1", name: "on failure" });

describe("pathSegments", () => {
  it.each([
    ["event.payload.x", ["event", "payload", "x"]],
    ['event.resource["steward.state-name"]', ["event", "resource", "steward.state-name"]],
    ["event.resource['a.b'].c", ["event", "resource", "a.b", "c"]],
    ["a.list[1].deep", ["a", "list", "1", "deep"]],
  ])("%s", (path, expected) => {
    expect(pathSegments(path)).toEqual(expected);
  });
});

describe("renderTemplate", () => {
  it.each<[string, unknown, unknown]>([
    ["sole placeholder keeps a number", "{{ event.payload.x }}", 42],
    ["sole placeholder keeps a boolean", "{{event.payload.flag}}", true],
    ["sole placeholder keeps an object", "{{ event.payload.nested }}", { list: [1, { deep: "d" }] }],
    ["array index", "{{ event.payload.nested.list[1].deep }}", "d"],
    ["resource id short form", "{{ event.resource.id }}", "steward.flow-run.1"],
    ["resource name short form", "{{ event.resource.name }}", "brave-ada"],
    ["quoted label", '{{ event.resource["steward.state-name"] }}', "Failed"],
    ["dotted label without quotes", "{{ event.resource.steward.state-name }}", "Failed"],
    ["custom dotted label", "{{ event.resource.my.custom.label }}", "yes"],
    ["related resource", "{{ event.related[0].role }}", "deployment"],
    ["automation name", "{{ automation.name }}", "on failure"],
    ["occurred", "{{ event.occurred }}", "2025-01-02T03:04:05.000Z"],
    ["event name", "{{ event.event }}", "steward.flow-run.Failed"],
    [
      "interpolation",
      "run {{ event.resource.name }} is {{ event.resource.steward.state-name }} ({{ event.payload.x }})",
      "run brave-ada is Failed (42)",
    ],
    ["interpolated object as JSON", "n={{ event.payload.nested }}", 'n={"list":[1,{"deep":"d"}]}'],
    ["unset inside text is empty", "a{{ event.payload.nope }}b", "ab"],
    ["plain text unchanged", "no placeholders", "no placeholders"],
  ])("%s", (_, template, expected) => {
    expect(renderTemplate(template, values)).toEqual(expected);
  });

  it("walks objects and arrays and drops unset sole placeholders", () => {
    const template = {
      a: "{{ event.payload.x }}",
      gone: "{{ event.payload.nope }}",
      list: ["{{ automation.id }}", "{{ nope }}", 3],
    };
    expect(renderTemplate(template, values)).toEqual({ a: 42, list: ["auto-1", 3] });
  });

  it("works without an event", () => {
    const noEvent = actionTemplateValues(null, { id: "a", name: "n" });
    expect(renderTemplate("{{ automation.name }}: {{ event.event }}", noEvent)).toBe("n: ");
    expect(lookupPath(noEvent, "event.payload.x")).toBeUndefined();
  });
});
