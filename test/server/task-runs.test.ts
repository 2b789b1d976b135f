import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BACKENDS } from "./backends.js";
import { errorOf, send, uniqueName, useApp } from "./harness.js";

describe.each(BACKENDS)("task-run routes on $name", (backend) => {
  const h = useApp(backend);

  async function newFlowRun(): Promise<string> {
    const flow = await h.client.call("createFlow", { body: { name: uniqueName("flow") } });
    const run = await h.client.call("createFlowRun", { body: { flow_id: flow.id } });
    await h.client.call("setFlowRunState", { params: { id: run.id }, body: { state: { type: "RUNNING" } } });
    return run.id;
  }

  it("creates with 201, and the same (flow run, task key, dynamic key) returns 200", async () => {
    const flowRunId = await newFlowRun();
    const body = { name: "fetch-0", flow_run_id: flowRunId, task_key: "fetch", dynamic_key: "0" };
    const first = await h.client.callWithStatus("createTaskRun", { body });
    expect(first.status).toBe(201);
    expect(first.data).toMatchObject({ flow_run_id: flowRunId, task_key: "fetch", dynamic_key: "0" });
    const again = await h.client.callWithStatus("createTaskRun", { body });
    expect(again.status).toBe(200);
    expect(again.data.id).toBe(first.data.id);
  });

  it("reads, updates (204), proposes states and deletes (204)", async () => {
    const flowRunId = await newFlowRun();
    const task = await h.client.call("createTaskRun", {
      body: { name: "t", flow_run_id: flowRunId, task_key: "t", dynamic_key: "0" },
    });
    expect((await send(h.app, "PATCH", `/api/task_runs/${task.id}`, { name: "renamed" })).status).toBe(204);
    expect((await h.client.call("readTaskRun", { params: { id: task.id } })).name).toBe("renamed");

    const accepted = await send(h.app, "POST", `/api/task_runs/${task.id}/set_state`, {
      state: { type: "RUNNING" },
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ status: "ACCEPT", state: { type: "RUNNING" } });
    const history = await h.client.call("readTaskRunStates", { query: { task_run_id: task.id } });
    expect(history.at(-1)?.type).toBe("RUNNING");

    expect((await send(h.app, "DELETE", `/api/task_runs/${task.id}`)).status).toBe(204);
    const gone = await send(h.app, "GET", `/api/task_runs/${task.id}`);
    expect(gone.status).toBe(404);
    expect(errorOf(gone).code).toBe("TASK_RUN_NOT_FOUND");
  });

  it("records a batch of client-decided states, idempotently", async () => {
    const flowRunId = await newFlowRun();
    const taskRunId = randomUUID();
    const task_run = {
      id: taskRunId,
      name: "batch-0",
      flow_run_id: flowRunId,
      task_key: "batch",
      dynamic_key: "0",
    };
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    const records = [
      { task_run, state: { id: randomUUID(), type: "RUNNING" as const, timestamp: at(0) } },
      { task_run, state: { id: randomUUID(), type: "COMPLETED" as const, timestamp: at(5) } },
    ];
    const first = await h.client.call("recordTaskRunStates", { body: { records } });
    expect(first.recorded).toBe(2);
    await h.client.call("recordTaskRunStates", { body: { records } });
    const task = await h.client.call("readTaskRun", { params: { id: taskRunId } });
    expect(task.state_type).toBe("COMPLETED");
    const history = await h.client.call("readTaskRunStates", { query: { task_run_id: taskRunId } });
    expect(history.map((s) => s.type)).toEqual(["RUNNING", "COMPLETED"]);
  });

  it("filters, counts and pages task runs of a flow run", async () => {
    const flowRunId = await newFlowRun();
    for (let i = 0; i < 3; i++) {
      await h.client.call("createTaskRun", {
        body: { name: `t-${i}`, flow_run_id: flowRunId, task_key: "t", dynamic_key: String(i) },
      });
    }
    const filter = { task_runs: { flow_run_id: { any_: [flowRunId] } } };
    expect(await h.client.call("filterTaskRuns", { body: filter })).toHaveLength(3);
    expect(await h.client.call("countTaskRuns", { body: filter })).toBe(3);
    const page = await h.client.call("paginateTaskRuns", { body: { ...filter, limit: 2 } });
    expect(page).toMatchObject({ count: 3, limit: 2, pages: 2, page: 1 });
    expect(page.results).toHaveLength(2);
  });

  it("answers the state histories of several task runs in one call, by run then time, bounded", async () => {
    const flowRunId = await newFlowRun();
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const records = ids.flatMap((id, i) =>
      (["RUNNING", "SCHEDULED", "RUNNING", "COMPLETED"] as const).map((type, step) => ({
        task_run: {
          id,
          name: `flaky-${i}`,
          flow_run_id: flowRunId,
          task_key: "flaky",
          dynamic_key: String(i),
        },
        state: { id: randomUUID(), type, timestamp: at(step * 10) },
      })),
    );
    await h.client.call("recordTaskRunStates", { body: { records } });
    const [first, second] = ids as [string, string, string];
    const states = await h.client.call("filterTaskRunStates", {
      body: { task_run_id: { any_: [second, first] } },
    });
    expect(states).toHaveLength(8);
    const byRun = (id: string) => states.filter((state) => state.state_details.task_run_id === id);
    for (const id of [first, second])
      expect(byRun(id).map((state) => state.type)).toEqual(["RUNNING", "SCHEDULED", "RUNNING", "COMPLETED"]);
    const cut = await h.client.call("filterTaskRunStates", {
      body: { task_run_id: { any_: ids }, limit: 5 },
    });
    expect(cut).toHaveLength(5);

    // Bounded and strict: no empty list, at most 200 runs, no unknown keys, no huge limit.
    const refused = [
      { task_run_id: { any_: [] } },
      { task_run_id: { any_: Array.from({ length: 201 }, () => randomUUID()) } },
      { task_run_id: { any_: [first] }, flow_run_id: flowRunId },
      { task_run_id: { any_: [first] }, limit: 10_001 },
      { task_run_id: { any_: ["not-a-uuid"] } },
    ];
    for (const body of refused) {
      const answer = await send(h.app, "POST", "/api/task_run_states/filter", body);
      expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(422);
    }
  });
});
