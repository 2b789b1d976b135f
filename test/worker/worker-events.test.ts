/** The events a worker emits about itself, and that failing to emit them never stops it. */
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowRun } from "../../src/api/flow-runs.js";
import { WorkerEvents } from "../../src/worker/worker-events.js";
import { FakeClient, recordingLog, waitFor } from "./fakes.js";
import {
  deploy,
  makeWorker,
  runDeployment,
  startWorkerTestServer,
  type WorkerTestServer,
} from "./harness.js";

const FLOWS = "test/worker/fixtures/flows.ts";
let server: WorkerTestServer;
const scratch = realpathSync(mkdtempSync(join(tmpdir(), "steward-worker-events-")));

beforeAll(async () => {
  server = await startWorkerTestServer();
});
afterAll(async () => {
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("worker events", () => {
  it("emits started, submitted-flow-run, executed-flow-run and stopped, related to its pool and runs", async () => {
    const pool = "events-pool";
    await server.client.call("createWorkPool", { body: { name: pool, type: "process" } });
    const deploymentId = await deploy(server.client, {
      flowName: "greet",
      name: "evented",
      entrypoint: `${FLOWS}:greet`,
      pool,
    });
    const run = await runDeployment(server.client, deploymentId, { out: join(scratch, "out.txt") });
    const { worker } = makeWorker(server, pool, { runOnce: true, name: "w1" });
    await worker.start();
    await worker.finished;
    const resourceId = `steward.worker.${pool}.w1`;
    const events = await waitFor(async () => {
      const page = await server.client.call("filterEvents", {
        body: { filter: { resource: { id: [resourceId] } }, order: "ASC" },
      });
      return page.events.length >= 4 ? page.events : undefined;
    }, "the worker's four events");
    expect(events.map((e) => e.event)).toEqual([
      "steward.worker.started",
      "steward.worker.submitted-flow-run",
      "steward.worker.executed-flow-run",
      "steward.worker.stopped",
    ]);
    const poolRecord = await server.client.call("readWorkPool", { params: { name: pool } });
    for (const event of events) {
      expect(event.resource["steward.resource.name"]).toBe("w1");
      expect(event.related).toContainEqual(
        expect.objectContaining({
          "steward.resource.id": `steward.work-pool.${poolRecord.id}`,
          "steward.resource.role": "work-pool",
        }),
      );
    }
    expect(events[1]?.related).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          "steward.resource.id": `steward.flow-run.${run.id}`,
          "steward.resource.role": "flow-run",
        }),
        expect.objectContaining({
          "steward.resource.id": `steward.deployment.${deploymentId}`,
          "steward.resource.role": "deployment",
        }),
      ]),
    );
  });

  it("keeps running flows when the API refuses its events, warning once", async () => {
    const pool = "refusing-pool";
    await server.client.call("createWorkPool", { body: { name: pool, type: "process" } });
    const deploymentId = await deploy(server.client, {
      flowName: "greet",
      name: "refused",
      entrypoint: `${FLOWS}:greet`,
      pool,
    });
    const run = await runDeployment(server.client, deploymentId, { out: join(scratch, "refused.txt") });
    const refusing: typeof fetch = async (input, init) =>
      String(input).endsWith("/events")
        ? new Response('{"error": {"code": "INTERNAL", "message": "no"}}', { status: 500 })
        : fetch(input, init);
    const { worker, log } = makeWorker(server, pool, { runOnce: true, fetch: refusing });
    await worker.start();
    await worker.finished;
    expect((await server.client.call("readFlowRun", { params: { id: run.id } })).state_type).toBe(
      "COMPLETED",
    );
    expect(log.lines.filter((line) => line.includes("Could not emit the event"))).toHaveLength(1);
  });

  it("sends what is emitted while a request is in flight together in the next, in order", async () => {
    const answers: (() => void)[] = [];
    const client = new FakeClient().on(
      "createEvents",
      () => new Promise<void>((resolve) => answers.push(resolve)),
    );
    const events = new WorkerEvents({
      client: client.client,
      workerName: "w",
      poolName: "p",
      pool: () => null,
      log: recordingLog(),
    });
    const run = (id: string) => ({ id, name: id, deployment_id: null }) as unknown as FlowRun;
    events.started();
    await waitFor(() => answers.length === 1, "the first request");
    events.submitted(run("a"));
    events.submitted(run("b"));
    events.executed(run("a"));
    // Nothing more is sent until the first request is answered.
    expect(client.callsTo("createEvents")).toHaveLength(1);
    answers[0]?.();
    await waitFor(() => answers.length === 2, "the second request");
    answers[1]?.();
    await events.settled();
    const sent = client
      .callsTo("createEvents")
      .map((call) =>
        (call.input.body as { event: string; payload: { flow_run_id?: string } }[]).map(
          (event) => `${event.event}${event.payload.flow_run_id ? ` ${event.payload.flow_run_id}` : ""}`,
        ),
      );
    expect(sent).toEqual([
      ["steward.worker.started"],
      [
        "steward.worker.submitted-flow-run a",
        "steward.worker.submitted-flow-run b",
        "steward.worker.executed-flow-run a",
      ],
    ]);
  });
});
