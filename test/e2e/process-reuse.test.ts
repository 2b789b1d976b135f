/**
 * Process reuse with real processes: a deployment with `reuse_processes` runs its successive runs
 * in one kept flow-run process (each with its own run id and key, the job's environment, complete
 * logs); the process is replaced after `max_runs_per_process` runs, when its memory is above
 * `max_process_memory_mb`, after a crash and after a cancellation (which still kills the run's
 * whole process tree); other deployments never share it; the worker's stop ends it.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  api,
  type ApiFlowRun,
  makeHome,
  processAlive,
  ROOT,
  StewardProcess,
  startServerProcess,
  steward,
  waitFor,
  waitForRun,
  waitForSleeperPids,
} from "./harness.js";
import { STEWARD_BIN } from "../../src/worker/types/process.js";
import { isRunDone, isWarmReady, type WarmAssignment } from "../../src/worker/warm-protocol.js";

interface Where {
  pid: number;
  run: string;
  GREETING?: string;
  STEWARD_FLOW_RUN_ID?: string;
}

const POOL = "reuse-pool";

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

describe("process reuse", () => {
  const { home, cleanup } = makeHome();
  const scratch = mkdtempSync(join(tmpdir(), "steward-reuse-"));
  const out = join(scratch, "where.jsonl");
  let server: Awaited<ReturnType<typeof startServerProcess>>;
  let worker: StewardProcess;
  let env: NodeJS.ProcessEnv;

  const deploy = async (entrypoint: string, name: string, ...jobVariables: string[]) => {
    const args = ["deploy", `test/fixtures/worker-flows.ts:${entrypoint}`, "--name", name, "--pool", POOL];
    for (const variable of jobVariables) args.push("--job-variable", variable);
    const result = await steward(args, env);
    expect(result.code, result.stderr).toBe(0);
  };
  const create = async (flowAndName: string, parameters: object): Promise<ApiFlowRun> => {
    const dep = await api<{ id: string }>(server.apiUrl, "GET", `/deployments/name/${flowAndName}`);
    return api<ApiFlowRun>(server.apiUrl, "POST", `/deployments/${dep.id}/create_flow_run`, { parameters });
  };
  const lines = (): Where[] => {
    try {
      return readFileSync(out, "utf8")
        .trim()
        .split("\n")
        .map((text) => JSON.parse(text) as Where);
    } catch {
      return [];
    }
  };
  /** Runs `flowAndName` once to its end (`state`) and returns the line its flow wrote. */
  const runAndRead = async (flowAndName: string, state = "COMPLETED"): Promise<Where & ApiFlowRun> => {
    const run = await create(flowAndName, { out });
    const ended = await waitForRun(server.apiUrl, run.id, (r) => r.state_type === state, `to be ${state}`);
    const line = lines().find((where) => where.run === run.id);
    if (line === undefined) throw new Error(`run ${run.id} wrote no line`);
    return { ...ended, ...line };
  };
  const pids = async (flowAndName: string, runs: number): Promise<number[]> => {
    const found: number[] = [];
    for (let i = 0; i < runs; i++) found.push((await runAndRead(flowAndName)).pid);
    return found;
  };

  beforeAll(async () => {
    server = await startServerProcess(home);
    env = { STEWARD_HOME: home, STEWARD_API_URL: server.apiUrl };
    expect((await steward(["work-pool", "create", "--type", "process", POOL], env)).code).toBe(0);
    await deploy("whereAmI", "reused", "reuse_processes=true", "env.GREETING=hello");
    await deploy("whereAmI", "two-per-process", "reuse_processes=true", "max_runs_per_process=2");
    await deploy("whereAmI", "small-memory", "reuse_processes=true", "max_process_memory_mb=16");
    await deploy("whereAmI", "fresh");
    await deploy("exitMidRun", "reused-crash", "reuse_processes=true");
    await deploy("sleeper", "reused-sleeper", "reuse_processes=true");
    worker = new StewardProcess(["worker", "start", "--pool", POOL], env);
  });
  afterAll(async () => {
    await worker?.stop("SIGKILL");
    await server?.process.stop();
    cleanup();
  });

  it("runs successive runs of a deployment in one process, each as itself, with complete logs", async () => {
    const runs = [
      await runAndRead("where-am-i/reused"),
      await runAndRead("where-am-i/reused"),
      await runAndRead("where-am-i/reused"),
    ];
    expect(new Set(runs.map((run) => run.pid)).size).toBe(1);
    for (const run of runs) {
      expect(run.STEWARD_FLOW_RUN_ID).toBe(run.run);
      expect(run.GREETING).toBe("hello");
      expect(run.infrastructure_pid?.split(":").pop()).toBe(String(run.pid));
      const logs = await waitFor(
        async () => {
          const found = await api<{ message: string }[]>(server.apiUrl, "POST", "/logs/filter", {
            logs: { flow_run_id: { any_: [run.id] } },
          });
          return found.some((log) => log.message === "Finished in state Completed()") ? found : undefined;
        },
        { what: `the logs of run ${run.id}` },
      );
      expect(logs.filter((log) => log.message.startsWith("Finished in state"))).toHaveLength(1);
    }
    // Kept between runs, waiting for the next.
    expect(processAlive(runs[0]?.pid ?? 0)).toBe(true);
  }, 90_000);

  it("never shares a process between deployments, nor keeps one for a deployment without reuse", async () => {
    const reused = await runAndRead("where-am-i/reused");
    const fresh = await runAndRead("where-am-i/fresh");
    const other = await runAndRead("where-am-i/two-per-process");
    expect(new Set([reused.pid, fresh.pid, other.pid]).size).toBe(3);
    await waitFor(() => !processAlive(fresh.pid), { what: "the fresh run's process to end" });
    expect(processAlive(reused.pid)).toBe(true);
  }, 90_000);

  it("replaces a process after max_runs_per_process runs, and one above max_process_memory_mb", async () => {
    // The earlier test ran one run of two-per-process: its process has one run left.
    const [first, second, third] = await pids("where-am-i/two-per-process", 3);
    expect(second).not.toBe(first);
    expect(third).toBe(second);
    // Every process is above 16 MB after a run.
    const [a, b] = await pids("where-am-i/small-memory", 2);
    expect(b).not.toBe(a);
    await waitFor(() => !processAlive(a ?? 0), { what: "the retired process to end" });
  }, 120_000);

  it("marks a run whose kept process dies CRASHED, and starts the next run in a fresh process", async () => {
    const first = await runAndRead("exit-mid-run/reused-crash", "CRASHED");
    expect(first.state?.message).toMatch(/status code 3|exit code 3|exited with 3/i);
    const second = await runAndRead("exit-mid-run/reused-crash", "CRASHED");
    expect(second.pid).not.toBe(first.pid);
  }, 90_000);

  it("cancelling a run kills its process tree; the next run gets a fresh process", async () => {
    const pidsFile = join(scratch, "sleeper-pids");
    const run = await create("sleeper/reused-sleeper", { pids: pidsFile });
    await waitForRun(server.apiUrl, run.id, (r) => r.state_type === "RUNNING", "to run");
    const [child, grandchild] = await waitForSleeperPids(pidsFile);
    const cancel = await steward(["flow-run", "cancel", run.id], env);
    expect(cancel.code, cancel.stderr).toBe(0);
    await waitForRun(server.apiUrl, run.id, (r) => r.state_type === "CANCELLED", "to be CANCELLED");
    await waitFor(() => !processAlive(child ?? 0) && !processAlive(grandchild ?? 0), {
      what: "the kept process and its grandchild to be gone",
    });

    const next = await create("sleeper/reused-sleeper", { pids: pidsFile, seconds: 0 });
    await waitForRun(server.apiUrl, next.id, (r) => r.state_type === "COMPLETED", "to complete");
    const [nextChild] = readFileSync(pidsFile, "utf8").trim().split(" ").map(Number);
    expect(nextChild).not.toBe(child);
  }, 90_000);

  it("a kept process that sees its run cancelled before the worker does ends instead of taking more runs", async () => {
    // No worker serves this pool: the test hands the run over itself, and never kills anything.
    expect((await steward(["work-pool", "create", "--type", "process", "no-worker-pool"], env)).code).toBe(0);
    const deployed = await steward(
      [
        "deploy",
        "test/fixtures/worker-flows.ts:sleeper",
        "--name",
        "unattended",
        "--pool",
        "no-worker-pool",
        "--job-variable",
        "reuse_processes=true",
      ],
      env,
    );
    expect(deployed.code, deployed.stderr).toBe(0);
    const run = await create("sleeper/unattended", { pids: join(scratch, "unattended-pids") });
    const deployment = await api<object>(server.apiUrl, "GET", "/deployments/name/sleeper/unattended");
    const child = spawn(process.execPath, [STEWARD_BIN, "flow-run", "execute", "--warm"], {
      cwd: ROOT,
      env: { ...process.env, ...env, STEWARD_WORKER_PID: String(process.pid) },
      detached: true,
      stdio: ["ignore", "ignore", "ignore", "ipc"],
    });
    const messages: unknown[] = [];
    child.on("message", (message) => messages.push(message));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await waitFor(() => messages.some(isWarmReady), { what: "the process to be ready" });
      const assignment: WarmAssignment = {
        type: "steward.warm.run",
        flowRunId: run.id,
        flowRun: run,
        deployment,
        env: { ...definedOnly(process.env), ...env, STEWARD_FLOW_RUN_ID: run.id } as Record<string, string>,
        cwd: ROOT,
        reuse: true,
      };
      child.send(assignment);
      await waitForRun(server.apiUrl, run.id, (r) => r.state_type === "RUNNING", "to run");
      const cancel = await steward(["flow-run", "cancel", run.id], env);
      expect(cancel.code, cancel.stderr).toBe(0);
      // The flow's own watcher finishes the cancellation; the process then ends with its run.
      await waitForRun(server.apiUrl, run.id, (r) => r.state_type === "CANCELLED", "to be CANCELLED");
      expect(await exited).toBe(1);
      expect(messages.filter(isRunDone)).toEqual([]);
    } finally {
      if (child.pid !== undefined && processAlive(child.pid)) process.kill(-child.pid, "SIGKILL");
    }
  }, 60_000);

  it("ends the kept processes when the worker stops", async () => {
    const kept = await runAndRead("where-am-i/reused");
    expect(processAlive(kept.pid)).toBe(true);
    const stopped = await worker.stop("SIGTERM");
    expect(stopped.code).toBe(0);
    await waitFor(() => !processAlive(kept.pid), { what: "the kept process to end" });
  }, 60_000);
});
