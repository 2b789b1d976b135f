/**
 * The live edge of the event table: every event stored after the tail started reaches each
 * subscriber once and in order, whoever wrote it; with nobody subscribed it only keeps up.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Event } from "../../src/api/index.js";
import { EventTail } from "../../src/server/events/event-tail.js";
import { TARGETS, uniqueName, useStore } from "../storage/harness.js";
import { waitFor } from "../e2e/harness.js";

describe.each(TARGETS)("the event tail on $name", (target) => {
  const ctx = useStore(target);
  let tail: EventTail | undefined;
  afterEach(async () => {
    await tail?.stop();
  });

  const emit = (name: string, count: number) =>
    ctx.store.events.insert(
      Array.from({ length: count }, (_, i) => ({
        event: name,
        resource: { "steward.resource.id": `tail.${i}` },
        related: [],
        payload: { i },
      })),
    );

  it("hands each later event to every subscriber once, in order, and none from before it started", async () => {
    const name = uniqueName("tail.test");
    await emit(`${name}.before`, 3);
    tail = new EventTail({ store: ctx.store, pollMs: 50, batchSize: 7 });
    await tail.start();
    const first: Event[] = [];
    const second: Event[] = [];
    tail.subscribe((events) => first.push(...events));
    tail.subscribe((events) => second.push(...events));
    const stored = [...(await emit(`${name}.after`, 20)), ...(await emit(`${name}.after`, 5))];
    tail.wake();
    const ours = (events: Event[]) => events.filter((e) => e.event.startsWith(name));
    await waitFor(() => ours(first).length >= 25 && ours(second).length >= 25, {
      what: "the subscribers to see 25 events",
    });
    expect(ours(first).map((e) => e.id)).toEqual(stored.map((e) => e.id));
    expect(ours(second).map((e) => e.id)).toEqual(stored.map((e) => e.id));
  });

  it("with nobody subscribed only keeps up, and a later subscriber still gets every later event", async () => {
    const name = uniqueName("tail.idle");
    tail = new EventTail({ store: ctx.store, pollMs: 20 });
    await tail.start();
    await emit(`${name}.unheard`, 50);
    tail.wake();
    const seen: Event[] = [];
    tail.subscribe((events) => seen.push(...events));
    const later = await emit(`${name}.heard`, 2);
    tail.wake();
    const heard = () => seen.filter((e) => e.event === `${name}.heard`);
    await waitFor(() => heard().length === 2, { what: "the subscriber to see the later events" });
    expect(heard().map((e) => e.id)).toEqual(later.map((e) => e.id));
  });
});
