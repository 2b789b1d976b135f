import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { FlowRun } from "../../src/api/flow-runs.js";
import type { TaskRun } from "../../src/api/task-runs.js";
import { runFlowWith } from "../../src/engine/index.js";
import {
  CancelledError,
  flow,
  getRunContext,
  getRunLogger,
  ParameterValidationError,
  TimeoutError,
  task,
} from "../../src/index.js";
import { configureForTest, pause, waitFor } from "./helpers.js";
import { startTestServer, type TestServer } from "./server.js";

let api: TestServer;

beforeAll(async () => {
  api = await startTestServer();
});
afterAll(async () => {
  await api?.stop();
});
beforeEach(() => {
  configureForTest(
    {
      STEWARD_API_URL: api.apiUrl,
      STEWARD_LOGS_BATCH_INTERVAL_MS: "20",
      STEWARD_TASK_STATES_BATCH_INTERVAL_MS: "20",
    },
    api.home,
  );
});

async function runsOf(flowName: string): Promise<FlowRun[]> {
  return api.client.call("filterFlowRuns", {
    body: { flows: { name: { any_: [flowName] } }, sort: "ID_DESC" },
  });
}

async function latestRun(flowName: string): Promise<FlowRun> {
  const [run] = await runsOf(flowName);
  if (!run) throw new Error(`no run of ${flowName}`);
  return run;
}

async function taskRunsOf(flowRunId: string): Promise<TaskRun[]> {
  return api.client.call("filterTaskRuns", {
    body: { flow_runs: { id: { any_: [flowRunId] } }, sort: "EXPECTED_START_TIME_ASC" },
  });
}

describe("tracked flow runs", () => {
  it("record the run, each task run with PENDING→RUNNING→COMPLETED, the result and the logs", async () => {
    const add = task({ name: "add" }, async (a: number, b: number) => a + b);
    const sum = flow(
      {
        name: "sum",
        parameters: z.object({ n: z.number().default(3) }),
        tags: ["demo"],
        flowRunName: "sum-{n}",
      },
      async ({ n }) => {
        getRunLogger().info(`summing ${n}`);
        let total = 0;
        for (let i = 1; i <= n; i++) total = await add(total, i);
        const [a, b] = await Promise.all([add(total, 1), add(total, 2)]);
        return { total, a, b };
      },
    );
    expect(await sum({ n: 3 })).toEqual({ total: 6, a: 7, b: 8 });

    const run = await latestRun("sum");
    expect(run).toMatchObject({
      name: "sum-3",
      state_type: "COMPLETED",
      parameters: { n: 3 },
      tags: ["demo"],
      run_count: 1,
    });
    expect(run.state?.data).toEqual({ total: 6, a: 7, b: 8 });
    // Created RUNNING in the create request itself: no PENDING step for an in-process call.
    expect((await api.flowRunStates(run.id)).map((s) => s.type)).toEqual(["RUNNING", "COMPLETED"]);

    const tasks = await taskRunsOf(run.id);
    expect(tasks).toHaveLength(5);
    expect(tasks.every((t) => t.state_type === "COMPLETED")).toBe(true);
    expect(tasks.map((t) => t.dynamic_key).sort()).toEqual(["0", "1", "2", "3", "4"]);
    expect(new Set(tasks.map((t) => t.task_key)).size).toBe(1);
    for (const t of tasks) {
      expect((await api.taskRunStates(t.id)).map((s) => s.type)).toEqual(["PENDING", "RUNNING", "COMPLETED"]);
    }

    const logs = await api.client.call("filterLogs", { body: { logs: { flow_run_id: { any_: [run.id] } } } });
    expect(logs.map((l) => l.message)).toContain("summing 3");
    expect(logs.find((l) => l.message === "summing 3")).toMatchObject({
      level: 20,
      name: "steward.flow_runs",
    });
  });

  it("deliver thousands of task runs in batches, all visible when the flow run is COMPLETED", async () => {
    const noop = task({ name: "noop" }, async (i: number) => i);
    const many = flow({ name: "many" }, async ({ n }: { n: number }) => {
      for (let i = 0; i < n; i++) await noop(i);
      return n;
    });
    expect(await many({ n: 3_000 })).toBe(3_000);
    const run = await latestRun("many");
    expect(run.state_type).toBe("COMPLETED");
    const filter = { flow_runs: { id: { any_: [run.id] } } };
    expect(await api.client.call("countTaskRuns", { body: filter })).toBe(3_000);
    expect(
      await api.client.call("countTaskRuns", {
        body: { ...filter, task_runs: { state: { type: { any_: ["COMPLETED"] } } } },
      }),
    ).toBe(3_000);
  });

  it("record a failing flow as FAILED with its message and stack", async () => {
    const failing = flow({ name: "failing" }, async () => {
      throw new RangeError("the flow broke on purpose");
    });
    await expect(failing()).rejects.toThrow("the flow broke on purpose");
    const run = await latestRun("failing");
    expect(run.state_type).toBe("FAILED");
    expect(run.state?.message).toBe("Flow run failed: RangeError: the flow broke on purpose");
    const data = run.state?.data as { error: { name: string; message: string; stack: string } };
    expect(data.error).toMatchObject({ name: "RangeError", message: "the flow broke on purpose" });
    expect(data.error.stack).toContain("tracked.test.ts");
  });

  it("retry a failed flow through AwaitingRetry, then Retrying, ending with run_count 2", async () => {
    let attempts = 0;
    const flaky = flow({ name: "flaky", retries: 1, retryDelaySeconds: 0.05 }, async () => {
      attempts++;
      if (attempts === 1) throw new Error("first attempt fails");
      return getRunContext().flowRun?.runCount;
    });
    expect(await flaky()).toBe(2);
    const run = await latestRun("flaky");
    expect(run).toMatchObject({ state_type: "COMPLETED", run_count: 2 });
    const names = (await api.flowRunStates(run.id)).map((s) => s.name);
    expect(names).toEqual(["Running", "AwaitingRetry", "Retrying", "Completed"]);
  });

  it("create the run RUNNING in one request, then send only its final state", async () => {
    const requests: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      requests.push(`${init?.method ?? "GET"} ${url.slice(api.apiUrl.length)}`);
      return realFetch(input, init);
    };
    const quick = flow({ name: "one-request-start" }, async () => 7);
    try {
      expect(await quick()).toBe(7);
    } finally {
      globalThis.fetch = realFetch;
    }
    const run = await latestRun("one-request-start");
    const path = (p: string) => p.replace(run.id, "{id}");
    // The flow's upsert (once per process) and its log lines (batched) aside.
    const runWrites = requests.map(path).filter((r) => !r.endsWith("/flows/") && !r.endsWith("/logs/"));
    expect(runWrites).toEqual(["POST /flow_runs/", "POST /flow_runs/{id}/set_state"]);
    // The first state went through the API's state writing: bookkeeping as for a proposed RUNNING.
    expect(run).toMatchObject({ state_type: "COMPLETED", run_count: 1 });
    expect(run.start_time).not.toBeNull();
    expect(run.total_run_time).toBeGreaterThanOrEqual(0);
    const states = await api.flowRunStates(run.id);
    expect(states.map((s) => s.name)).toEqual(["Running", "Completed"]);
  });

  it("apply a flow's delay list through the run's policy", async () => {
    const started: number[] = [];
    const flaky = flow({ name: "flaky-list", retries: 2, retryDelaySeconds: [0, 0.3] }, async () => {
      started.push(Date.now());
      if (started.length < 3) throw new Error("not yet");
    });
    await flaky();
    expect(started[2]! - started[1]!).toBeGreaterThanOrEqual(250);
    expect((await latestRun("flaky-list")).run_count).toBe(3);
  });

  it("time out as FAILED named TimedOut", async () => {
    const slow = flow({ name: "slow", timeoutSeconds: 0.1 }, async () => pause(3_000));
    await expect(slow()).rejects.toBeInstanceOf(TimeoutError);
    const run = await latestRun("slow");
    expect(run).toMatchObject({ state_type: "FAILED", state_name: "TimedOut" });
    expect(run.state?.message).toMatch(/exceeded its timeout of 0.1 s/);
  });

  it("fail fast on invalid parameters: the run is created and FAILED, naming each bad field", async () => {
    let ran = false;
    const hello = flow(
      { name: "hello-invalid", parameters: z.object({ name: z.string(), times: z.number().int() }) },
      async () => {
        ran = true;
      },
    );
    await expect(hello({ name: 1, times: 1.5 } as never)).rejects.toBeInstanceOf(ParameterValidationError);
    expect(ran).toBe(false);
    const run = await latestRun("hello-invalid");
    expect(run.state_type).toBe("FAILED");
    expect(run.state?.message).toMatch(
      /^Invalid parameters for flow "hello-invalid": name: expected string, received number; times: /,
    );
    expect(run.parameters).toEqual({ name: 1, times: 1.5 });
    expect((await api.flowRunStates(run.id)).map((s) => s.type)).toEqual(["PENDING", "FAILED"]);
  });

  it("record task retries as AwaitingRetry and Retrying states of one task run", async () => {
    let calls = 0;
    const flaky = task({ name: "flaky-task", retries: 2, retryDelaySeconds: 0.01 }, async () => {
      calls++;
      if (calls < 3) throw new Error(`call ${calls} fails`);
      return calls;
    });
    const broken = task({ name: "broken-task" }, async () => {
      throw new Error("always");
    });
    const f = flow({ name: "task-retries" }, async () => {
      await broken().catch(() => undefined);
      return flaky();
    });
    expect(await f()).toBe(3);
    const run = await latestRun("task-retries");
    const tasks = await taskRunsOf(run.id);
    const flakyRun = tasks.find((t) => t.name === "flaky-task-0")!;
    expect(flakyRun).toMatchObject({ state_type: "COMPLETED", run_count: 3 });
    expect((await api.taskRunStates(flakyRun.id)).map((s) => s.name)).toEqual([
      "Pending",
      "Running",
      "AwaitingRetry",
      "Retrying",
      "AwaitingRetry",
      "Retrying",
      "Completed",
    ]);
    const brokenRun = tasks.find((t) => t.name === "broken-task-0")!;
    expect(brokenRun.state_type).toBe("FAILED");
    expect(brokenRun.state?.message).toBe("Task run failed: always");
  });

  it("link a subflow to its parent through a task run that mirrors the child's states", async () => {
    const child = flow({ name: "child", parameters: z.object({ x: z.number() }) }, async ({ x }) => x * 2);
    const failingChild = flow({ name: "failing-child" }, async () => {
      throw new Error("child failed");
    });
    const parent = flow({ name: "parent" }, async () => {
      const doubled = await child({ x: 21 });
      const error = await failingChild().catch((e: unknown) => (e as Error).message);
      return { doubled, error };
    });
    expect(await parent()).toEqual({ doubled: 42, error: "child failed" });

    const parentRun = await latestRun("parent");
    const childRun = await latestRun("child");
    expect(parentRun.state_type).toBe("COMPLETED");
    expect(childRun).toMatchObject({ state_type: "COMPLETED", parameters: { x: 21 } });
    const link = await api.client.call("readTaskRun", { params: { id: childRun.parent_task_run_id! } });
    expect(link.flow_run_id).toBe(parentRun.id);
    expect((await api.taskRunStates(link.id)).map((s) => s.type)).toEqual([
      "PENDING",
      "RUNNING",
      "COMPLETED",
    ]);
    const failedChildRun = await latestRun("failing-child");
    const failedLink = (await taskRunsOf(parentRun.id)).find(
      (t) => t.id === failedChildRun.parent_task_run_id,
    );
    expect(failedLink?.state_type).toBe("FAILED");
  });

  it("stop on cancellation: later tasks throw CancelledError and the run ends CANCELLED", async () => {
    const step = task({ name: "step" }, async (i: number) => i);
    let steps = 0;
    let laterTaskError: unknown;
    const long = flow({ name: "long" }, async () => {
      for (let i = 0; i < 1_000; i++) {
        try {
          await step(i);
        } catch (error) {
          laterTaskError = error;
          throw error;
        }
        steps++;
        await pause(20);
      }
    });
    const running = long().then(
      () => "completed",
      (error: unknown) => error,
    );
    const run = await waitFor(
      async () => (await runsOf("long")).find((r) => r.state_type === "RUNNING"),
      "a RUNNING run",
    );
    await api.client.call("setFlowRunState", {
      params: { id: run.id },
      body: { state: { type: "CANCELLING" } },
    });
    const outcome = await running;
    expect(outcome).toBeInstanceOf(CancelledError);
    const final = await api.client.call("readFlowRun", { params: { id: run.id } });
    expect(final.state_type).toBe("CANCELLED");
    expect(steps).toBeLessThan(1_000);
    // The abandoned loop's next task call is refused rather than started.
    await waitFor(() => laterTaskError, "the next task call to fail");
    expect(laterTaskError).toBeInstanceOf(CancelledError);
    const tasks = await taskRunsOf(run.id);
    expect(tasks.every((t) => t.state_type === "COMPLETED" || t.state_type === "CANCELLED")).toBe(true);
  });

  it("adopt an existing run (the worker's STEWARD_FLOW_RUN_ID) and wait for its scheduled time", async () => {
    const adopted = flow(
      { name: "adopted", parameters: z.object({ who: z.string() }) },
      async ({ who }) => `hi ${who}`,
    );
    const { id: flowId } = await api.client.call("createFlow", { body: { name: "adopted" } });
    const startAt = Date.now() + 1_200;
    const created = await api.client.call("createFlowRun", {
      body: {
        flow_id: flowId,
        parameters: { who: "worker" },
        state: { type: "SCHEDULED", state_details: { scheduled_time: new Date(startAt).toISOString() } },
      },
    });
    expect(await runFlowWith(adopted, created.parameters, { flowRunId: created.id })).toBe("hi worker");
    const runs = await runsOf("adopted");
    expect(runs.map((r) => r.id)).toEqual([created.id]);
    expect(runs[0]?.state_type).toBe("COMPLETED");
    expect(Date.parse(runs[0]!.start_time!)).toBeGreaterThanOrEqual(startAt - 1_000);
  });
});
