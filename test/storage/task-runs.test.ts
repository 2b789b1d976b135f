import { performance } from "node:perf_hooks";
import { v7 as uuidv7 } from "uuid";
import { describe, expect, it } from "vitest";
import {
  SetStateRequest,
  TaskRunCreate,
  type TaskRunCreate as TaskRunCreateInput,
  TaskRunQuery,
  TaskRunStateRecord,
} from "../../src/api/index.js";
import { isStewardError } from "../../src/core/errors.js";
import type { StateType } from "../../src/core/states.js";
import type { Parsed } from "../../src/server/storage/store.js";
import { iso, makeFlow, makeRun, TARGETS, useStore } from "./harness.js";

type StateRecord = Parsed<typeof TaskRunStateRecord>;

interface TaskIdentity {
  readonly id: string;
  readonly flow_run_id: string;
  readonly task_key: string;
  readonly dynamic_key: string;
}

function task(flowRunId: string, key: string, dynamicKey: string): TaskIdentity {
  return { id: uuidv7(), flow_run_id: flowRunId, task_key: key, dynamic_key: dynamicKey };
}

function record(t: TaskIdentity, type: StateType, at: number, stateId = uuidv7()): StateRecord {
  return TaskRunStateRecord.parse({
    task_run: { ...t, name: `${t.task_key}-${t.dynamic_key}` },
    state: { id: stateId, type, timestamp: iso(at) },
  });
}

describe.each(TARGETS)("task runs on $name", (target) => {
  const ctx = useStore(target);
  const runningFlowRun = async () =>
    makeRun(ctx.store, await makeFlow(ctx.store), { state: { type: "RUNNING" } });
  const createTask = (body: Partial<TaskRunCreateInput> & { flow_run_id: string | null }) =>
    ctx.store.taskRuns.create(TaskRunCreate.parse({ name: "t", task_key: "k", dynamic_key: "0", ...body }));

  it("upserts on (flow_run_id, task_key, dynamic_key), honouring a client-chosen id", async () => {
    const flowRun = await runningFlowRun();
    const id = uuidv7();
    const first = await createTask({ id, flow_run_id: flowRun.id, tags: ["a"], state: { type: "PENDING" } });
    const again = await createTask({ flow_run_id: flowRun.id, name: "other" });
    const sibling = await createTask({ flow_run_id: flowRun.id, dynamic_key: "1" });
    expect(first.created).toBe(true);
    expect(first.value).toMatchObject({ id, flow_run_id: flowRun.id, tags: ["a"], state_type: "PENDING" });
    expect(first.value.state?.state_details).toMatchObject({ task_run_id: id, flow_run_id: flowRun.id });
    expect(again).toEqual({ value: first.value, created: false });
    expect(sibling.created).toBe(true);
    expect(await ctx.store.taskRuns.read(id)).toEqual(first.value);
  });

  it("refuses an unknown flow run and an id taken by another task run", async () => {
    const missing = await createTask({ flow_run_id: "0195c1a2-0000-7000-8000-0000000000aa" }).catch(
      (e: unknown) => e,
    );
    expect(isStewardError(missing) && missing.code).toBe("FLOW_RUN_NOT_FOUND");
    const flowRun = await runningFlowRun();
    const { value } = await createTask({ flow_run_id: flowRun.id, task_key: "one" });
    const clash = await createTask({ id: value.id, flow_run_id: flowRun.id, task_key: "two" }).catch(
      (e: unknown) => e,
    );
    expect(isStewardError(clash) && clash.code).toBe("CONFLICT");
  });

  it("orchestrates task-run proposals, aborting RUNNING while the flow run is not running", async () => {
    const flowRun = await makeRun(ctx.store, await makeFlow(ctx.store));
    const { value } = await createTask({ flow_run_id: flowRun.id, state: { type: "PENDING" } });
    const propose = (type: StateType) =>
      ctx.store.taskRuns.setState(value.id, SetStateRequest.parse({ state: { type } }));
    const blocked = await propose("RUNNING");
    expect(blocked).toMatchObject({
      written: false,
      result: { status: "ABORT", details: { type: "abort_details" } },
    });
    await ctx.store.flowRuns.setState(flowRun.id, SetStateRequest.parse({ state: { type: "RUNNING" } }));
    const running = await propose("RUNNING");
    expect(running).toMatchObject({
      written: true,
      result: { status: "ACCEPT", state: { type: "RUNNING" } },
    });
    await propose("COMPLETED");
    expect(await ctx.store.taskRuns.read(value.id)).toMatchObject({ state_type: "COMPLETED", run_count: 1 });
    expect((await ctx.store.taskRuns.states(value.id)).map((s) => s.type)).toEqual([
      "PENDING",
      "RUNNING",
      "COMPLETED",
    ]);
    const error = await ctx.store.taskRuns
      .setState(uuidv7(), SetStateRequest.parse({ state: { type: "RUNNING" } }))
      .catch((e: unknown) => e);
    expect(isStewardError(error) && error.code).toBe("TASK_RUN_NOT_FOUND");
  });

  it("records batches: creates task runs, appends states, keeps bookkeeping", async () => {
    const flowRun = await runningFlowRun();
    const t = task(flowRun.id, "extract", "0");
    const t0 = Date.parse("2030-01-01T00:00:00Z");
    const batch = [record(t, "PENDING", t0), record(t, "RUNNING", t0 + 10), record(t, "COMPLETED", t0 + 250)];
    expect(await ctx.store.taskRuns.recordStates({ records: batch })).toBe(3);
    const read = await ctx.store.taskRuns.read(t.id);
    expect(read).toMatchObject({
      state_id: batch[2]?.state.id,
      state_type: "COMPLETED",
      run_count: 1,
      start_time: iso(t0 + 10),
      end_time: iso(t0 + 250),
      total_run_time: 0.24,
      expected_start_time: iso(t0),
      name: "extract-0",
    });
    expect(read?.state?.state_details).toMatchObject({ task_run_id: t.id, flow_run_id: flowRun.id });
    // Re-sending is harmless: nothing is stored twice and the run does not change.
    expect(await ctx.store.taskRuns.recordStates({ records: batch })).toBe(0);
    expect(await ctx.store.taskRuns.read(t.id)).toEqual(read);
    expect(await ctx.store.taskRuns.states(t.id)).toHaveLength(3);
  });

  it("continues a task run across batches and keeps the latest state current when states arrive out of order", async () => {
    const flowRun = await runningFlowRun();
    const t = task(flowRun.id, "load", "0");
    const t0 = Date.parse("2030-01-02T00:00:00Z");
    await ctx.store.taskRuns.recordStates({
      records: [record(t, "PENDING", t0), record(t, "RUNNING", t0 + 100)],
    });
    const done = record(t, "COMPLETED", t0 + 1100);
    await ctx.store.taskRuns.recordStates({ records: [done] });
    expect(await ctx.store.taskRuns.read(t.id)).toMatchObject({ state_type: "COMPLETED", total_run_time: 1 });
    // A straggler older than the current state lands in the history only.
    await ctx.store.taskRuns.recordStates({ records: [record(t, "RUNNING", t0 + 500)] });
    const read = await ctx.store.taskRuns.read(t.id);
    expect(read).toMatchObject({ state_id: done.state.id, state_type: "COMPLETED", total_run_time: 1 });
    expect((await ctx.store.taskRuns.states(t.id)).map((s) => s.type)).toEqual([
      "PENDING",
      "RUNNING",
      "RUNNING",
      "COMPLETED",
    ]);
    // Within one batch too: the newest wins whatever the order of records.
    const u = task(flowRun.id, "load", "1");
    await ctx.store.taskRuns.recordStates({
      records: [record(u, "COMPLETED", t0 + 300), record(u, "PENDING", t0), record(u, "RUNNING", t0 + 100)],
    });
    expect(await ctx.store.taskRuns.read(u.id)).toMatchObject({ state_type: "COMPLETED" });
  });

  it("adopts a task run that already exists under another id with the same identity key", async () => {
    const flowRun = await runningFlowRun();
    const { value } = await createTask({
      flow_run_id: flowRun.id,
      task_key: "dup",
      state: { type: "PENDING" },
    });
    const clientSide = { ...task(flowRun.id, "dup", "0") };
    const recorded = await ctx.store.taskRuns.recordStates({
      records: [record(clientSide, "RUNNING", Date.now() + 1000)],
    });
    expect(recorded).toBe(1);
    expect(await ctx.store.taskRuns.read(clientSide.id)).toBeUndefined();
    expect(await ctx.store.taskRuns.read(value.id)).toMatchObject({ state_type: "RUNNING", run_count: 1 });
  });

  it("refuses a batch for an unknown flow run", async () => {
    const t = task("0195c1a2-0000-7000-8000-0000000000ab", "k", "0");
    const error = await ctx.store.taskRuns
      .recordStates({ records: [record(t, "PENDING", Date.now())] })
      .catch((e: unknown) => e);
    expect(isStewardError(error) && error.code).toBe("FLOW_RUN_NOT_FOUND");
    expect(await ctx.store.taskRuns.read(t.id)).toBeUndefined();
  });

  it("filters, counts and sorts task runs, also by their flow run", async () => {
    const flowRun = await runningFlowRun();
    const other = await runningFlowRun();
    const t0 = Date.parse("2030-01-03T00:00:00Z");
    const [a, b, c] = ["a", "b", "c"].map((key) => task(flowRun.id, key, "0"));
    const d = task(other.id, "d", "0");
    if (!a || !b || !c) throw new Error("unreachable");
    await ctx.store.taskRuns.recordStates({
      records: [record(b, "PENDING", t0), record(a, "PENDING", t0 + 1), record(c, "PENDING", t0 + 2)].concat(
        record(c, "RUNNING", t0 + 3),
        record(d, "PENDING", t0),
      ),
    });
    const query = (body: object) => TaskRunQuery.parse(body);
    const names = async (body: object) =>
      (await ctx.store.taskRuns.filter(query(body))).map((t) => t.task_key);
    const mine = { flow_run_id: { any_: [flowRun.id] } };
    expect(await names({ task_runs: mine, sort: "NAME_ASC" })).toEqual(["a", "b", "c"]);
    expect(await names({ task_runs: mine, sort: "EXPECTED_START_TIME_DESC" })).toEqual(["c", "a", "b"]);
    expect(await names({ task_runs: { ...mine, state: { type: { any_: ["RUNNING"] } } } })).toEqual(["c"]);
    expect(await names({ flow_runs: { id: { any_: [other.id] } } })).toEqual(["d"]);
    expect(await ctx.store.taskRuns.count(query({ task_runs: mine }))).toBe(3);
    expect(await ctx.store.taskRuns.update(a.id, { name: "renamed" })).toBe(true);
    expect((await ctx.store.taskRuns.read(a.id))?.name).toBe("renamed");
  });

  it("records 10,000 tasks (30,000 states) in one batch", async () => {
    const flowRun = await runningFlowRun();
    const t0 = Date.parse("2030-02-01T00:00:00Z");
    const tasks = Array.from({ length: 10_000 }, (_, i) => task(flowRun.id, "noop", String(i)));
    const records = tasks.flatMap((t, i) => [
      record(t, "PENDING", t0 + i * 3),
      record(t, "RUNNING", t0 + i * 3 + 1),
      record(t, "COMPLETED", t0 + i * 3 + 2),
    ]);
    const started = performance.now();
    const recorded = await ctx.store.taskRuns.recordStates({ records });
    const elapsed = performance.now() - started;
    console.log(
      `[${target.name}] recordStates: 10,000 tasks / 30,000 states in one call: ${elapsed.toFixed(0)} ms`,
    );
    expect(recorded).toBe(30_000);
    const count = await ctx.store.taskRuns.count(
      TaskRunQuery.parse({
        task_runs: { flow_run_id: { any_: [flowRun.id] }, state: { type: { any_: ["COMPLETED"] } } },
      }),
    );
    expect(count).toBe(10_000);
    expect(await ctx.store.taskRuns.read(tasks[9999]?.id ?? "")).toMatchObject({
      run_count: 1,
      total_run_time: 0.001,
    });
  });

  it("records 10,000 tasks in API-sized batches (5,000 records), as the SDK sends them", async () => {
    const flowRun = await runningFlowRun();
    const t0 = Date.parse("2030-03-01T00:00:00Z");
    const tasks = Array.from({ length: 10_000 }, (_, i) => task(flowRun.id, "noop", String(i)));
    // States of one task often straddle two batches: PENDING+RUNNING in one, COMPLETED in the next.
    const records = tasks.flatMap((t, i) => [
      record(t, "PENDING", t0 + i * 3),
      record(t, "RUNNING", t0 + i * 3 + 1),
      record(t, "COMPLETED", t0 + i * 3 + 2),
    ]);
    const batches = Array.from({ length: Math.ceil(records.length / 5000) }, (_, i) =>
      records.slice(i * 5000, (i + 1) * 5000),
    );
    const started = performance.now();
    let recorded = 0;
    for (const batch of batches) recorded += await ctx.store.taskRuns.recordStates({ records: batch });
    const elapsed = performance.now() - started;
    console.log(
      `[${target.name}] recordStates: 10,000 tasks / 30,000 states in ${batches.length} batches of 5,000: ${elapsed.toFixed(0)} ms`,
    );
    expect(recorded).toBe(30_000);
  });
});
