import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  api,
  type ApiFlowRun,
  makeHome,
  processAlive,
  StewardProcess,
  startServerProcess,
  steward,
  waitFor,
  waitForRun,
  waitForSleeperPids,
} from "./harness.js";

// Fast server loops so the zombie reaper acts within seconds rather than minutes.
const SERVER_ENV = {
  STEWARD_SERVER_ZOMBIE_TIMEOUT_SECONDS: "4",
  STEWARD_SERVER_SERVICES_INTERVAL_SECONDS: "1",
};
const FAST_CLIENT_ENV = { STEWARD_FLOW_RUN_HEARTBEAT_SECONDS: "1", STEWARD_WORKER_CANCEL_GRACE_SECONDS: "3" };

/**
 * Every test runs twice: with a fresh process per run (warm starts, the default) and with every
 * deployment opting into process reuse (`reuse_processes`), whose runs must behave the same.
 */
describe.each([
  { mode: "a fresh process per run", jobVariables: [] as string[] },
  { mode: "process reuse", jobVariables: ["--job-variable", "reuse_processes=true"] },
])("workers run deployments in child processes and survive what goes wrong ($mode)", ({ jobVariables }) => {
  const { home, cleanup } = makeHome();
  const scratch = mkdtempSync(join(tmpdir(), "steward-e2e-files-"));
  const running: StewardProcess[] = [];
  let apiUrl = "";
  let env: NodeJS.ProcessEnv = {};

  const startWorker = async (pool: string, ...flags: string[]) => {
    const worker = new StewardProcess(["worker", "start", "--pool", pool, ...flags], env);
    running.push(worker);
    await waitFor(
      async () => {
        const workers = await api<{ status: string }[]>(apiUrl, "POST", `/work_pools/${pool}/workers/filter`);
        return workers.filter((w) => w.status === "ONLINE").length > 0;
      },
      { what: `a worker of ${pool} to be ONLINE` },
    );
    return worker;
  };
  const deploy = async (entrypoint: string, name: string, pool: string, ...flags: string[]) => {
    const result = await steward(
      ["deploy", entrypoint, "--name", name, "--pool", pool, ...flags, ...jobVariables],
      env,
    );
    expect(result.code, result.stderr + result.stdout).toBe(0);
  };
  const runDeployment = async (flowAndName: string, parameters: object, workQueue?: string) => {
    const [flowName, name] = flowAndName.split("/");
    const deployment = await api<{ id: string }>(apiUrl, "GET", `/deployments/name/${flowName}/${name}`);
    return api<ApiFlowRun>(apiUrl, "POST", `/deployments/${deployment.id}/create_flow_run`, {
      parameters,
      ...(workQueue ? { work_queue_name: workQueue } : {}),
    });
  };
  const pidOf = (run: ApiFlowRun) => Number(run.infrastructure_pid?.split(":").pop());

  beforeAll(async () => {
    const server = await startServerProcess(home, SERVER_ENV);
    running.push(server.process);
    apiUrl = server.apiUrl;
    env = { STEWARD_HOME: home, STEWARD_API_URL: apiUrl, ...FAST_CLIENT_ENV };
  });
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop("SIGKILL")));
    cleanup();
  });

  it("kill -9 of a flow-run child ends the run CRASHED with the signal explained", async () => {
    expect((await steward(["work-pool", "create", "--type", "process", "crash-pool"], env)).code).toBe(0);
    await deploy("test/fixtures/worker-flows.ts:sleeper", "crash", "crash-pool");
    await startWorker("crash-pool");
    const pids = join(scratch, "crash-pids");
    const run = await runDeployment("sleeper/crash", { pids });
    const live = await waitForRun(
      apiUrl,
      run.id,
      (r) => r.state_type === "RUNNING" && !!r.infrastructure_pid,
      "to run",
    );
    process.kill(pidOf(live), "SIGKILL");
    const crashed = await waitForRun(apiUrl, run.id, (r) => r.state_type === "CRASHED", "to be CRASHED");
    expect(crashed.state?.message).toMatch(/SIGKILL/);
  });

  it("cancelling a long run kills its whole process tree and ends it CANCELLED", async () => {
    const pids = join(scratch, "cancel-pids");
    const run = await runDeployment("sleeper/crash", { pids });
    await waitForRun(apiUrl, run.id, (r) => r.state_type === "RUNNING", "to run");
    const [child, grandchild] = await waitForSleeperPids(pids);
    const cancel = await steward(["flow-run", "cancel", run.id], env);
    expect(cancel.code, cancel.stderr).toBe(0);
    await waitForRun(apiUrl, run.id, (r) => r.state_type === "CANCELLED", "to be CANCELLED");
    await waitFor(() => !processAlive(child ?? 0) && !processAlive(grandchild ?? 0), {
      what: "the flow process and its grandchild to be gone",
    });
  });

  it("kill -9 of a worker mid-run ends the run CRASHED, and another worker carries on", async () => {
    expect((await steward(["work-pool", "create", "--type", "process", "fragile-pool"], env)).code).toBe(0);
    await deploy("test/fixtures/worker-flows.ts:sleeper", "fragile", "fragile-pool");
    await deploy("test/fixtures/worker-flows.ts:record", "after", "fragile-pool");
    const first = await startWorker("fragile-pool");
    const run = await runDeployment("sleeper/fragile", { pids: join(scratch, "fragile-pids") });
    await waitForRun(apiUrl, run.id, (r) => r.state_type === "RUNNING", "to run");
    first.child.kill("SIGKILL");
    await waitForRun(apiUrl, run.id, (r) => r.state_type === "CRASHED", "to be CRASHED", 45_000);

    await startWorker("fragile-pool");
    const out = join(scratch, "after.txt");
    const next = await runDeployment("record/after", { out, label: "after" });
    await waitForRun(apiUrl, next.id, (r) => r.state_type === "COMPLETED", "to complete");
    expect(readFileSync(out, "utf8")).toContain(next.id);
  });

  it("a run whose worker and process both vanish is marked CRASHED by the zombie reaper", async () => {
    expect((await steward(["work-pool", "create", "--type", "process", "lost-pool"], env)).code).toBe(0);
    await deploy("test/fixtures/worker-flows.ts:sleeper", "lost", "lost-pool");
    const worker = await startWorker("lost-pool");
    const run = await runDeployment("sleeper/lost", { pids: join(scratch, "lost-pids") });
    const live = await waitForRun(
      apiUrl,
      run.id,
      (r) => r.state_type === "RUNNING" && !!r.infrastructure_pid,
      "to run",
    );
    // Both die at once, as when a machine disappears: nobody is left to report anything.
    process.kill(-pidOf(live), "SIGKILL");
    worker.child.kill("SIGKILL");
    const crashed = await waitForRun(
      apiUrl,
      run.id,
      (r) => r.state_type === "CRASHED",
      "to be CRASHED",
      45_000,
    );
    expect(crashed.state?.message).toMatch(/heartbeat/i);
  });

  it("drains the priority-1 queue first", async () => {
    expect((await steward(["work-pool", "create", "--type", "process", "prio-pool"], env)).code).toBe(0);
    const low = await steward(["work-queue", "create", "low", "--pool", "prio-pool", "--priority", "5"], env);
    expect(low.code, low.stderr).toBe(0);
    const high = await steward(
      ["work-queue", "create", "high", "--pool", "prio-pool", "--priority", "1"],
      env,
    );
    expect(high.code, high.stderr).toBe(0);
    await deploy("test/fixtures/worker-flows.ts:record", "prio", "prio-pool");
    const out = join(scratch, "prio.txt");
    // Low-priority runs are created first, so only the queue priority can put the high ones ahead.
    for (let i = 0; i < 3; i++) await runDeployment("record/prio", { out, label: "low" }, "low");
    for (let i = 0; i < 3; i++) await runDeployment("record/prio", { out, label: "high" }, "high");
    await startWorker("prio-pool", "--limit", "1");
    await waitFor(() => readFileSync(out, "utf8").trim().split("\n").length === 6, {
      timeoutMs: 60_000,
      what: "six runs to execute",
    });
    const labels = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((line) => line.split(" ")[0]);
    expect(labels).toEqual(["high", "high", "high", "low", "low", "low"]);
  });

  it("never exceeds pool, queue and deployment concurrency limits", async () => {
    const pool = "limited-pool";
    expect(
      (await steward(["work-pool", "create", "--type", "process", pool, "--concurrency-limit", "3"], env))
        .code,
    ).toBe(0);
    expect(
      (await steward(["work-queue", "create", "narrow", "--pool", pool, "--limit", "1"], env)).code,
    ).toBe(0);
    await deploy("test/fixtures/worker-flows.ts:record", "wide", pool);
    await deploy("test/fixtures/worker-flows.ts:record", "capped", pool, "--concurrency-limit", "2");
    const out = join(scratch, "limits.txt");
    const runs: ApiFlowRun[] = [];
    for (let i = 0; i < 4; i++)
      runs.push(await runDeployment("record/wide", { out, label: "narrow", sleepMs: 1500 }, "narrow"));
    for (let i = 0; i < 4; i++)
      runs.push(await runDeployment("record/capped", { out, label: "capped", sleepMs: 1500 }));
    for (let i = 0; i < 4; i++)
      runs.push(await runDeployment("record/wide", { out, label: "wide", sleepMs: 1500 }));
    await startWorker(pool, "--limit", "5");
    await startWorker(pool, "--limit", "5");
    await waitFor(() => readFileSync(out, "utf8").trim().split("\n").length === runs.length, {
      timeoutMs: 120_000,
      what: "every limited run to execute",
    });

    // Overlap computed from inside the flows: [start, end] of each execution.
    const spans = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((line) => {
        const [label, , start, end] = line.split(" ");
        return { label: label ?? "", start: Number(start), end: Number(end) };
      });
    const maxOverlap = (selected: typeof spans) =>
      Math.max(...selected.map((s) => selected.filter((o) => o.start <= s.start && s.start < o.end).length));
    expect(maxOverlap(spans)).toBeLessThanOrEqual(3);
    expect(maxOverlap(spans.filter((s) => s.label === "narrow"))).toBeLessThanOrEqual(1);
    expect(maxOverlap(spans.filter((s) => s.label === "capped"))).toBeLessThanOrEqual(2);
  });
});
