/** The events a worker emits about itself, and that failing to emit them never stops it. */
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "./fakes.js";
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
});
