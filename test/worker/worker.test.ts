import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "../../src/worker/worker.js";
import { processAlive } from "../e2e/harness.js";
import { waitFor } from "./fakes.js";
import {
  deploy,
  makeWorker,
  runDeployment,
  startWorkerTestServer,
  type WorkerTestServer,
  waitForRun,
} from "./harness.js";

const FLOWS = "test/worker/fixtures/flows.ts";

/** Reads "<pid> <grandchild pid>" written by the sleeper flow. */
const readPids = (file: string) =>
  waitFor(() => {
    if (!existsSync(file)) return undefined;
    const parts = readFileSync(file, "utf8").trim().split(" ").map(Number);
    return parts.length === 2 ? (parts as [number, number]) : undefined;
  }, "the flow to write its pids");

/** Asks for a run to be cancelled, as `steward flow-run cancel` does. */
const cancel = (client: WorkerTestServer["client"], id: string) =>
  client.call("setFlowRunState", {
    params: { id },
    body: { state: { type: "CANCELLING", name: "Cancelling" } },
  });

describe("a process worker", () => {
  let server: WorkerTestServer;
  const scratch = realpathSync(mkdtempSync(join(tmpdir(), "steward-worker-files-")));
  const workers: Worker[] = [];
  let poolCount = 0;

  /** A fresh pool (created by the worker) with a started worker. */
  const started = async (options: Parameters<typeof makeWorker>[2] = {}) => {
    const pool = `pool-${++poolCount}`;
    const made = makeWorker(server, pool, options);
    workers.push(made.worker);
    await made.worker.start();
    return { ...made, pool };
  };

  beforeAll(async () => {
    server = await startWorkerTestServer();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop({ graceMs: 0 })));
  });
  afterAll(async () => {
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("creates its missing pool, and its first heartbeat makes it ONLINE and the pool READY at once", async () => {
    const { worker, pool, log } = await started({ name: "eager worker" });
    expect(log.lines.join("\n")).toMatch(/Work pool 'pool-1' did not exist; created it \(type process\)/);
    const workersOfPool = await server.client.call("filterWorkers", { params: { name: pool } });
    expect(workersOfPool.map((w) => [w.name, w.status])).toEqual([["eager worker", "ONLINE"]]);
    const read = await server.client.call("readWorkPool", { params: { name: pool } });
    expect(read.type).toBe("process");
    expect(read.status).toBe("READY");
    expect(worker.pool?.name).toBe(pool);
  });

  it("runs a deployment's flow in a child process to COMPLETED", async () => {
    const { pool, output } = await started();
    const deploymentId = await deploy(server.client, {
      flowName: "greet",
      entrypoint: `${FLOWS}:greet`,
      pool,
    });
    const out = join(scratch, "greet.txt");
    const run = await runDeployment(server.client, deploymentId, { out, name: "Grace" });
    const done = await waitForRun(server.client, run.id, (r) => r.state_type === "COMPLETED", "to complete");
    expect(readFileSync(out, "utf8")).toMatch(/^hello Grace /);
    expect(done.infrastructure_pid).toMatch(new RegExp(`^${hostname()}:\\d+$`));
    const states = await server.client.call("readFlowRunStates", { query: { flow_run_id: run.id } });
    // The claim moves it to Pending; the worker proposes nothing more before its process runs it.
    expect(states.map((s) => s.name)).toEqual(["Scheduled", "Pending", "Running", "Completed"]);
    // stream_output defaults to true: the child's log lines reach the worker's output, prefixed.
    await waitFor(
      () => output.some((line) => line.startsWith(`[${run.name}] `) && line.includes("hello Grace")),
      "streamed output",
    );
  });

  it("marks a run whose process was killed CRASHED, explaining the signal", async () => {
    const { pool } = await started();
    const deploymentId = await deploy(server.client, {
      flowName: "self-kill",
      entrypoint: `${FLOWS}:selfKill`,
      pool,
    });
    const run = await runDeployment(server.client, deploymentId);
    const crashed = await waitForRun(server.client, run.id, (r) => r.state_type === "CRASHED", "to crash");
    expect(crashed.state?.message).toBe(
      "Flow run infrastructure exited with non-zero status code -9. The process was killed by SIGKILL (e.g. out of memory or `kill -9`).",
    );
    expect(crashed.state?.state_details.exit_code).toBe(-9);
  });

  it("marks a run whose process exited without a final state CRASHED, with the exit code", async () => {
    const { pool } = await started();
    const deploymentId = await deploy(server.client, {
      flowName: "hard-exit",
      entrypoint: `${FLOWS}:hardExit`,
      pool,
    });
    const run = await runDeployment(server.client, deploymentId, { code: 3 });
    const crashed = await waitForRun(server.client, run.id, (r) => r.state_type === "CRASHED", "to crash");
    expect(crashed.state?.message).toMatch(/^Flow run infrastructure exited with non-zero status code 3\. /);
  });

  it("marks a run CRASHED when its command cannot start", async () => {
    const { pool } = await started();
    const deploymentId = await deploy(server.client, {
      flowName: "greet",
      name: "bad-command",
      entrypoint: `${FLOWS}:greet`,
      pool,
      jobVariables: { command: "/no/such/steward flow-run execute" },
    });
    const run = await runDeployment(server.client, deploymentId, { out: join(scratch, "never.txt") });
    const crashed = await waitForRun(server.client, run.id, (r) => r.state_type === "CRASHED", "to crash");
    expect(crashed.state?.message).toMatch(
      /^Failed to submit flow run to infrastructure: cannot start "\/no\/such\/steward": command not found/,
    );
  });

  it("cancels a run by killing its whole process group, ending it CANCELLED", async () => {
    const { pool } = await started();
    const deploymentId = await deploy(server.client, {
      flowName: "sleeper",
      entrypoint: `${FLOWS}:sleeper`,
      pool,
    });
    const pidsFile = join(scratch, "cancel-pids");
    const run = await runDeployment(server.client, deploymentId, { pids: pidsFile });
    const [child, grandchild] = await readPids(pidsFile);
    await waitForRun(server.client, run.id, (r) => r.state_type === "RUNNING", "to run");
    await cancel(server.client, run.id);
    const cancelled = await waitForRun(
      server.client,
      run.id,
      (r) => r.state_type === "CANCELLED",
      "to be cancelled",
    );
    expect(cancelled.state?.message).toMatch(/cancel/i);
    await waitFor(
      () => !processAlive(child) && !processAlive(grandchild),
      "the flow process and its grandchild to be gone",
    );
  });

  it("SIGKILLs the process group of a cancelled run that ignores SIGTERM, after the grace", async () => {
    const { pool } = await started();
    const pidsFile = join(scratch, "stubborn-pids");
    const deploymentId = await deploy(server.client, {
      flowName: "greet",
      name: "stubborn",
      entrypoint: `${FLOWS}:greet`,
      pool,
      // Ignores SIGTERM, as do the `sleep`s it starts: only SIGKILL ends them.
      jobVariables: { command: `/bin/sh -c "trap '' TERM; sleep 300 & echo $$ $! > ${pidsFile}; wait"` },
    });
    const run = await runDeployment(server.client, deploymentId, { out: join(scratch, "never.txt") });
    const [shell, sleeper] = await readPids(pidsFile);
    const requested = Date.now();
    await cancel(server.client, run.id);
    const cancelled = await waitForRun(
      server.client,
      run.id,
      (r) => r.state_type === "CANCELLED",
      "to be cancelled",
    );
    expect(cancelled.state?.message).toBe("Cancelled by the worker: process group terminated");
    // STEWARD_WORKER_CANCEL_GRACE_SECONDS is 2 in these tests.
    expect(Date.now() - requested).toBeGreaterThanOrEqual(2000);
    await waitFor(() => !processAlive(shell) && !processAlive(sleeper), "the stubborn processes to be gone");
  });

  it("with --limit 1 runs one flow at a time", async () => {
    const { pool } = await started({ limit: 1 });
    const deploymentId = await deploy(server.client, { flowName: "span", entrypoint: `${FLOWS}:span`, pool });
    const out = join(scratch, "spans.txt");
    const runs = [];
    for (const label of ["a", "b", "c"])
      runs.push(await runDeployment(server.client, deploymentId, { out, label, sleepMs: 400 }));
    for (const run of runs)
      await waitForRun(server.client, run.id, (r) => r.state_type === "COMPLETED", "to complete", 60_000);
    const spans = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((line) => line.split(" ").slice(1).map(Number) as [number, number]);
    const sorted = spans.sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i]?.[0]).toBeGreaterThanOrEqual(sorted[i - 1]?.[1] ?? 0);
  });

  it("in run-once mode claims what is due, runs it and finishes", async () => {
    const pool = `pool-${++poolCount}`;
    await server.client.call("createWorkPool", { body: { name: pool, type: "process" } });
    const deploymentId = await deploy(server.client, {
      flowName: "greet",
      name: "once",
      entrypoint: `${FLOWS}:greet`,
      pool,
    });
    const run = await runDeployment(server.client, deploymentId, { out: join(scratch, "once.txt") });
    const { worker } = makeWorker(server, pool, { runOnce: true });
    workers.push(worker);
    await worker.start();
    await worker.finished;
    expect((await server.client.call("readFlowRun", { params: { id: run.id } })).state_type).toBe(
      "COMPLETED",
    );
  });

  it("on shutdown lets runs finish within the grace, then stops the rest and marks them CRASHED", async () => {
    const { worker, pool, log } = await started();
    const deploymentId = await deploy(server.client, {
      flowName: "sleeper",
      name: "shutdown",
      entrypoint: `${FLOWS}:sleeper`,
      pool,
    });
    const pidsFile = join(scratch, "shutdown-pids");
    const run = await runDeployment(server.client, deploymentId, { pids: pidsFile });
    const [child, grandchild] = await readPids(pidsFile);
    await waitForRun(server.client, run.id, (r) => r.state_type === "RUNNING", "to run");
    const report = await worker.stop({ graceMs: 300 });
    expect(report.left.map((r) => r.id)).toEqual([run.id]);
    expect(log.lines.join("\n")).toContain(`left 1 run: ${run.id} — they will be marked CRASHED`);
    const crashed = await waitForRun(server.client, run.id, (r) => r.state_type === "CRASHED", "to crash");
    expect(crashed.state?.message).toMatch(/terminated by SIGTERM|shut down before the flow run finished/);
    await waitFor(() => !processAlive(child) && !processAlive(grandchild), "the run's processes to be gone");
  });

  it("refuses an unknown worker type before doing anything", () => {
    expect(() => makeWorker(server, "any-pool", { type: "docker" })).toThrow(
      /Unknown worker type 'docker'\. Steward workers run these types: process/,
    );
  });

  it("warns when its pool is paused", async () => {
    const pool = `pool-${++poolCount}`;
    await server.client.call("createWorkPool", { body: { name: pool, type: "process", is_paused: true } });
    const { worker, log } = makeWorker(server, pool);
    workers.push(worker);
    await worker.start();
    expect(log.lines.join("\n")).toMatch(/Work pool 'pool-\d+' is paused/);
  });
});
