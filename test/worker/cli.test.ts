import { EventEmitter } from "node:events";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CapturedStream, steward } from "../cli/helpers.js";
import { waitFor } from "./fakes.js";
import { deploy, ROOT, runDeployment, startWorkerTestServer, type WorkerTestServer } from "./harness.js";

describe("steward worker start", () => {
  let server: WorkerTestServer;
  beforeAll(async () => {
    server = await startWorkerTestServer();
  });
  afterAll(() => server.stop());

  it("says which types exist for an unknown --type, and needs --pool", async () => {
    const bad = await steward(["worker", "start", "--pool", "p", "--type", "docker"], server.childEnv);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Unknown worker type 'docker'\. Steward workers run these types: process\./);
    const noPool = await steward(["worker", "start"], server.childEnv);
    expect(noPool.code).toBe(2);
    expect(noPool.stderr).toMatch(/--pool/);
    const badLimit = await steward(["worker", "start", "--pool", "p", "--limit", "0"], server.childEnv);
    expect(badLimit.code).toBe(2);
  });

  it("uses the local server's address when no API is configured, and says so when nothing answers", async () => {
    const result = await steward(["worker", "start", "--pool", "p"], {
      STEWARD_HOME: server.home,
      STEWARD_SERVER_PORT: "9",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Cannot reach the Steward API at http:\/\/127\.0\.0\.1:9\/api/);
    expect(result.stderr).toMatch(/steward server start/);
  });

  it("--run-once prints its banner, runs what is due and exits 0", async () => {
    await server.client.call("createWorkPool", { body: { name: "cli-pool", type: "process" } });
    const deploymentId = await deploy(server.client, {
      flowName: "greet",
      name: "cli",
      entrypoint: "test/worker/fixtures/flows.ts:greet",
      pool: "cli-pool",
    });
    const run = await runDeployment(server.client, deploymentId, { out: join(server.home, "cli.txt") });
    const result = await steward(
      ["worker", "start", "--pool", "cli-pool", "--name", "once", "--run-once", "--limit", "3"],
      server.childEnv,
      { cwd: ROOT },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("Worker 'once' polling pool 'cli-pool' (queues: all) — limit 3");
    expect(result.stdout).toMatch(/Worker 'once' stopped\./);
    expect((await server.client.call("readFlowRun", { params: { id: run.id } })).state_type).toBe(
      "COMPLETED",
    );
  });

  it("stops on SIGINT: no new claims, running flows get their grace, exit 0", async () => {
    const signals = new EventEmitter();
    const stdout = new CapturedStream();
    const running = steward(["worker", "start", "--pool", "sigint-pool", "-q", "fast"], server.childEnv, {
      cwd: ROOT,
      signals,
      stdout,
    });
    await waitFor(
      () => stdout.text.includes("polling pool 'sigint-pool' (queues: fast) — no limit"),
      "the banner",
    );
    signals.emit("SIGINT");
    const result = await running;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Received SIGINT; no new runs are claimed/);
    const queue = await server.client.call("readWorkQueue", {
      params: { name: "sigint-pool", queue_name: "fast" },
    });
    expect(queue.name).toBe("fast");
  });
});
