import { describe, expect, it } from "vitest";
import { SetStateRequest } from "../../src/api/index.js";
import { isStewardError } from "../../src/core/errors.js";
import { iso, makeFlow, makeRun, TARGETS, type TestClock, useStore } from "./harness.js";

const T0 = Date.parse("2030-06-01T12:00:00Z");

describe.each(TARGETS)("set_state on $name", (target) => {
  const clock: TestClock = { now: T0 };
  const ctx = useStore(target, clock);
  const propose = (id: string, body: object) => ctx.store.flowRuns.setState(id, SetStateRequest.parse(body));
  const at = (ms: number) => {
    clock.now = ms;
  };

  it("accepts a valid transition, writes the state and updates the run", async () => {
    at(T0);
    const run = await makeRun(ctx.store, await makeFlow(ctx.store));
    at(T0 + 1000);
    const { result, written } = await propose(run.id, { state: { type: "RUNNING", message: "go" } });
    expect(written).toBe(true);
    expect(result).toMatchObject({
      status: "ACCEPT",
      details: { type: "accept_details" },
      state: { type: "RUNNING", name: "Running", message: "go", timestamp: iso(T0 + 1000) },
    });
    expect(result.state?.state_details.flow_run_id).toBe(run.id);
    const read = await ctx.store.flowRuns.read(run.id);
    expect(read).toMatchObject({
      state_id: result.state?.id,
      state_type: "RUNNING",
      run_count: 1,
      start_time: iso(T0 + 1000),
    });
    expect(read?.state).toEqual(result.state);
  });

  it("keeps the bookkeeping through a retry cycle (REJECT with AwaitingRetry)", async () => {
    at(T0);
    const run = await makeRun(ctx.store, await makeFlow(ctx.store), { empirical_policy: { retries: 1 } });
    at(T0 + 1000);
    await propose(run.id, { state: { type: "RUNNING" } });
    at(T0 + 3000);
    const failed = await propose(run.id, { state: { type: "FAILED", message: "boom" } });
    expect(failed.written).toBe(true);
    expect(failed.result).toMatchObject({
      status: "REJECT",
      details: { type: "reject_details", reason: "Retrying" },
      state: { type: "SCHEDULED", name: "AwaitingRetry", message: "boom" },
    });
    expect(failed.result.state?.state_details.scheduled_time).toBe(iso(T0 + 3000));
    expect(await ctx.store.flowRuns.read(run.id)).toMatchObject({
      empirical_policy: { retry_type: "in_process" },
      next_scheduled_start_time: iso(T0 + 3000),
      total_run_time: 2,
    });
    at(T0 + 4000);
    await propose(run.id, { state: { type: "RUNNING" } });
    at(T0 + 10_000);
    const done = await propose(run.id, { state: { type: "COMPLETED" } });
    expect(done.result.status).toBe("ACCEPT");
    const read = await ctx.store.flowRuns.read(run.id);
    expect(read).toMatchObject({
      state_type: "COMPLETED",
      run_count: 2,
      start_time: iso(T0 + 1000),
      end_time: iso(T0 + 10_000),
      total_run_time: 8,
      estimated_run_time: 8,
      expected_start_time: iso(T0),
      next_scheduled_start_time: null,
    });
    const history = await ctx.store.flowRuns.states(run.id);
    expect(history.map((s) => s.name)).toEqual([
      "Pending",
      "Running",
      "AwaitingRetry",
      "Running",
      "Completed",
    ]);
  });

  it("answers WAIT for a run scheduled in the future, writing nothing", async () => {
    at(T0);
    const run = await makeRun(ctx.store, await makeFlow(ctx.store), {
      state: { type: "SCHEDULED", state_details: { scheduled_time: iso(T0 + 90_000) } },
    });
    const { result, written } = await propose(run.id, { state: { type: "RUNNING" } });
    expect(written).toBe(false);
    expect(result).toMatchObject({ status: "WAIT", details: { type: "wait_details", delay_seconds: 90 } });
    expect(result.state).toEqual(run.state);
    expect(await ctx.store.flowRuns.states(run.id)).toHaveLength(1);
  });

  it("answers ABORT for a second claim, writing nothing", async () => {
    at(T0);
    const run = await makeRun(ctx.store, await makeFlow(ctx.store));
    const { result, written } = await propose(run.id, { state: { type: "PENDING" } });
    expect(written).toBe(false);
    expect(result).toMatchObject({ status: "ABORT", details: { type: "abort_details" }, state: run.state });
    expect(result.details.reason).toMatch(/already PENDING/);
  });

  it("answers REJECT without a state with the current state, writing nothing", async () => {
    at(T0);
    const run = await makeRun(ctx.store, await makeFlow(ctx.store), { state: { type: "CANCELLING" } });
    const { result, written } = await propose(run.id, { state: { type: "RUNNING" } });
    expect(written).toBe(false);
    expect(result).toMatchObject({ status: "REJECT", details: { type: "reject_details" }, state: run.state });
    expect((await ctx.store.flowRuns.read(run.id))?.state_type).toBe("CANCELLING");
  });

  it("writes a forced proposal the rules would refuse", async () => {
    at(T0);
    const run = await makeRun(ctx.store, await makeFlow(ctx.store));
    const { result, written } = await propose(run.id, {
      state: { type: "PENDING", name: "Pending" },
      force: true,
    });
    expect({ status: result.status, written }).toEqual({ status: "ACCEPT", written: true });
  });

  it("keeps state timestamps strictly increasing per run", async () => {
    at(T0);
    const run = await makeRun(ctx.store, await makeFlow(ctx.store));
    const running = await propose(run.id, { state: { type: "RUNNING" } });
    const done = await propose(run.id, { state: { type: "COMPLETED", timestamp: iso(T0 - 5000) } });
    expect(running.result.state?.timestamp).toBe(iso(T0 + 1));
    expect(done.result.state?.timestamp).toBe(iso(T0 + 2));
    const times = (await ctx.store.flowRuns.states(run.id)).map((s) => Date.parse(s.timestamp));
    expect(times).toEqual([T0, T0 + 1, T0 + 2]);
  });

  it("estimates the run time of a RUNNING run on read", async () => {
    at(T0);
    const run = await makeRun(ctx.store, await makeFlow(ctx.store));
    at(T0 + 500);
    await propose(run.id, { state: { type: "RUNNING" } });
    at(T0 + 6000);
    expect(await ctx.store.flowRuns.read(run.id)).toMatchObject({
      total_run_time: 0,
      estimated_run_time: 5.5,
    });
  });

  it("throws FLOW_RUN_NOT_FOUND for unknown ids", async () => {
    for (const id of ["0195c1a2-0000-7000-8000-0000000000ee", "nope"]) {
      const error = await propose(id, { state: { type: "RUNNING" } }).catch((e: unknown) => e);
      expect(isStewardError(error) && error.code).toBe("FLOW_RUN_NOT_FOUND");
    }
  });
});
