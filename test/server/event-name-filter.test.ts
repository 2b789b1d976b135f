/**
 * The `event` part of an event filter, Prefect's form included (`prefix`, `exclude_prefix`, `name`,
 * `exclude_name`): on SQLite and PostgreSQL, `POST /api/events/filter` selects exactly the events
 * that the live stream's in-memory matcher selects, and prefixes are literal (`%`, `_`, `*`).
 */
import { describe, expect, it } from "vitest";
import type { EventCreate, EventFilter } from "../../src/api/index.js";
import { eventMatchesFilter } from "../../src/server/http/event-filter-match.js";
import { BACKENDS } from "./backends.js";
import { errorOf, send, uniqueName, useApp } from "./harness.js";

const NAMES = [
  "order.created",
  "order.shipped",
  "order_x.created",
  "orderX.created",
  "100%.done",
  "100x.done",
  "a*b.c",
  "aXb.c",
  "a\\b.c",
  "steward.flow-run.Failed",
  "steward.flow-run.Completed",
];

/** Each `event` part, and the names it selects among {@link NAMES}. */
const CASES: [string, NonNullable<EventFilter["event"]>, string[]][] = [
  ["one prefix", { prefix: ["order."] }, ["order.created", "order.shipped"]],
  ["prefixes OR", { prefix: ["order.", "100x"] }, ["order.created", "order.shipped", "100x.done"]],
  ["_ in a prefix is literal", { prefix: ["order_"] }, ["order_x.created"]],
  ["% in a prefix is literal", { prefix: ["100%"] }, ["100%.done"]],
  ["* in a prefix is literal", { prefix: ["a*"] }, ["a*b.c"]],
  ["\\ in a prefix is literal", { prefix: ["a\\"] }, ["a\\b.c"]],
  ["prefixes are case-sensitive", { prefix: ["Order."] }, []],
  ["an empty prefix list selects nothing", { prefix: [] }, []],
  [
    "exclude_prefix leaves out any match",
    { exclude_prefix: ["order", "steward."] },
    ["100%.done", "100x.done", "a*b.c", "aXb.c", "a\\b.c"],
  ],
  [
    "prefix AND exclude_prefix",
    { prefix: ["order"], exclude_prefix: ["order_"] },
    ["order.created", "order.shipped", "orderX.created"],
  ],
  [
    "prefix AND exclude_name",
    { prefix: ["steward.flow-run."], exclude_name: ["steward.flow-run.Failed"] },
    ["steward.flow-run.Completed"],
  ],
  ["name AND exclude_name", { name: ["order.*"], exclude_name: ["order.shipped"] }, ["order.created"]],
  [
    "prefix AND name",
    { prefix: ["order"], name: ["*.created"] },
    ["order.created", "order_x.created", "orderX.created"],
  ],
  [
    "exclude_name AND exclude_prefix",
    { exclude_name: ["*.created"], exclude_prefix: ["100", "a"] },
    ["order.shipped", "steward.flow-run.Failed", "steward.flow-run.Completed"],
  ],
];

describe.each(BACKENDS)("the event name filter on $name", (backend) => {
  const h = useApp(backend);

  it("selects the same events through /events/filter and the stream matcher", async () => {
    const resource = uniqueName("named");
    const batch: EventCreate[] = NAMES.map((event) => ({
      event,
      resource: { "steward.resource.id": resource },
    }));
    await h.client.call("createEvents", { body: batch });
    const stored = await h.client.call("filterEvents", {
      body: { filter: { resource: { id: [resource] } }, limit: 200 },
    });
    expect(stored.events).toHaveLength(NAMES.length);
    for (const [title, part, expected] of CASES) {
      const filter: EventFilter = { event: part, resource: { id: [resource] } };
      const page = await h.client.call("filterEvents", { body: { filter, limit: 200 } });
      const viaStream = stored.events.filter((event) => eventMatchesFilter(filter, event));
      const names = (events: { event: string }[]) => events.map((e) => e.event).sort();
      expect(names(page.events), `${title}: /events/filter`).toEqual([...expected].sort());
      expect(names(viaStream), `${title}: stream matcher`).toEqual([...expected].sort());
      expect(page.total, title).toBe(expected.length);
    }
  });

  it("bounds the lists (1,000) and the strings (1,024)", async () => {
    const filter = async (event: unknown) => send(h.app, "POST", "/api/events/filter", { filter: { event } });
    expect((await filter({ prefix: ["a"], exclude_prefix: ["b"] })).status).toBe(200);
    const tooMany = await filter({ exclude_prefix: Array.from({ length: 1001 }, (_, i) => `p${i}`) });
    expect(tooMany.status).toBe(422);
    expect(errorOf(tooMany).message).toContain("exclude_prefix");
    expect((await filter({ prefix: ["x".repeat(1025)] })).status).toBe(422);
    expect((await filter({ prefix: ["x".repeat(1024)] })).status).toBe(200);
    expect((await filter({ suffix: ["a"] })).status).toBe(422);
  });
});
