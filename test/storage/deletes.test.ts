import { v7 as uuidv7 } from "uuid";
import { describe, expect, it } from "vitest";
import { LogCreate, LogQuery, TaskRunStateRecord } from "../../src/api/index.js";
import type { Store } from "../../src/server/storage/store.js";
import { iso, makeFlow, makeRun, TARGETS, useStore } from "./harness.js";

/** A flow run with two task runs (two states each) and two log lines. */
async function populatedRun(store: Store, flowId: string) {
  const run = await makeRun(store, flowId, { state: { type: "RUNNING" } });
  const taskIds = [uuidv7(), uuidv7()];
  const now = Date.now();
  await store.taskRuns.recordStates({
    records: taskIds.flatMap((id, i) =>
      (["RUNNING", "COMPLETED"] as const).map((type, j) =>
        TaskRunStateRecord.parse({
          task_run: { id, name: "t", flow_run_id: run.id, task_key: "t", dynamic_key: String(i) },
          state: { id: uuidv7(), type, timestamp: iso(now + j) },
        }),
      ),
    ),
  });
  await store.logs.create(
    ["a", "b"].map((message) =>
      LogCreate.parse({ name: "x", level: 20, message, timestamp: iso(now), flow_run_id: run.id }),
    ),
  );
  return { run, taskIds };
}

async function remaining(store: Store, runId: string, taskIds: string[]) {
  return {
    run: await store.flowRuns.read(runId),
    runStates: (await store.flowRuns.states(runId)).length,
    tasks: (await Promise.all(taskIds.map((id) => store.taskRuns.read(id)))).filter(Boolean).length,
    taskStates: (await Promise.all(taskIds.map((id) => store.taskRuns.states(id)))).flat().length,
    logs: (await store.logs.filter(LogQuery.parse({ logs: { flow_run_id: { any_: [runId] } } }))).length,
  };
}

describe.each(TARGETS)("deletes on $name", (target) => {
  const ctx = useStore(target);

  it("deleting a flow run deletes its task runs, states and logs", async () => {
    const flowId = await makeFlow(ctx.store);
    const { run, taskIds } = await populatedRun(ctx.store, flowId);
    const kept = await populatedRun(ctx.store, flowId);
    expect(await remaining(ctx.store, run.id, taskIds)).toMatchObject({
      runStates: 1,
      tasks: 2,
      taskStates: 4,
      logs: 2,
    });
    expect(await ctx.store.flowRuns.delete(run.id)).toBe(true);
    expect(await remaining(ctx.store, run.id, taskIds)).toEqual({
      run: undefined,
      runStates: 0,
      tasks: 0,
      taskStates: 0,
      logs: 0,
    });
    expect(await ctx.store.flowRuns.delete(run.id)).toBe(false);
    expect(await remaining(ctx.store, kept.run.id, kept.taskIds)).toMatchObject({
      tasks: 2,
      taskStates: 4,
      logs: 2,
    });
  });

  it("deleting a flow deletes its runs and everything under them", async () => {
    const flowId = await makeFlow(ctx.store);
    const { run, taskIds } = await populatedRun(ctx.store, flowId);
    expect(await ctx.store.flows.delete(flowId)).toBe(true);
    expect(await ctx.store.flows.read(flowId)).toBeUndefined();
    expect(await remaining(ctx.store, run.id, taskIds)).toEqual({
      run: undefined,
      runStates: 0,
      tasks: 0,
      taskStates: 0,
      logs: 0,
    });
    expect(await ctx.store.flows.delete(flowId)).toBe(false);
  });

  it("deleting a task run deletes its states", async () => {
    const { run, taskIds } = await populatedRun(ctx.store, await makeFlow(ctx.store));
    const [first, second] = taskIds;
    expect(await ctx.store.taskRuns.delete(first ?? "")).toBe(true);
    expect(await ctx.store.taskRuns.states(first ?? "")).toEqual([]);
    expect(await ctx.store.taskRuns.read(second ?? "")).toBeDefined();
    expect((await ctx.store.flowRuns.read(run.id))?.state_type).toBe("RUNNING");
    expect(await ctx.store.taskRuns.delete("not-a-uuid")).toBe(false);
  });
});
