/**
 * The event store on both dialects: client events in, filters (wildcards, resources, related
 * resources, time), keyset paging, counts, the live tail (exactly once, in order — also when
 * PostgreSQL transactions commit out of order) and retention.
 */
import pg from "pg";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Event,
  EventCountRequest,
  EventCreate,
  type EventCreate as EventCreateInput,
  EventQuery,
} from "../../src/api/index.js";
import { eventRetentionService } from "../../src/server/services/event-retention.js";
import type { Store } from "../../src/server/storage/store.js";
import { iso, type OpenedStore, POSTGRES_URL, TARGETS, uniqueName, useStore } from "./harness.js";

const T0 = Date.parse("2031-05-01T12:00:00Z");
const FAR_FUTURE = "2999-01-01T00:00:00.000Z";
/** The events of these tests occur in 2031: read them with the range open to the future. */
const range = { occurred: { until: FAR_FUTURE } };

/** A parsed client event about resource `id`. */
function event(name: string, id: string, extra: Partial<EventCreateInput> = {}) {
  return EventCreate.parse({ event: name, resource: { "steward.resource.id": id }, ...extra });
}

/** Waits for `check` to give a value, polling, up to `ms`. */
async function until<T>(check: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Follows the tail from `cursor` until `count` events arrived (and no more when asked). */
async function follow(store: Store, cursor: string | null, count: number, batch = 3) {
  const seen: Event[] = [];
  let at = cursor;
  await until(async () => {
    const next = await store.events.tail(at, batch);
    at = next.cursor;
    seen.push(...next.events);
    return seen.length >= count ? true : undefined;
  });
  return { seen, cursor: at };
}

describe.each(TARGETS)("events on $name", (target) => {
  const ctx = useStore(target);
  const filter = (body: object) => ctx.store.events.filter(EventQuery.parse(body));

  it("stores client events, filling id, occurred and received; a resent id is kept once", async () => {
    const id = uuidv7();
    const prefix = uniqueName("res");
    const [given, filled] = await ctx.store.events.insert([
      event("test.given", `${prefix}.a`, { id, occurred: iso(T0), payload: { n: 1 } }),
      event("test.filled", `${prefix}.a`),
    ]);
    expect(given).toMatchObject({ id, occurred: iso(T0), payload: { n: 1 }, related: [], follows: null });
    expect(filled?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(filled?.occurred ?? "")).toBeGreaterThan(Date.now() - 60_000);
    expect(await ctx.store.events.read(id)).toEqual(given);
    expect(await ctx.store.events.read("not-a-uuid")).toBeUndefined();
    await ctx.store.events.insert([event("test.given", `${prefix}.a`, { id, payload: { n: 2 } })]);
    expect((await ctx.store.events.read(id))?.payload).toEqual({ n: 1 });
  });

  it("refuses an event over the size limit, storing none of its batch", async () => {
    const prefix = uniqueName("big");
    await expect(
      ctx.store.events.insert([
        event("test.small", prefix),
        event("test.big", prefix, { payload: { blob: "x".repeat(1_600_000) } }),
      ]),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect((await filter({ filter: { resource: { id: [prefix] } } })).total).toBe(0);
  });

  it("filters by names and ids with wildcards, labels, related resources and time", async () => {
    const p = uniqueName("flt");
    const related = (id: string, role: string) => ({
      "steward.resource.id": id,
      "steward.resource.role": role,
    });
    await ctx.store.events.insert([
      event("shop.order.placed", `${p}.order.1`, {
        occurred: iso(T0),
        related: [related(`${p}.customer.ada`, "customer")],
      }),
      event("shop.order.shipped", `${p}.order.1`, { occurred: iso(T0 + 1000) }),
      event("shop.order_100%.placed", `${p}.order.2`, {
        occurred: iso(T0 + 2000),
        resource: { "steward.resource.id": `${p}.order.2`, region: "eu-west" },
        related: [related(`${p}.customer.bob`, "customer"), related(`${p}.warehouse.x`, "source")],
      }),
      event("Shop.Order.Placed", `${p}.order.3`, { occurred: iso(T0 + 3000) }),
    ]);
    const names = async (f: object) =>
      (await filter({ filter: { resource: { id: [`${p}.*`] }, ...range, ...f }, order: "ASC" })).events.map(
        (e) => e.event,
      );

    expect(await names({})).toHaveLength(4);
    expect(await names({ event: { name: ["shop.order.*"] } })).toEqual([
      "shop.order.placed",
      "shop.order.shipped",
    ]);
    // LIKE's specials are literal; names are case-sensitive.
    expect(await names({ event: { name: ["shop.order_100%.*"] } })).toEqual(["shop.order_100%.placed"]);
    expect(await names({ event: { name: ["shop.order_1*"] } })).toEqual(["shop.order_100%.placed"]);
    expect(await names({ event: { name: ["shop.order%"] } })).toEqual([]);
    expect(await names({ event: { name: ["*.placed"], exclude_name: ["shop.order_*"] } })).toEqual([
      "shop.order.placed",
    ]);
    expect(await names({ event: { name: ["shop.*"] }, resource: { id: [`${p}.order.1`] } })).toEqual([
      "shop.order.placed",
      "shop.order.shipped",
    ]);
    expect(await names({ resource: { id: [`${p}.*`], labels: { region: "eu-*" } } })).toEqual([
      "shop.order_100%.placed",
    ]);
    expect(await names({ related: { id: [`${p}.customer.*`] } })).toEqual([
      "shop.order.placed",
      "shop.order_100%.placed",
    ]);
    expect(await names({ related: { id: [`${p}.customer.bob`] } })).toEqual(["shop.order_100%.placed"]);
    expect(await names({ related: { id: [`${p}.warehouse.x`], role: ["customer"] } })).toEqual([]);
    expect(await names({ related: { role: ["source"] } })).toEqual(["shop.order_100%.placed"]);
    expect(await names({ occurred: { since: iso(T0 + 1000), until: iso(T0 + 2000) } })).toEqual([
      "shop.order.shipped",
      "shop.order_100%.placed",
    ]);
    const anyOf = await filter({
      filter: { any_resource: { id: [`${p}.customer.ada`, `${p}.order.3`] }, ...range },
    });
    expect(anyOf.events.map((e) => e.event)).toEqual(["Shop.Order.Placed", "shop.order.placed"]);
    const one = anyOf.events[0]?.id ?? "";
    expect((await filter({ filter: { id: [one], ...range } })).events.map((e) => e.id)).toEqual([one]);
    // By default the range ends now: these events are in the future.
    expect((await filter({ filter: { resource: { id: [`${p}.*`] } } })).total).toBe(0);
  });

  it("pages through every match exactly once, in both orders, with the total", async () => {
    const p = uniqueName("page");
    // Many events share a millisecond: the id breaks the tie, so no page boundary drops one.
    await ctx.store.events.insert(
      Array.from({ length: 23 }, (_, i) => event(`page.e${i}`, p, { occurred: iso(T0 + Math.floor(i / 4)) })),
    );
    for (const order of ["DESC", "ASC"] as const) {
      let page = await filter({ filter: { resource: { id: [p] }, ...range }, limit: 5, order });
      const seen = [...page.events];
      expect(page.total).toBe(23);
      while (page.next_page !== null) {
        page = await ctx.store.events.next(page.next_page);
        expect(page.total).toBe(23);
        seen.push(...page.events);
      }
      expect(seen).toHaveLength(23);
      expect(new Set(seen.map((e) => e.id)).size).toBe(23);
      const keys = seen.map((e) => `${e.occurred}|${e.id}`);
      const sorted = [...keys].sort();
      expect(keys).toEqual(order === "ASC" ? sorted : sorted.reverse());
    }
    await expect(ctx.store.events.next("bm90IGEgdG9rZW4")).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("counts matching events per bucket of the range", async () => {
    const p = uniqueName("count");
    await ctx.store.events.insert(
      [0, 10, 59_999, 60_000, 150_000, 180_000].map((ms) => event("count.e", p, { occurred: iso(T0 + ms) })),
    );
    const buckets = await ctx.store.events.count(
      EventCountRequest.parse({
        filter: { resource: { id: [p] } },
        since: iso(T0),
        until: iso(T0 + 180_000),
        bucket_seconds: 60,
      }),
    );
    expect(buckets).toEqual([
      { start: iso(T0), end: iso(T0 + 60_000), count: 3 },
      { start: iso(T0 + 60_000), end: iso(T0 + 120_000), count: 1 },
      { start: iso(T0 + 120_000), end: iso(T0 + 180_000), count: 1 },
    ]);
    const byDefault = await ctx.store.events.count(
      EventCountRequest.parse({
        filter: { resource: { id: [p] } },
        since: iso(T0),
        until: iso(T0 + 3_600_000),
      }),
    );
    expect(byDefault).toHaveLength(60);
    expect(byDefault.reduce((sum, b) => sum + b.count, 0)).toBe(6);
  });

  it("tails every later event exactly once, in order, across calls; a null cursor starts at the newest", async () => {
    const p = uniqueName("tail");
    await ctx.store.events.insert([event("tail.before", p)]);
    const start = await ctx.store.events.tail(null, 10);
    expect(start.events).toEqual([]);
    expect(start.cursor).not.toBeNull();
    let woken = 0;
    const unsubscribe = ctx.store.events.onStored(() => woken++);
    for (let i = 0; i < 4; i++)
      await ctx.store.events.insert([event(`tail.e${2 * i}`, p), event(`tail.e${2 * i + 1}`, p)]);
    unsubscribe();
    expect(woken).toBe(4);
    const { seen, cursor } = await follow(ctx.store, start.cursor, 8);
    const mine = seen.filter((e) => e.resource["steward.resource.id"] === p).map((e) => e.event);
    expect(mine).toEqual(Array.from({ length: 8 }, (_, i) => `tail.e${i}`));
    const after = await ctx.store.events.tail(cursor, 100);
    expect(after.events.filter((e) => e.resource["steward.resource.id"] === p)).toEqual([]);
    await expect(ctx.store.events.tail("garbage", 1)).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("deletes only events older than the retention", async () => {
    const p = uniqueName("old");
    const old = Date.parse("2001-01-01T00:00:00Z");
    await ctx.store.events.insert([
      event("old.a", p, { occurred: iso(old) }),
      event("old.b", p, { occurred: iso(old + 1000) }),
      event("old.c", p, { occurred: iso(old + 10 * 86_400_000) }),
    ]);
    expect(await ctx.store.events.deleteBefore(old + 1000)).toBeGreaterThanOrEqual(1);
    const left = async () =>
      (
        await filter({ filter: { resource: { id: [p] }, occurred: { until: FAR_FUTURE } }, order: "ASC" })
      ).events.map((e) => e.event);
    expect(await left()).toEqual(["old.b", "old.c"]);
    const service = eventRetentionService({
      store: ctx.store,
      retentionDays: 7,
      now: () => old + 16 * 86_400_000,
    });
    await service.tick();
    expect(await left()).toEqual(["old.c"]);
  });
});

describe("event tail on postgres with transactions committing out of order", () => {
  const target = TARGETS.find((t) => t.name === "postgres");
  let opened: OpenedStore | undefined;
  beforeAll(async () => {
    opened = await target?.open();
  });
  afterAll(async () => {
    await opened?.cleanup();
  });

  async function client(): Promise<pg.Client> {
    const c = new pg.Client({
      connectionString: POSTGRES_URL,
      options: `-c search_path=${opened?.location}`,
    });
    await c.connect();
    return c;
  }
  const insert = (c: pg.Client, name: string, resource: string) =>
    c.query(
      `insert into event (id, occurred, received, event, resource_id, resource) values ($1, 0, 0, $2, $3, $4)`,
      [uuidv7(), name, resource, JSON.stringify({ "steward.resource.id": resource })],
    );

  it("does not skip the event of an earlier transaction that commits after a later one", async () => {
    const store = opened?.store;
    if (store === undefined) throw new Error("no store");
    const p = uniqueName("ooo");
    const start = await store.events.tail(null, 10);
    const [early, late] = [await client(), await client()];
    try {
      await early.query("begin");
      await insert(early, "ooo.early", p);
      await late.query("begin");
      await insert(late, "ooo.late", p);
      await late.query("commit");
      // The later transaction has committed, but an older one is still open: nothing yet.
      const meanwhile = await store.events.tail(start.cursor, 100);
      expect(meanwhile.events.filter((e) => e.resource["steward.resource.id"] === p)).toEqual([]);
      await early.query("commit");
      const { seen } = await follow(store, meanwhile.cursor, 2, 100);
      expect(seen.filter((e) => e.resource["steward.resource.id"] === p).map((e) => e.event)).toEqual([
        "ooo.early",
        "ooo.late",
      ]);
    } finally {
      await early.end();
      await late.end();
    }
  });
});
