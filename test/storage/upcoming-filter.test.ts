/**
 * The `upcoming` flow-run filter behind the UI's "what ran" lists and their "Upcoming" view: the two
 * views split the runs exactly (a run waiting to retry has started, a run cancelled before its time
 * ended), lists and counts agree, and a count of the past keeps the counters' shortcuts.
 */
import { describe, expect, it } from "vitest";
import { FlowRunQuery, SetStateRequest, type StateCreate } from "../../src/api/index.js";
import { iso, makeFlow, makeRun, TARGETS, uniqueName, useStore } from "./harness.js";

const HOUR = 3_600_000;

describe.each(TARGETS)("the upcoming filter on $name", (target) => {
  const ctx = useStore(target);
  const names = async (body: object) =>
    (await ctx.store.flowRuns.filter(FlowRunQuery.parse(body))).map((run) => run.name).sort();
  const count = (body: object) => ctx.store.flowRuns.count(FlowRunQuery.parse(body));
  const force = (id: string, state: object) =>
    ctx.store.flowRuns.setState(id, SetStateRequest.parse({ state, force: true }));

  it("splits runs into upcoming (scheduled for later, not waiting to retry) and the rest", async () => {
    const flowId = await makeFlow(ctx.store);
    const tag = uniqueName("upcoming");
    const now = Date.now();
    const run = (name: string, state: StateCreate) =>
      makeRun(ctx.store, flowId, { name, tags: [tag], state });
    const scheduledAt = (ms: number): StateCreate => ({
      type: "SCHEDULED",
      state_details: { scheduled_time: iso(ms) },
    });
    await run("future", scheduledAt(now + HOUR));
    await run("due", scheduledAt(now - HOUR));
    await run("late", { ...scheduledAt(now - HOUR), name: "Late" });
    await run("running", { type: "RUNNING" });
    const retrying = await run("retrying", { type: "RUNNING" });
    await force(retrying.id, { ...scheduledAt(now + HOUR), name: "AwaitingRetry" });
    const cancelled = await run("cancelled", scheduledAt(now + HOUR));
    await force(cancelled.id, { type: "CANCELLED" });

    const at = iso(now + 60_000);
    const upcoming = { tags: { all_: [tag] }, upcoming: { eq_: true, at_: at } };
    const past = { tags: { all_: [tag] }, upcoming: { eq_: false, at_: at } };
    expect(await names({ flow_runs: upcoming })).toEqual(["future"]);
    expect(await names({ flow_runs: past })).toEqual(["cancelled", "due", "late", "retrying", "running"]);
    expect(await count({ flow_runs: upcoming })).toBe(1);
    // Tags alone are counted from the per-list counts; less the upcoming ones, still exact.
    expect(await count({ flow_runs: past })).toBe(5);
    expect(await count({ flow_runs: { ...past, name: { like_: "r" } } })).toBe(2);
    // Paged in the list's order, newest first, the past pages are the whole past.
    const sort = "EXPECTED_START_TIME_DESC";
    const pages = [
      ...(await names({ flow_runs: past, sort, limit: 3, offset: 0 })),
      ...(await names({ flow_runs: past, sort, limit: 3, offset: 3 })),
    ].sort();
    expect(pages).toEqual(["cancelled", "due", "late", "retrying", "running"]);

    // Seen from two hours on, the future run is due: nothing is upcoming.
    const later = iso(now + 2 * HOUR);
    expect(
      await names({ flow_runs: { tags: { all_: [tag] }, upcoming: { eq_: true, at_: later } } }),
    ).toEqual([]);
    expect(await count({ flow_runs: { tags: { all_: [tag] }, upcoming: { eq_: false, at_: later } } })).toBe(
      6,
    );
  });

  it("adds nothing to a state filter that leaves SCHEDULED out, and nothing is upcoming there", async () => {
    const flowId = await makeFlow(ctx.store);
    const tag = uniqueName("failed");
    await makeRun(ctx.store, flowId, { tags: [tag], state: { type: "FAILED" } });
    const at = iso(Date.now());
    const failed = { tags: { all_: [tag] }, state: { type: { any_: ["FAILED"] } } };
    expect(await count({ flow_runs: { ...failed, upcoming: { eq_: false, at_: at } } })).toBe(1);
    expect(await count({ flow_runs: { ...failed, upcoming: { eq_: true, at_: at } } })).toBe(0);
    const notScheduled = { tags: { all_: [tag] }, state: { type: { not_any_: ["SCHEDULED"] } } };
    expect(await names({ flow_runs: { ...notScheduled, upcoming: { eq_: true, at_: at } } })).toEqual([]);
  });

  it("counts past and upcoming to the whole, with no other filter", async () => {
    const at = iso(Date.now());
    const past = await count({ flow_runs: { upcoming: { eq_: false, at_: at } } });
    const upcoming = await count({ flow_runs: { upcoming: { eq_: true, at_: at } } });
    expect(past + upcoming).toBe(await count({}));
    expect(upcoming).toBeGreaterThan(0);
  });

  it("refuses an upcoming filter without its moment, or with an unknown key", () => {
    expect(() => FlowRunQuery.parse({ flow_runs: { upcoming: { eq_: true } } })).toThrow();
    expect(() => FlowRunQuery.parse({ flow_runs: { upcoming: { eq_: true, at_: "soon" } } })).toThrow();
    expect(() =>
      FlowRunQuery.parse({ flow_runs: { upcoming: { eq_: true, at_: iso(0), extra: 1 } } }),
    ).toThrow();
  });
});
