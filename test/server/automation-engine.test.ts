/**
 * The automations engine over a real store, on SQLite and PostgreSQL: triggers fire from stored
 * events, Proactive windows from the (fake) clock, and a restart in the middle of a window neither
 * loses nor repeats a firing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { TARGETS, uniqueName, useStore } from "../storage/harness.js";
import {
  type Clock,
  drain,
  emit,
  engineOn,
  firings,
  makeAutomation,
  automationEvents,
} from "./automation-engine-helpers.js";

const S = 1000;

describe.each(TARGETS)("automations engine on $name", (target) => {
  const ctx = useStore(target);
  // In the past: the event filter stops at the real "now" by default, and firings happen at the clock's time.
  const clock: Clock = { now: Date.now() - 3_600_000 };
  const at = (offsetMs: number) => clock.now + offsetMs;

  beforeAll(async () => {
    // Places the engine's cursor: events stored before an engine ever ran are not evaluated.
    await drain(engineOn(ctx.store, clock));
  });

  it("fires a reactive trigger when the threshold is reached within the window", async () => {
    const name = uniqueName("ev");
    const automation = await makeAutomation(ctx.store, {
      type: "event",
      expect: [name],
      threshold: 3,
      within: 60,
    });
    const engine = engineOn(ctx.store, clock);
    await drain(engine);
    await emit(ctx.store, name, at(0));
    await emit(ctx.store, name, at(1 * S));
    await drain(engine);
    expect(await firings(ctx.store, automation.id)).toBe(0);
    await emit(ctx.store, name, at(2 * S));
    await drain(engine);
    expect(await firings(ctx.store, automation.id)).toBe(1);
    const [triggered] = await automationEvents(ctx.store, automation.id, "steward.automation.triggered");
    expect(triggered?.payload).toMatchObject({
      bucket: "",
      trigger_path: "t",
      triggering_event: { event: name },
    });
    expect(triggered?.related[0]).toMatchObject({ "steward.resource.role": "triggering-resource" });
    const actionEvents = await automationEvents(
      ctx.store,
      automation.id,
      "steward.automation.action.triggered",
    );
    expect(actionEvents.map((event) => event.payload.action_type)).toEqual(["do-nothing"]);
  });

  it("fires at most 100 times a minute, and says once that it dropped the rest", async () => {
    const name = uniqueName("storm");
    const automation = await makeAutomation(ctx.store, { type: "event", expect: [name] });
    const engine = engineOn(ctx.store, clock);
    await drain(engine);
    for (let i = 0; i < 130; i++) await emit(ctx.store, name, at(0), `storm.${i}`);
    await drain(engine);
    expect(await firings(ctx.store, automation.id)).toBe(100);
    const throttled = await automationEvents(ctx.store, automation.id, "steward.automation.throttled");
    expect(throttled).toHaveLength(1);
    expect(throttled[0]?.payload).toEqual({ max_firings: 100, window_seconds: 60 });
  });

  it("does not fire when the events are spread wider than the window", async () => {
    const name = uniqueName("ev");
    const automation = await makeAutomation(ctx.store, {
      type: "event",
      expect: [name],
      threshold: 2,
      within: "10s",
    });
    const engine = engineOn(ctx.store, clock);
    await drain(engine);
    await emit(ctx.store, name, at(0));
    await emit(ctx.store, name, at(20 * S));
    await drain(engine);
    expect(await firings(ctx.store, automation.id)).toBe(0);
  });

  it("keeps one bucket per for_each value", async () => {
    const name = uniqueName("ev");
    const automation = await makeAutomation(ctx.store, {
      type: "event",
      expect: [name],
      for_each: ["steward.resource.id"],
      threshold: 2,
    });
    const engine = engineOn(ctx.store, clock);
    await drain(engine);
    await emit(ctx.store, name, at(0), "thing.a");
    await emit(ctx.store, name, at(1), "thing.b");
    await emit(ctx.store, name, at(2), "thing.a");
    await drain(engine);
    const events = await automationEvents(ctx.store, automation.id, "steward.automation.triggered");
    expect(events.map((event) => event.payload.bucket)).toEqual(["thing.a"]);
  });

  it("needs the after event to arm, and counts only expected events", async () => {
    const start = uniqueName("start");
    const done = uniqueName("done");
    const automation = await makeAutomation(ctx.store, { type: "event", after: [start], expect: [done] });
    const engine = engineOn(ctx.store, clock);
    await drain(engine);
    await emit(ctx.store, done, at(0));
    await drain(engine);
    expect(await firings(ctx.store, automation.id)).toBe(0);
    await emit(ctx.store, start, at(1));
    await emit(ctx.store, done, at(2));
    await drain(engine);
    expect(await firings(ctx.store, automation.id)).toBe(1);
  });

  it("fires a proactive trigger when the expected event does not arrive, and not when it does", async () => {
    const silent = uniqueName("hb");
    const chatty = uniqueName("hb");
    const quiet = await makeAutomation(ctx.store, {
      type: "event",
      posture: "Proactive",
      expect: [silent],
      within: 10,
    });
    const busy = await makeAutomation(ctx.store, {
      type: "event",
      posture: "Proactive",
      expect: [chatty],
      within: 10,
    });
    const engine = engineOn(ctx.store, clock);
    await drain(engine);
    const opened = clock.now;
    await emit(ctx.store, chatty, opened + 5 * S);
    clock.now = opened + 5 * S;
    await drain(engine);
    clock.now = opened + 10 * S;
    await drain(engine);
    expect(await firings(ctx.store, quiet.id)).toBe(1);
    expect(await firings(ctx.store, busy.id)).toBe(0);
    // One firing per silent window, however often the engine looks.
    clock.now = opened + 15 * S;
    await drain(engine);
    expect(await firings(ctx.store, quiet.id)).toBe(1);
    clock.now = opened + 20 * S;
    await drain(engine);
    expect(await firings(ctx.store, quiet.id)).toBe(2);
    expect(await firings(ctx.store, busy.id)).toBe(1);
  });

  it("fires a compound trigger with require: all only once every child fired", async () => {
    const [a, b] = [uniqueName("a"), uniqueName("b")];
    const automation = await makeAutomation(ctx.store, {
      type: "compound",
      require: "all",
      within: 60,
      triggers: [
        { type: "event", expect: [a] },
        { type: "event", expect: [b] },
      ],
    });
    const engine = engineOn(ctx.store, clock);
    await drain(engine);
    await emit(ctx.store, a, at(0));
    await emit(ctx.store, a, at(1));
    await drain(engine);
    expect(await firings(ctx.store, automation.id)).toBe(0);
    await emit(ctx.store, b, at(2));
    await drain(engine);
    expect(await firings(ctx.store, automation.id)).toBe(1);
  });

  it("fires compound any and N triggers", async () => {
    const [a, b, c] = [uniqueName("a"), uniqueName("b"), uniqueName("c")];
    const children = [a, b, c].map((name) => ({ type: "event", expect: [name] }));
    const any = await makeAutomation(ctx.store, { type: "compound", require: "any", triggers: children });
    const two = await makeAutomation(ctx.store, { type: "compound", require: 2, triggers: children });
    const engine = engineOn(ctx.store, clock);
    await drain(engine);
    await emit(ctx.store, c, at(0));
    await drain(engine);
    expect([await firings(ctx.store, any.id), await firings(ctx.store, two.id)]).toEqual([1, 0]);
    await emit(ctx.store, a, at(1));
    await drain(engine);
    expect([await firings(ctx.store, any.id), await firings(ctx.store, two.id)]).toEqual([2, 1]);
  });

  it("fires a sequence only in order", async () => {
    const [a, b] = [uniqueName("a"), uniqueName("b")];
    const automation = await makeAutomation(ctx.store, {
      type: "sequence",
      triggers: [
        { type: "event", expect: [a] },
        { type: "event", expect: [b] },
      ],
    });
    const engine = engineOn(ctx.store, clock);
    await drain(engine);
    await emit(ctx.store, b, at(0));
    await emit(ctx.store, a, at(1));
    await drain(engine);
    expect(await firings(ctx.store, automation.id)).toBe(0);
    await emit(ctx.store, b, at(2));
    await drain(engine);
    expect(await firings(ctx.store, automation.id)).toBe(1);
  });

  it("resumes a reactive window after a restart without losing or repeating the firing", async () => {
    const name = uniqueName("ev");
    const automation = await makeAutomation(ctx.store, {
      type: "event",
      expect: [name],
      threshold: 3,
      within: 60,
    });
    const first = engineOn(ctx.store, clock);
    await drain(first);
    await emit(ctx.store, name, at(0));
    await emit(ctx.store, name, at(1 * S));
    await drain(first);
    await first.stop();
    // Stored while no engine ran: the next one reads it from its persisted cursor.
    await emit(ctx.store, name, at(2 * S));
    const second = engineOn(ctx.store, clock);
    await drain(second);
    expect(await firings(ctx.store, automation.id)).toBe(1);
    await second.stop();
    const third = engineOn(ctx.store, clock);
    await emit(ctx.store, name, at(3 * S));
    await drain(third);
    expect(await firings(ctx.store, automation.id)).toBe(1);
  });

  it("resumes a proactive window after a restart without losing or repeating the firing", async () => {
    const name = uniqueName("hb");
    const automation = await makeAutomation(ctx.store, {
      type: "event",
      posture: "Proactive",
      expect: [name],
      within: 10,
    });
    const opened = clock.now;
    const first = engineOn(ctx.store, clock);
    await drain(first);
    clock.now = opened + 5 * S;
    await drain(first);
    await first.stop();
    const second = engineOn(ctx.store, clock);
    clock.now = opened + 6 * S;
    await drain(second);
    expect(await firings(ctx.store, automation.id)).toBe(0);
    clock.now = opened + 10 * S;
    await drain(second);
    expect(await firings(ctx.store, automation.id)).toBe(1);
    await second.stop();
    const third = engineOn(ctx.store, clock);
    await drain(third);
    expect(await firings(ctx.store, automation.id)).toBe(1);
  });

  it("lets only one of two engines process a batch", async () => {
    const name = uniqueName("ev");
    const automation = await makeAutomation(ctx.store, { type: "event", expect: [name] });
    const [a, b] = [engineOn(ctx.store, clock), engineOn(ctx.store, clock)];
    await drain(a);
    await drain(b);
    await emit(ctx.store, name, at(0));
    await Promise.all([a.tick(), b.tick()]);
    await Promise.all([drain(a), drain(b)]);
    expect(await firings(ctx.store, automation.id)).toBe(1);
  });

  it("starts a replaced automation afresh and forgets a disabled one", async () => {
    const name = uniqueName("ev");
    const trigger = { type: "event", expect: [name], threshold: 2 };
    const automation = await makeAutomation(ctx.store, trigger);
    const engine = engineOn(ctx.store, clock);
    await drain(engine);
    await emit(ctx.store, name, at(0));
    await drain(engine);
    const { AutomationCreate } = await import("../../src/api/index.js");
    await ctx.store.automations.replace(
      automation.id,
      AutomationCreate.parse({ name: automation.name, trigger, actions: [{ type: "do-nothing" }] }),
    );
    await emit(ctx.store, name, at(1));
    await drain(engine);
    expect(await firings(ctx.store, automation.id)).toBe(0);
    await ctx.store.automations.setEnabled(automation.id, false);
    await emit(ctx.store, name, at(2));
    await drain(engine);
    expect(await firings(ctx.store, automation.id)).toBe(0);
    const stored = (await ctx.store.automationEngine.load()).entries.filter(
      (e) => e.automationId === automation.id,
    );
    expect(stored).toEqual([]);
  });
});
