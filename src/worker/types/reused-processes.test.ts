import { type ChildProcess, spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { ReusedProcesses } from "./reused-processes.js";

/**
 * A node child that answers each `{ flowRunId, exitCode }` it is sent with `done` the way a
 * reused `flow-run execute --warm` process does (`{ flowRunId, exit: true }` makes it exit mid-run).
 */
const FAKE_REUSED = `
process.on("message", (m) => {
  if (m.exit) process.exit(7);
  process.send({ type: "steward.run.done", flowRunId: m.flowRunId, exitCode: m.exitCode, rssBytes: m.rssBytes ?? 1 });
});`;

function startFake(): ChildProcess {
  return spawn(process.execPath, ["-e", FAKE_REUSED], {
    detached: true,
    stdio: ["ignore", "ignore", "ignore", "ipc"],
  });
}

const children: ChildProcess[] = [];
const pools: ReusedProcesses[] = [];
afterEach(() => {
  for (const pool of pools.splice(0)) pool.close();
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

function setUp(options: { maxRuns?: number; maxMemoryMb?: number; idleMs?: number } = {}) {
  const pool = new ReusedProcesses({ idleMs: options.idleMs ?? 60_000 });
  pools.push(pool);
  const removed: string[] = [];
  const keep = (key: string, deploymentId = key) => {
    const child = startFake();
    children.push(child);
    pool.add({
      child,
      key,
      deploymentId,
      cwd: "/tmp",
      limits: { maxRuns: options.maxRuns ?? 10, maxMemoryMb: options.maxMemoryMb ?? 512 },
      removeWorkDir: () => removed.push(key),
    });
    return child;
  };
  return { pool, keep, removed };
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once("exit", () => resolve()));

describe("ReusedProcesses", () => {
  it("ends a run's handle at its own done, then offers the process for the same key only", async () => {
    const { pool, keep } = setUp();
    const child = keep("deployment-a");
    const handle = pool.handleFor(child, "run-1");
    // Another run's done is not this run's end.
    child.send({ flowRunId: "run-0", exitCode: 0 });
    child.send({ flowRunId: "run-1", exitCode: 1 });
    expect(await handle.exited).toEqual({ code: 1, signal: null });
    expect(handle.hasExited).toBe(true);
    expect(pool.takeIdle("deployment-b")).toBeUndefined();
    expect(pool.takeIdle("deployment-a")?.child).toBe(child);
    // Taken: busy until its next run is done.
    expect(pool.takeIdle("deployment-a")).toBeUndefined();
  });

  it("never lets a finished run's handle signal the process its next run uses", async () => {
    const { pool, keep } = setUp();
    const child = keep("a");
    const first = pool.handleFor(child, "run-1");
    child.send({ flowRunId: "run-1", exitCode: 0 });
    await first.exited;
    expect(pool.takeIdle("a")?.child).toBe(child);
    const second = pool.handleFor(child, "run-2");
    expect(first.kill("SIGKILL")).toBe(false);
    expect(child.exitCode).toBeNull();
    expect(second.kill("SIGKILL")).toBe(true);
    expect(await second.exited).toEqual({ code: null, signal: "SIGKILL" });
  });

  it("ends a run's handle when its process exits mid-run, and forgets the process", async () => {
    const { pool, keep, removed } = setUp();
    const child = keep("a");
    const handle = pool.handleFor(child, "run-1");
    child.send({ flowRunId: "run-1", exit: true });
    expect(await handle.exited).toEqual({ code: 7, signal: null });
    await exited(child);
    expect(pool.size).toBe(0);
    expect(removed).toEqual(["a"]);
  });

  it("retires a process after its last allowed run, above its memory limit, and after idling", async () => {
    const { pool, keep } = setUp({ maxRuns: 2, idleMs: 200 });
    const limited = keep("runs");
    for (const id of ["run-1", "run-2"]) {
      pool.takeIdle("runs");
      const handle = pool.handleFor(limited, id);
      limited.send({ flowRunId: id, exitCode: 0 });
      await handle.exited;
    }
    await exited(limited);

    const heavy = keep("memory");
    const handle = pool.handleFor(heavy, "run-3");
    heavy.send({ flowRunId: "run-3", exitCode: 0, rssBytes: 600 * 2 ** 20 });
    await handle.exited;
    await exited(heavy);

    const idle = keep("idle");
    const idleRun = pool.handleFor(idle, "run-4");
    idle.send({ flowRunId: "run-4", exitCode: 0 });
    await idleRun.exited;
    // Taken back by nobody: retired after 200 ms.
    await exited(idle);
    expect(pool.size).toBe(0);
  });

  it("retires the idle processes of an older version of a deployment when a newer one starts", async () => {
    const { pool, keep } = setUp();
    const older = keep("v1", "deployment");
    const busy = keep("v1", "deployment");
    const other = keep("other", "other-deployment");
    for (const [child, id] of [
      [older, "run-1"],
      [other, "run-2"],
    ] as const) {
      const handle = pool.handleFor(child, id);
      child.send({ flowRunId: id, exitCode: 0 });
      await handle.exited;
    }
    keep("v2", "deployment");
    await exited(older);
    // A process busy with a run finishes it; other deployments keep theirs.
    expect(busy.exitCode).toBeNull();
    expect(pool.takeIdle("other")?.child).toBe(other);
  });

  it("retires idle processes when closed, and any added after", async () => {
    const { pool, keep } = setUp();
    const idle = keep("a");
    const handle = pool.handleFor(idle, "run-1");
    idle.send({ flowRunId: "run-1", exitCode: 0 });
    await handle.exited;
    pool.close();
    await exited(idle);
    const late = keep("b");
    await exited(late);
    expect(pool.size).toBe(0);
  });
});
