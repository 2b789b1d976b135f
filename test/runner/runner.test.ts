import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Runner } from "../../src/runner/runner.js";
import { type ServedFlow, type ServeOptions, startServing } from "../../src/sdk/serve.js";
import { processAlive } from "../e2e/harness.js";
import { recordingLog, waitFor } from "../worker/fakes.js";
import {
  deploy,
  ROOT,
  runDeployment,
  startWorkerTestServer,
  type WorkerTestServer,
  waitForRun,
} from "../worker/harness.js";

const FLOWS = "test/fixtures/worker-flows.ts";
const ANY_PARAMETERS = () => ({ type: "object", additionalProperties: true });

describe("serve: a runner runs its deployments' flow runs in child processes", () => {
  let server: WorkerTestServer;
  const scratch = realpathSync(mkdtempSync(join(tmpdir(), "steward-runner-files-")));
  const serving: ServedFlow[] = [];
  const runners: Runner[] = [];

  /** Serves `flowName` (an export of the worker-flows fixture) the way `flow.serve()` does. */
  const serve = async (flowName: string, exportName: string, options: Partial<ServeOptions> = {}) => {
    const log = recordingLog();
    const printed: string[] = [];
    const output: string[] = [];
    const served = await startServing(
      { client: server.client, settings: server.settings(), cwd: ROOT },
      { name: flowName, parametersJsonSchema: ANY_PARAMETERS },
      {
        name: `served-${serving.length + 1}`,
        entrypoint: `${FLOWS}:${exportName}`,
        print: (line) => printed.push(line),
        ...options,
        runner: {
          log,
          output: (line) => output.push(line),
          env: server.childEnv,
          claimWaitSeconds: 2,
          cancellationPollMs: 200,
          ...options.runner,
        },
      },
    );
    serving.push(served);
    return { served, log, printed, output };
  };

  beforeAll(async () => {
    server = await startWorkerTestServer();
  });
  afterEach(async () => {
    await Promise.all(serving.splice(0).map((served) => served.stop({ graceMs: 0 })));
    await Promise.all(runners.splice(0).map((runner) => runner.stop({ graceMs: 0 })));
  });
  afterAll(async () => {
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("registers a pool-less deployment and runs a manually created run to COMPLETED", async () => {
    const { served, printed, output } = await serve("record", "record", { interval: 3600 });
    expect(served.deployment).toMatchObject({
      work_pool_name: null,
      work_queue_id: null,
      entrypoint: `${FLOWS}:record`,
      pull_steps: [{ set_working_directory: { directory: ROOT } }],
    });
    expect(printed[0]).toBe("Serving flow 'record' as deployment 'record/served-1'… (Ctrl+C to stop)");
    expect(printed.join("\n")).toContain("steward deployment run 'record/served-1'");
    const out = join(scratch, "served.txt");
    const run = await runDeployment(server.client, served.deployment.id, { out, label: "one" });
    const done = await waitForRun(server.client, run.id, (r) => r.state_type === "COMPLETED", "to complete");
    expect(done.infrastructure_pid).toMatch(/:\d+$/);
    expect(readFileSync(out, "utf8")).toContain(`one ${run.id}`);
    const states = await server.client.call("readFlowRunStates", { query: { flow_run_id: run.id } });
    expect(states[1]?.state_details.claimed_by).toMatch(/^runner-/);
    // The child's output is streamed with the run's name as prefix.
    await waitFor(
      () => output.some((line) => line.startsWith(`[${run.name}] `)),
      "output prefixed with the run name",
    );
  });

  it("pauses the deployment's schedules on shutdown, and prints what it left", async () => {
    const { served, printed } = await serve("record", "record", { interval: 3600, cron: "0 2 * * *" });
    expect(served.deployment.schedules.map((s) => s.active)).toEqual([true, true]);
    await served.stop();
    await served.finished;
    const schedules = await server.client.call("readDeploymentSchedules", {
      params: { id: served.deployment.id },
    });
    expect(schedules.map((s) => s.active)).toEqual([false, false]);
    expect(printed.at(-1)).toBe(
      "Stopped serving 'record/served-1': no flow run was left running; 2 schedule(s) paused (serve again to resume them).",
    );
  });

  it("leaves the schedules active with pauseOnShutdown: false", async () => {
    const { served } = await serve("record", "record", { interval: 3600, pauseOnShutdown: false });
    await served.stop();
    const schedules = await server.client.call("readDeploymentSchedules", {
      params: { id: served.deployment.id },
    });
    expect(schedules.map((s) => s.active)).toEqual([true]);
  });

  it("with limit 1 never runs two flow runs at once", async () => {
    const { served } = await serve("record", "record", { limit: 1 });
    const out = join(scratch, "limit.txt");
    const runs = [];
    for (let i = 0; i < 3; i++) {
      runs.push(
        await runDeployment(server.client, served.deployment.id, { out, label: `r${i}`, sleepMs: 400 }),
      );
    }
    await Promise.all(
      runs.map((run) =>
        waitForRun(server.client, run.id, (r) => r.state_type === "COMPLETED", "to complete"),
      ),
    );
    const spans = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((line) => line.split(" ").slice(2).map(Number) as [number, number])
      .sort((a, b) => a[0] - b[0]);
    expect(spans).toHaveLength(3);
    for (let i = 1; i < spans.length; i++) {
      expect(spans[i]?.[0]).toBeGreaterThanOrEqual(spans[i - 1]?.[1] ?? Number.POSITIVE_INFINITY);
    }
  });

  it("cancelling a run kills its process tree and ends it CANCELLED", async () => {
    const { served } = await serve("sleeper", "sleeper");
    const pidsFile = join(scratch, "sleeper-pids");
    const run = await runDeployment(server.client, served.deployment.id, { pids: pidsFile });
    await waitForRun(server.client, run.id, (r) => r.state_type === "RUNNING", "to run");
    const [pid, grandchild] = await waitFor(() => {
      if (!existsSync(pidsFile)) return undefined;
      const parts = readFileSync(pidsFile, "utf8").trim().split(" ").map(Number);
      return parts.length === 2 ? (parts as [number, number]) : undefined;
    }, "the flow to write its pids");
    await server.client.call("setFlowRunState", {
      params: { id: run.id },
      body: { state: { type: "CANCELLING", name: "Cancelling" } },
    });
    const cancelled = await waitForRun(
      server.client,
      run.id,
      (r) => r.state_type === "CANCELLED",
      "to cancel",
    );
    expect(cancelled.state?.message).toBe("Cancelled by the runner: process group terminated");
    await waitFor(() => !processAlive(pid) && !processAlive(grandchild), "the process tree to be gone");
  });

  it("a Runner claims only its own deployments' runs", async () => {
    const mine = await deploy(server.client, {
      flowName: "record",
      entrypoint: `${FLOWS}:record`,
      name: "mine",
    });
    const other = await deploy(server.client, {
      flowName: "record",
      entrypoint: `${FLOWS}:record`,
      name: "other",
    });
    const runner = new Runner({
      settings: server.settings(),
      deploymentIds: [mine],
      log: recordingLog(),
      output: () => {},
      env: server.childEnv,
      cwd: ROOT,
      claimWaitSeconds: 2,
    });
    runners.push(runner);
    runner.start();
    const out = join(scratch, "mine.txt");
    const foreign = await runDeployment(server.client, other, { out, label: "other" });
    const own = await runDeployment(server.client, mine, { out, label: "mine" });
    await waitForRun(server.client, own.id, (r) => r.state_type === "COMPLETED", "to complete");
    // Prefect's runner poll over HTTP: due runs of the deployments, not claimed.
    const polled = await server.client.call("getDeploymentScheduledFlowRuns", {
      body: { deployment_ids: [other, mine] },
    });
    expect(polled.map((r) => [r.id, r.state_type])).toEqual([[foreign.id, "SCHEDULED"]]);
    expect((await server.client.call("readFlowRun", { params: { id: foreign.id } })).state_type).toBe(
      "SCHEDULED",
    );
  });
});
