/**
 * Warm starts with real processes: a worker keeps flow-run processes started and loaded; a run is
 * handed to one of them and behaves as a cold one would (its own process, the job's environment,
 * the pull steps' directory, never a second run in the same process); a run whose environment
 * changes what Node reads at start gets a cold process; the worker's stop ends the waiting ones.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WARM_TITLE } from "../../src/cli/flow-runs/warm-start.js";
import {
  api,
  childPids,
  makeHome,
  processAlive,
  ROOT,
  StewardProcess,
  startServerProcess,
  steward,
  waitFor,
  waitForRun,
} from "./harness.js";

interface Where {
  pid: number;
  cwd: string;
  GREETING?: string;
  NODE_OPTIONS?: string;
  STEWARD_FLOW_RUN_ID?: string;
  run: string;
}

/** Pids of the warm flow-run processes of `parentPid` ready for a run. */
function warmPids(parentPid: number): number[] {
  return childPids(parentPid, WARM_TITLE);
}

describe("warm starts", () => {
  const { home, cleanup } = makeHome();
  const out = join(mkdtempSync(join(tmpdir(), "steward-warm-")), "where.jsonl");
  let server: Awaited<ReturnType<typeof startServerProcess>>;
  let worker: StewardProcess;
  let env: NodeJS.ProcessEnv;

  const deploy = async (name: string, ...jobVariables: string[]) => {
    const args = ["deploy", "test/fixtures/worker-flows.ts:whereAmI", "--name", name, "--pool", "warm-pool"];
    for (const variable of jobVariables) args.push("--job-variable", variable);
    const result = await steward(args, env);
    expect(result.code, result.stderr).toBe(0);
  };
  const runAndRead = async (deployment: string): Promise<Where> => {
    const dep = await api<{ id: string }>(server.apiUrl, "GET", `/deployments/name/where-am-i/${deployment}`);
    const run = await api<{ id: string }>(server.apiUrl, "POST", `/deployments/${dep.id}/create_flow_run`, {
      parameters: { out },
    });
    await waitForRun(server.apiUrl, run.id, (r) => r.state_type === "COMPLETED", "to complete");
    const line = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((text) => JSON.parse(text) as Where)
      .find((where) => where.run === run.id);
    if (line === undefined) throw new Error(`run ${run.id} wrote no line`);
    return line;
  };
  const readyWarm = (count: number) =>
    waitFor(
      () =>
        warmPids(worker.child.pid as number).length === count
          ? warmPids(worker.child.pid as number)
          : undefined,
      {
        timeoutMs: 30_000,
        what: `${count} warm processes`,
      },
    );

  beforeAll(async () => {
    server = await startServerProcess(home);
    env = { STEWARD_HOME: home, STEWARD_API_URL: server.apiUrl };
    expect((await steward(["work-pool", "create", "--type", "process", "warm-pool"], env)).code).toBe(0);
    await deploy("plain", "env.GREETING=hello");
    await deploy("node-options", "env.NODE_OPTIONS=--no-deprecation");
    worker = new StewardProcess(["worker", "start", "--pool", "warm-pool", "--warm", "1"], env);
  });
  afterAll(async () => {
    await worker?.stop("SIGKILL");
    await server?.process.stop();
    cleanup();
  });

  it("hands a run to a process started before it, with the run's environment and directory", async () => {
    const [waiting] = await readyWarm(1);
    const first = await runAndRead("plain");
    expect(first.pid).toBe(waiting);
    expect(first.GREETING).toBe("hello");
    expect(first.STEWARD_FLOW_RUN_ID).toBe(first.run);
    // `steward deploy` adds a pull step that sets the project's directory.
    expect(first.cwd).toBe(ROOT);
    // Its process ends once the run has reported (it may still be flushing when COMPLETED is seen).
    await waitFor(() => !processAlive(first.pid), { what: "the first run's process to end" });

    // The next run gets the replacement, never the process that ran the first.
    const [replacement] = await readyWarm(1);
    expect(replacement).not.toBe(first.pid);
    const second = await runAndRead("plain");
    expect(second.pid).toBe(replacement);
    expect(worker.stdout + worker.stderr).not.toMatch(/Warm starts are off/);
  }, 90_000);

  it("starts a run cold when its environment changes what Node reads at start", async () => {
    const waiting = await readyWarm(1);
    const cold = await runAndRead("node-options");
    expect(cold.NODE_OPTIONS).toBe("--no-deprecation");
    expect(waiting).not.toContain(cold.pid);
    // The warm process still waits for the next run.
    expect(warmPids(worker.child.pid as number)).toEqual(waiting);
  }, 90_000);

  it("ends the waiting processes when the worker stops", async () => {
    const waiting = await readyWarm(1);
    const stopped = await worker.stop("SIGTERM");
    expect(stopped.code).toBe(0);
    await waitFor(() => waiting.every((pid) => !processAlive(pid)), { what: "the warm process to end" });
  }, 60_000);
});
