import { Hono } from "hono";
import { v7 as uuidv7 } from "uuid";
import { describe, expect, it } from "vitest";
import {
  type FlowRun,
  type LogCreate,
  MAX_GRAPH_NODES,
  type TaskRunStateRecord,
} from "../../src/api/index.js";
import { createApp } from "../../src/server/app.js";
import { createErrorHandler } from "../../src/server/http/errors.js";
import { formatLogLine, logsDownloadHandler } from "../../src/server/http/logs-download.js";
import type { Store } from "../../src/server/storage/store.js";
import { BACKENDS } from "./backends.js";
import { errorOf, send, uniqueName, useApp, WITHOUT_KEYS } from "./harness.js";

const SECOND = 1000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A start of history no other test of the file uses, so ranges never see each other's runs. */
let nextBase = Date.UTC(2031, 0, 1);
function freshBase(): number {
  nextBase += 86_400_000;
  return nextBase;
}

describe.each(BACKENDS)("flow-run views on $name", (backend) => {
  const h = useApp(backend);
  const newFlow = () => h.client.call("createFlow", { body: { name: uniqueName("flow") } });

  /** A run expected at `at`, SCHEDULED unless `state` says otherwise (forced, as an admin would). */
  async function runAt(
    flowId: string,
    at: number,
    state?: { type: string; name?: string },
  ): Promise<FlowRun> {
    const run = await h.client.call("createFlowRun", {
      body: {
        flow_id: flowId,
        state: { type: "SCHEDULED", state_details: { scheduled_time: iso(at) } },
      },
    });
    if (state !== undefined) {
      await h.client.call("setFlowRunState", {
        params: { id: run.id },
        body: { state: state as { type: "COMPLETED" }, force: true },
      });
    }
    const read = await h.client.call("readFlowRun", { params: { id: run.id } });
    expect(read.expected_start_time).toBe(iso(at));
    return read;
  }

  describe("POST /api/flow_runs/history", () => {
    it("counts runs per bucket and state, answering every bucket in order, empty ones too", async () => {
      const base = freshBase();
      const flow = await newFlow();
      const other = await newFlow();
      await runAt(flow.id, base); // bucket 0, at the inclusive start
      await runAt(flow.id, base + 2 * SECOND); // bucket 0
      await runAt(flow.id, base + 9_999, { type: "COMPLETED" }); // bucket 0
      await runAt(flow.id, base + 10 * SECOND, { type: "FAILED" }); // bucket 1
      await runAt(flow.id, base + 25 * SECOND, { type: "SCHEDULED", name: "Late" }); // bucket 2
      await runAt(flow.id, base + 49_999, { type: "COMPLETED" }); // bucket 4
      await runAt(flow.id, base + 50 * SECOND); // at the exclusive end: outside
      await runAt(flow.id, base - 1); // before the start: outside
      await runAt(other.id, base + SECOND); // another flow: filtered out

      const buckets = await h.client.call("flowRunHistory", {
        body: {
          history_start: iso(base),
          history_end: iso(base + 50 * SECOND),
          history_interval_seconds: 10,
          flows: { id: { any_: [flow.id] } },
        },
      });
      expect(buckets).toEqual([
        {
          interval_start: iso(base),
          interval_end: iso(base + 10 * SECOND),
          states: [
            { state_type: "COMPLETED", state_name: "Completed", count_runs: 1 },
            { state_type: "SCHEDULED", state_name: "Scheduled", count_runs: 2 },
          ],
        },
        {
          interval_start: iso(base + 10 * SECOND),
          interval_end: iso(base + 20 * SECOND),
          states: [{ state_type: "FAILED", state_name: "Failed", count_runs: 1 }],
        },
        {
          interval_start: iso(base + 20 * SECOND),
          interval_end: iso(base + 30 * SECOND),
          states: [{ state_type: "SCHEDULED", state_name: "Late", count_runs: 1 }],
        },
        { interval_start: iso(base + 30 * SECOND), interval_end: iso(base + 40 * SECOND), states: [] },
        {
          interval_start: iso(base + 40 * SECOND),
          interval_end: iso(base + 50 * SECOND),
          states: [{ state_type: "COMPLETED", state_name: "Completed", count_runs: 1 }],
        },
      ]);
    });

    it("clips the last bucket to history_end and applies flow-run filters", async () => {
      const base = freshBase();
      const flow = await newFlow();
      await runAt(flow.id, base + SECOND, { type: "COMPLETED" });
      await runAt(flow.id, base + 2 * SECOND, { type: "FAILED" });
      await runAt(flow.id, base + 21 * SECOND, { type: "COMPLETED" });

      const buckets = await h.client.call("flowRunHistory", {
        body: {
          history_start: iso(base),
          history_end: iso(base + 25 * SECOND),
          history_interval_seconds: 20,
          flow_runs: { flow_id: { any_: [flow.id] }, state: { type: { any_: ["COMPLETED"] } } },
        },
      });
      expect(buckets.map((b) => [b.interval_start, b.interval_end])).toEqual([
        [iso(base), iso(base + 20 * SECOND)],
        [iso(base + 20 * SECOND), iso(base + 25 * SECOND)],
      ]);
      expect(buckets.map((b) => b.states)).toEqual([
        [{ state_type: "COMPLETED", state_name: "Completed", count_runs: 1 }],
        [{ state_type: "COMPLETED", state_name: "Completed", count_runs: 1 }],
      ]);
    });

    it("answers every bucket of a range without runs", async () => {
      const base = freshBase();
      const buckets = await h.client.call("flowRunHistory", {
        body: { history_start: iso(base), history_end: iso(base + 3_600_000), history_interval_seconds: 60 },
      });
      expect(buckets).toHaveLength(60);
      expect(buckets.every((b) => b.states.length === 0)).toBe(true);
      expect(buckets.at(-1)?.interval_end).toBe(iso(base + 3_600_000));
    });

    it("refuses an inverted range and too many buckets with 422, counting buckets in whole ms", async () => {
      const base = freshBase();
      const inverted = await send(h.app, "POST", "/api/flow_runs/history", {
        history_start: iso(base),
        history_end: iso(base - 1),
        history_interval_seconds: 60,
      });
      expect(inverted.status).toBe(422);
      expect(errorOf(inverted).code).toBe("VALIDATION_FAILED");
      const tooMany = await send(h.app, "POST", "/api/flow_runs/history", {
        history_start: iso(base),
        history_end: iso(base + 86_400_000),
        history_interval_seconds: 1,
      });
      expect(tooMany.status).toBe(422);
      // A week split into the maximum 500 buckets with float seconds (1209.6) is not "501 buckets".
      const week = await h.client.call("flowRunHistory", {
        body: {
          history_start: iso(base),
          history_end: iso(base + 7 * 86_400_000),
          history_interval_seconds: (7 * 86_400) / 500,
        },
      });
      expect(week).toHaveLength(500);
      expect(week[1]?.interval_start).toBe(iso(base + 1_209_600));
    });
  });

  describe("GET /api/flow_runs/{id}/graph", () => {
    /** Records task runs of `flowRunId`, each with its states at the given times. */
    async function recordTasks(
      flowRunId: string,
      tasks: { id: string; name: string; states: { type: string; at: number }[] }[],
    ): Promise<void> {
      const records: TaskRunStateRecord[] = tasks.flatMap((task) =>
        task.states.map((state) => ({
          task_run: {
            id: task.id,
            name: task.name,
            flow_run_id: flowRunId,
            task_key: task.name,
            dynamic_key: "0",
          },
          state: { id: uuidv7(), type: state.type as "RUNNING", timestamp: iso(state.at) },
        })),
      );
      await h.client.call("recordTaskRunStates", { body: { records } });
    }

    it("lists direct task runs and subflow runs by start time, unstarted last, with the run's times", async () => {
      const flow = await newFlow();
      const parent = await h.client.call("createFlowRun", { body: { flow_id: flow.id, name: "parent" } });
      await h.client.call("setFlowRunState", {
        params: { id: parent.id },
        body: { state: { type: "RUNNING" } },
      });
      const now = Date.now();
      const [early, late, standIn, pending, laterPending] = [
        uuidv7(),
        uuidv7(),
        uuidv7(),
        uuidv7(),
        uuidv7(),
      ];
      await recordTasks(parent.id, [
        {
          id: late,
          name: "late-task",
          states: [
            { type: "RUNNING", at: now - 5_000 },
            { type: "COMPLETED", at: now - 4_000 },
          ],
        },
        { id: early, name: "early-task", states: [{ type: "RUNNING", at: now - 10_000 }] },
        { id: standIn, name: "child-flow-0", states: [{ type: "RUNNING", at: now - 3_000 }] },
        { id: pending, name: "pending-task", states: [{ type: "PENDING", at: now - 2_000 }] },
      ]);
      await recordTasks(parent.id, [
        { id: laterPending, name: "later-pending-task", states: [{ type: "PENDING", at: now }] },
      ]);
      const child = await h.client.call("createFlowRun", {
        body: { flow_id: flow.id, name: "child", parent_task_run_id: standIn },
      });
      await h.client.call("setFlowRunState", {
        params: { id: child.id },
        body: { state: { type: "RUNNING" } },
      });
      // The child's own task runs belong to the child's graph, not the parent's.
      await recordTasks(child.id, [
        { id: uuidv7(), name: "grandchild-task", states: [{ type: "RUNNING", at: now }] },
      ]);
      const readParent = await h.client.call("readFlowRun", { params: { id: parent.id } });
      const readChild = await h.client.call("readFlowRun", { params: { id: child.id } });

      const graph = await h.client.call("readFlowRunGraph", { params: { id: parent.id } });
      expect(graph.flow_run_id).toBe(parent.id);
      expect(graph.start_time).toBe(readParent.start_time);
      expect(graph.start_time).not.toBeNull();
      expect(graph.end_time).toBeNull();
      expect(graph.truncated).toBe(false);
      expect(graph.nodes).toEqual([
        node("task-run", early, "early-task", "RUNNING", "Running", iso(now - 10_000), null),
        node("task-run", late, "late-task", "COMPLETED", "Completed", iso(now - 5_000), iso(now - 4_000)),
        node("task-run", standIn, "child-flow-0", "RUNNING", "Running", iso(now - 3_000), null),
        {
          ...node("flow-run", child.id, "child", "RUNNING", "Running", readChild.start_time, null),
          parent_task_run_id: standIn,
        },
        node("task-run", pending, "pending-task", "PENDING", "Pending", null, null),
        node("task-run", laterPending, "later-pending-task", "PENDING", "Pending", null, null),
      ]);
    });

    it("counts the attempts of a retried task run (run_count), so the UI knows to draw each one", async () => {
      const flow = await newFlow();
      const run = await h.client.call("createFlowRun", { body: { flow_id: flow.id } });
      const now = Date.now();
      const retried = uuidv7();
      await recordTasks(run.id, [
        {
          id: retried,
          name: "flaky-0",
          states: [
            { type: "PENDING", at: now - 4_000 },
            { type: "RUNNING", at: now - 3_000 },
            { type: "SCHEDULED", at: now - 2_000 },
            { type: "RUNNING", at: now - 1_000 },
            { type: "COMPLETED", at: now - 500 },
          ],
        },
      ]);
      const graph = await h.client.call("readFlowRunGraph", { params: { id: run.id } });
      expect(graph.nodes).toEqual([
        node("task-run", retried, "flaky-0", "COMPLETED", "Completed", iso(now - 3_000), iso(now - 500), 2),
      ]);
    });

    it("answers an empty graph for a run without task runs, and FLOW_RUN_NOT_FOUND for unknown ids", async () => {
      const flow = await newFlow();
      const run = await h.client.call("createFlowRun", { body: { flow_id: flow.id } });
      const graph = await h.client.call("readFlowRunGraph", { params: { id: run.id } });
      expect(graph).toEqual({
        flow_run_id: run.id,
        start_time: null,
        end_time: null,
        nodes: [],
        truncated: false,
      });
      for (const id of [uuidv7(), "not-a-uuid"]) {
        const answer = await send(h.app, "GET", `/api/flow_runs/${id}/graph`);
        expect(answer.status, id).toBe(404);
        expect(errorOf(answer).code, id).toBe("FLOW_RUN_NOT_FOUND");
      }
    });

    it(`stops at ${MAX_GRAPH_NODES} nodes and says it truncated`, async () => {
      const flow = await newFlow();
      const run = await h.client.call("createFlowRun", { body: { flow_id: flow.id } });
      const now = Date.now();
      const ids = Array.from({ length: MAX_GRAPH_NODES + 1 }, () => uuidv7());
      const tasks = ids.map((id, i) => ({
        id,
        name: `task-${i}`,
        states: [{ type: "RUNNING", at: now + i }],
      }));
      await recordTasks(run.id, tasks.slice(0, 2_500));
      await recordTasks(run.id, tasks.slice(2_500));
      const graph = await h.client.call("readFlowRunGraph", { params: { id: run.id } });
      expect(graph.truncated).toBe(true);
      expect(graph.nodes).toHaveLength(MAX_GRAPH_NODES);
      expect(graph.nodes[0]?.id).toBe(ids[0]);
      expect(graph.nodes.at(-1)?.id).toBe(ids[MAX_GRAPH_NODES - 1]);
    });
  });

  describe("GET /api/flow_runs/{id}/logs/download", () => {
    async function logLines(runId: string, lines: Omit<LogCreate, "flow_run_id">[]): Promise<void> {
      await h.client.call("createLogs", { body: lines.map((line) => ({ ...line, flow_run_id: runId })) });
    }

    it("streams the run's logs as text, oldest first, one line each, as an attachment", async () => {
      const flow = await newFlow();
      const run = await h.client.call("createFlowRun", { body: { flow_id: flow.id, name: "quiet-otter" } });
      const other = await h.client.call("createFlowRun", { body: { flow_id: flow.id } });
      const t = Date.UTC(2026, 10, 24, 10, 0, 0, 123);
      await logLines(run.id, [
        { name: "flow", level: 40, message: "it broke", timestamp: iso(t + 2_000) },
        { name: "flow", level: 20, message: "hello", timestamp: iso(t) },
        { name: "task.fetch", level: 10, message: "details", timestamp: iso(t + 1_000) },
        { name: "flow", level: 30, message: "careful", timestamp: iso(t + 1_000) },
        { name: "flow", level: 50, message: "gone", timestamp: iso(t + 3_000) },
        { name: "custom", level: 25, message: "odd level", timestamp: iso(t + 4_000) },
      ]);
      await logLines(other.id, [{ name: "flow", level: 20, message: "not mine", timestamp: iso(t) }]);

      const response = await h.app.request(`/api/flow_runs/${run.id}/logs/download`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(response.headers.get("content-disposition")).toBe('attachment; filename="quiet-otter-logs.txt"');
      expect(await response.text()).toBe(
        [
          "2026-11-24T10:00:00.123Z INFO    flow - hello",
          "2026-11-24T10:00:01.123Z DEBUG   task.fetch - details",
          "2026-11-24T10:00:01.123Z WARNING flow - careful",
          "2026-11-24T10:00:02.123Z ERROR   flow - it broke",
          "2026-11-24T10:00:03.123Z CRITICAL flow - gone",
          "2026-11-24T10:00:04.123Z 25      custom - odd level",
          "",
        ].join("\n"),
      );
    });

    it("reads the store in pages, never repeating or skipping lines that share a timestamp", async () => {
      const flow = await newFlow();
      const run = await h.client.call("createFlowRun", { body: { flow_id: flow.id } });
      const t = Date.UTC(2026, 0, 1);
      // 3 lines at t, 4 at t+1 (straddling pages of 2), then 2 more: the ids break the ties.
      const times = [t, t, t, t + 1, t + 1, t + 1, t + 1, t + 2, t + 5];
      await logLines(
        run.id,
        times.map((at, i) => ({ name: "flow", level: 20, message: `line ${i}`, timestamp: iso(at) })),
      );
      const limits: number[] = [];
      const spied: Pick<Store, "flowRuns" | "logs"> = {
        flowRuns: h.store.flowRuns,
        logs: {
          ...h.store.logs,
          filter: (query) => {
            limits.push(query.limit);
            return h.store.logs.filter(query);
          },
        },
      };
      const app = new Hono();
      app.onError(createErrorHandler({ log: () => {} }));
      app.get("/runs/:id/logs", logsDownloadHandler({ store: spied, pageSize: 2 }));
      const text = await (await app.request(`/runs/${run.id}/logs`)).text();
      expect(text).toBe(
        times
          .map((at, i) =>
            formatLogLine({ timestamp: iso(at), level: 20, name: "flow", message: `line ${i}` }),
          )
          .join(""),
      );
      expect(limits).toEqual([2, 2, 2, 2, 2]);
    });

    it("names the file safely when the run's name is not plain ASCII", async () => {
      const flow = await newFlow();
      const run = await h.client.call("createFlowRun", { body: { flow_id: flow.id, name: 'résumé "v2"' } });
      const response = await h.app.request(`/api/flow_runs/${run.id}/logs/download`);
      expect(response.headers.get("content-disposition")).toBe(
        `attachment; filename="r_sum_ _v2_-logs.txt"; filename*=UTF-8''${encodeURIComponent('résumé "v2"-logs.txt')}`,
      );
      expect(await response.text()).toBe("");
    });

    it("answers FLOW_RUN_NOT_FOUND as JSON for unknown and malformed ids", async () => {
      for (const id of [uuidv7(), "nope"]) {
        const answer = await send(h.app, "GET", `/api/flow_runs/${id}/logs/download`);
        expect(answer.status, id).toBe(404);
        expect(answer.headers.get("content-type"), id).toContain("application/json");
        expect(errorOf(answer).code, id).toBe("FLOW_RUN_NOT_FOUND");
      }
      const post = await send(h.app, "POST", `/api/flow_runs/${uuidv7()}/logs/download`);
      expect(post.status).toBe(405);
    });
  });
});

function node(
  kind: "task-run" | "flow-run",
  id: string,
  label: string,
  stateType: string,
  stateName: string,
  start: string | null,
  end: string | null,
  // Every node these tests start runs once; the retried task has a test of its own.
  runCount = start === null ? 0 : 1,
) {
  return {
    kind,
    id,
    label,
    state_type: stateType,
    state_name: stateName,
    start_time: start,
    end_time: end,
    run_count: runCount,
    parent_task_run_id: null,
  };
}

describe("the OpenAPI document", () => {
  it("lists the log download and the change stream beside the route table", async () => {
    const app = createApp({ store: WITHOUT_KEYS as unknown as Store, version: "0.0.0-test" });
    const doc = (await send(app, "GET", "/api/openapi.json")).body as {
      paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
    };
    const download = doc.paths["/api/flow_runs/{id}/logs/download"]?.get;
    expect(download?.operationId).toBe("downloadFlowRunLogs");
    expect(download?.responses["200"]).toMatchObject({ content: { "text/plain": expect.any(Object) } });
    const stream = doc.paths["/api/changes/stream"]?.get;
    expect(stream?.responses["200"]).toMatchObject({ content: { "text/event-stream": expect.any(Object) } });
  });
});
