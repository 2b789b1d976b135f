import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Deployment } from "../../src/api/deployments.js";
import type { FlowRun } from "../../src/api/flow-runs.js";
import type { ProcessJobConfiguration } from "../../src/worker/job-configuration.js";
import { ProcessInfrastructure, STEWARD_BIN } from "../../src/worker/types/process.js";
import { childPids, processAlive } from "../e2e/harness.js";
import { waitFor } from "./fakes.js";

const scratch = realpathSync(mkdtempSync(join(tmpdir(), "steward-process-")));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const RUN = { id: "0190b3c4-7d2e-7a41-9c5f-3e2d1a0b9c8d", name: "sturdy-leech" } as FlowRun;

function configuration(overrides: Partial<ProcessJobConfiguration>): ProcessJobConfiguration {
  return {
    name: "sturdy-leech",
    env: {},
    labels: {},
    command: null,
    streamOutput: true,
    workingDir: null,
    reuse: null,
    ...overrides,
  };
}

function launcher() {
  const lines: { line: string; stream: string }[] = [];
  const infrastructure = new ProcessInfrastructure({
    output: (line, stream) => lines.push({ line, stream }),
    baseEnv: { ...process.env, FROM_WORKER: "worker", UNSET_ME: "x" },
    workerCwd: scratch,
  });
  const launch = (config: Partial<ProcessJobConfiguration>, deployment: Partial<Deployment> | null = null) =>
    infrastructure.launch({
      flowRun: RUN,
      deployment: deployment as Deployment | null,
      configuration: configuration(config),
      apiUrl: "http://127.0.0.1:1/api",
      workerName: "w",
      workPoolName: "pool",
    });
  return { lines, launch };
}

const node = (script: string) => [process.execPath, "-e", script];

describe("the process infrastructure", () => {
  it("finds this package's steward binary wherever the worker runs", () => {
    expect(existsSync(STEWARD_BIN)).toBe(true);
    expect(STEWARD_BIN.endsWith(join("bin", "steward.js"))).toBe(true);
  });

  it("starts the command with the worker's env, the job env and the run's ids, streaming its lines", async () => {
    const { lines, launch } = launcher();
    const handle = await launch({
      env: { FROM_JOB: "job", UNSET_ME: null, STEWARD_API_URL: "http://ignored" },
      command: node(
        "const e = process.env; console.log([e.FROM_WORKER, e.FROM_JOB, e.UNSET_ME ?? 'unset', e.STEWARD_FLOW_RUN_ID, e.STEWARD_API_URL, e.STEWARD_WORKER_NAME].join(' ')); console.error('to stderr'); console.log(process.cwd())",
      ),
    });
    expect(handle.identifier).toBe(`${hostname()}:${handle.pid}`);
    expect(await handle.exited).toEqual({ code: 0, signal: null });
    await waitFor(() => lines.length === 3, "three lines");
    expect(lines).toContainEqual({
      line: `[sturdy-leech] worker job unset ${RUN.id} http://127.0.0.1:1/api w`,
      stream: "stdout",
    });
    expect(lines).toContainEqual({ line: "[sturdy-leech] to stderr", stream: "stderr" });
    // No pull steps and no working_dir: the worker's own directory.
    expect(lines).toContainEqual({ line: `[sturdy-leech] ${scratch}`, stream: "stdout" });
  });

  it("starts in working_dir, or in a temporary directory removed afterwards when there are pull steps", async () => {
    const { lines, launch } = launcher();
    const handle = await launch({
      workingDir: scratch,
      command: node("console.log('cwd=' + process.cwd())"),
    });
    await handle.exited;
    const withSteps = await launch(
      { command: node("console.log('tmp=' + process.cwd())") },
      { pull_steps: [{ set_working_directory: { directory: "/" } }] },
    );
    await withSteps.exited;
    await waitFor(() => lines.length === 2, "two lines");
    expect(lines[0]?.line).toBe(`[sturdy-leech] cwd=${scratch}`);
    const temporary = lines[1]?.line.split("tmp=")[1] ?? "";
    expect(temporary).toMatch(/steward-flow-run-/);
    expect(existsSync(temporary)).toBe(false);
  });

  it("refuses a working_dir that does not exist, and a command that cannot start", async () => {
    const { launch } = launcher();
    await expect(launch({ workingDir: "/no/such/dir", command: node("") })).rejects.toThrow(
      /working directory \/no\/such\/dir .* does not exist/,
    );
    await expect(launch({ command: ["/no/such/program"] })).rejects.toThrow(/command not found/);
  });

  it("says why a process started for reuse could not start, and removes the directory made for it", async () => {
    const { launch } = launcher();
    const deployment = { id: "d", entrypoint: "flows/x.ts:x", pull_steps: [{ set_working_directory: {} }] };
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith("steward-flow-run-"));
    // Node refuses the option and exits at once: the kept process never says it is ready.
    await expect(
      launch(
        { env: { NODE_OPTIONS: "--no-such-node-option" }, reuse: { maxRuns: 5, maxMemoryMb: 512 } },
        deployment as unknown as Partial<Deployment>,
      ),
    ).rejects.toThrow(/could not be started: it exited before it was ready \(status 9\)/);
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith("steward-flow-run-"))).toEqual(before);
  });

  it("signals the whole process group, and kills what the run left behind when it exits", async () => {
    const { lines, launch } = launcher();
    const handle = await launch({ command: ["/bin/sh", "-c", "sleep 300 & echo $!; wait"] });
    const grandchild = Number((await waitFor(() => lines[0]?.line, "the grandchild's pid")).split(" ")[1]);
    expect(processAlive(grandchild)).toBe(true);
    expect(handle.kill("SIGTERM")).toBe(true);
    expect((await handle.exited).signal).toBe("SIGTERM");
    await waitFor(() => !processAlive(grandchild), "the grandchild to be gone");

    const leaver = await launch({ command: ["/bin/sh", "-c", "sleep 300 & echo $!"] });
    const straggler = Number((await waitFor(() => lines[1]?.line, "the straggler's pid")).split(" ")[1]);
    expect((await leaver.exited).code).toBe(0);
    await waitFor(() => !processAlive(straggler), "the straggler to be gone");
  });

  it("copies no output when stream_output is off", async () => {
    const { lines, launch } = launcher();
    const handle = await launch({ streamOutput: false, command: node("console.log('hidden')") });
    await handle.exited;
    expect(lines).toEqual([]);
  });

  it("starts one process at a time past its start limit: the next when the one before says it loaded", async () => {
    const lines: { line: string; stream: string }[] = [];
    const infrastructure = new ProcessInfrastructure({
      output: (line, stream) => lines.push({ line, stream }),
      workerCwd: scratch,
      startLimit: 1,
    });
    const launch = (script: string) =>
      infrastructure.launch({
        flowRun: RUN,
        deployment: null,
        configuration: configuration({ command: node(script) }),
        apiUrl: "http://127.0.0.1:1/api",
        workerName: "w",
        workPoolName: "pool",
      });
    const first = await launch(
      "console.log('first ' + Date.now()); setTimeout(() => { console.log('loaded ' + Date.now()); process.send({ type: 'steward.run.loaded' }); }, 400); setTimeout(() => { console.log('exit ' + Date.now()); process.exit(0); }, 1500);",
    );
    const second = launch("console.log('second ' + Date.now())");
    const handles = [first, await second];
    await Promise.all(handles.map((handle) => handle.exited));
    await waitFor(() => lines.length === 4, "four lines");
    const at = (word: string) =>
      Number(
        lines
          .find((l) => l.line.includes(`] ${word} `))
          ?.line.split(" ")
          .at(-1),
      );
    // The second waited for the first to load, not for it to end.
    expect(at("second")).toBeGreaterThanOrEqual(at("loaded"));
    expect(at("second")).toBeLessThan(at("exit"));
  });

  it("ends the warm process it took for a run that cannot start, and keeps one ready", async () => {
    const infrastructure = new ProcessInfrastructure({
      output: () => {},
      workerCwd: scratch,
      warmProcesses: 1,
      log: () => {},
    });
    try {
      await waitFor(() => infrastructure.warmReady === 1, "a warm process", 30_000);
      const before = warmChildren();
      expect(before).toHaveLength(1);
      await expect(
        infrastructure.launch({
          flowRun: RUN,
          deployment: null,
          configuration: configuration({ workingDir: join(scratch, "missing") }),
          apiUrl: "http://127.0.0.1:1/api",
          workerName: "w",
          workPoolName: "pool",
        }),
      ).rejects.toThrow(/does not exist on the worker's machine/);
      await waitFor(() => !processAlive(before[0] as number), "the taken process to end", 10_000);
      await waitFor(() => infrastructure.warmReady === 1, "its replacement", 30_000);
      expect(warmChildren()).toHaveLength(1);
    } finally {
      await infrastructure.close();
    }
    await waitFor(() => warmChildren().length === 0, "no warm process left", 10_000);
  });
});

/** This process's warm flow-run children. */
function warmChildren(): number[] {
  return childPids(process.pid, "warm");
}
