/**
 * The events API over a real store, on SQLite and PostgreSQL: emitting batches, finding, paging,
 * counting and reading events, and the live stream (backfill, then new events, never one twice).
 */
import { describe, expect, it } from "vitest";
import type { Event, EventCreate } from "../../src/api/index.js";
import { sseMessages } from "../../src/client/event-stream.js";
import { BACKENDS } from "./backends.js";
import { errorOf, send, uniqueName, useApp } from "./harness.js";

/** An event about `resourceId`, `ago` ms in the past. */
function eventOf(name: string, resourceId: string, ago = 0, extra: Partial<EventCreate> = {}): EventCreate {
  return {
    event: name,
    occurred: new Date(Date.now() - ago).toISOString(),
    resource: { "steward.resource.id": resourceId, "steward.resource.name": "thing" },
    ...extra,
  };
}

/** Reads `event: event` messages of an open stream until `until` says stop (or the deadline). */
async function readStream(
  body: ReadableStream<Uint8Array>,
  until: (events: Event[]) => boolean,
  timeoutMs = 10_000,
): Promise<Event[]> {
  const events: Event[] = [];
  const iterator = sseMessages(body)[Symbol.asyncIterator]();
  const deadline = Date.now() + timeoutMs;
  while (!until(events)) {
    const left = deadline - Date.now();
    if (left <= 0)
      throw new Error(`stream: condition not met within ${timeoutMs} ms (got ${events.length} events)`);
    const next = await Promise.race([
      iterator.next(),
      new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), left)),
    ]);
    if (next === "timeout") continue;
    if (next.done) break;
    if (next.value.event === "event") events.push(JSON.parse(next.value.data) as Event);
  }
  return events;
}

describe.each(BACKENDS)("events API on $name", (backend) => {
  const h = useApp(backend);

  it("stores a batch (204), reads it back and finds it by name pattern, resource and related", async () => {
    const resource = uniqueName("order");
    const related = [{ "steward.resource.id": `customer.${resource}`, "steward.resource.role": "customer" }];
    const answer = await send(h.app, "POST", "/api/events", [
      eventOf("order.created", resource, 2000, { related, payload: { total: 12.5 } }),
      eventOf("order.shipped", resource, 1000),
      eventOf("steward.worker.started", `steward.worker.pool.${resource}`),
    ]);
    expect(answer.status).toBe(204);
    const page = await h.client.call("filterEvents", {
      body: { filter: { resource: { id: [resource] }, event: { name: ["order.*"] } } },
    });
    expect(page.total).toBe(2);
    expect(page.events.map((e) => e.event)).toEqual(["order.shipped", "order.created"]);
    const created = page.events[1];
    expect(created?.payload).toEqual({ total: 12.5 });
    expect(await h.client.call("readEvent", { params: { id: created?.id ?? "" } })).toEqual(created);
    const byRelated = await h.client.call("filterEvents", {
      body: { filter: { related: { id: [`customer.${resource}`], role: ["customer"] } } },
    });
    expect(byRelated.events.map((e) => e.event)).toEqual(["order.created"]);
    const steward = await h.client.call("filterEvents", {
      body: { filter: { resource: { id: [`steward.worker.pool.${resource}`] } } },
    });
    expect(steward.events.map((e) => e.event)).toEqual(["steward.worker.started"]);
  });

  it("pages with next_page and counts per bucket", async () => {
    const resource = uniqueName("paged");
    await h.client.call("createEvents", {
      body: Array.from({ length: 5 }, (_, i) => eventOf(`tick.${i}`, resource, 5000 - i * 100)),
    });
    const first = await h.client.call("filterEvents", {
      body: { filter: { resource: { id: [resource] } }, limit: 2, order: "ASC" },
    });
    expect(first.total).toBe(5);
    expect(first.events.map((e) => e.event)).toEqual(["tick.0", "tick.1"]);
    const second = await h.client.call("filterEventsNext", { query: { page_token: first.next_page ?? "" } });
    expect(second.events.map((e) => e.event)).toEqual(["tick.2", "tick.3"]);
    const buckets = await h.client.call("countEvents", {
      body: {
        filter: { resource: { id: [resource] } },
        since: new Date(Date.now() - 60_000).toISOString(),
        until: new Date(Date.now() + 1000).toISOString(),
        bucket_seconds: 3600,
      },
    });
    // The counting itself is the store's (test/storage); here: the route answers the buckets.
    expect(buckets).toHaveLength(1);
    expect(buckets[0]?.count).toBeGreaterThan(0);
  });

  it("answers EVENT_NOT_FOUND for an unknown id and 422 for a bad batch", async () => {
    const missing = await send(h.app, "GET", "/api/events/0190f1c2-5b7e-7c3a-9d4e-2f6a8b1c0d3e");
    expect(missing.status).toBe(404);
    expect(errorOf(missing).code).toBe("EVENT_NOT_FOUND");
    const noResourceId = await send(h.app, "POST", "/api/events", [{ event: "x", resource: { a: "b" } }]);
    expect(noResourceId.status).toBe(422);
    expect(errorOf(noResourceId).message).toContain("steward.resource.id");
    const empty = await send(h.app, "POST", "/api/events", []);
    expect(empty.status).toBe(422);
  });

  it("streams the backfill, then new matching events, each once", async () => {
    const resource = uniqueName("streamed");
    await h.client.call("createEvents", {
      body: [
        eventOf("stream.old", resource, 20 * 60_000), // outside the 15-minute window
        eventOf("stream.recent", resource, 60_000),
        eventOf("other.recent", resource, 30_000),
      ],
    });
    const filter = encodeURIComponent(
      JSON.stringify({ event: { name: ["stream.*"] }, resource: { id: [resource] } }),
    );
    const controller = new AbortController();
    const response = await h.app.request(`/api/events/stream?filter=${filter}`, {
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(response.headers.get("connection")).toBe("close");
    const body = response.body;
    if (!body) throw new Error("no body");
    const reader = body.tee();
    const backfill = await readStream(reader[0], (events) => events.length >= 1);
    expect(backfill.map((e) => e.event)).toEqual(["stream.recent"]);
    await h.client.call("createEvents", {
      body: [eventOf("other.live", resource), eventOf("stream.live", resource)],
    });
    const all = await readStream(reader[1], (events) => events.some((e) => e.event === "stream.live"));
    expect(all.map((e) => e.event)).toEqual(["stream.recent", "stream.live"]);
    controller.abort();
  });

  it("answers a bad stream filter with 400 before streaming", async () => {
    const bad = await send(h.app, "GET", `/api/events/stream?filter=${encodeURIComponent('{"nope": 1}')}`);
    expect(bad.status).toBe(400);
    expect(errorOf(bad).code).toBe("INVALID_INPUT");
    expect(errorOf(bad).message).toContain("filter");
    const notJson = await send(h.app, "GET", "/api/events/stream?filter=%7B");
    expect(notJson.status).toBe(400);
    const badBackfill = await send(h.app, "GET", "/api/events/stream?backfill=maybe");
    expect(badBackfill.status).toBe(400);
  });
});
