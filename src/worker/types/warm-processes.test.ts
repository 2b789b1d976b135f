import { type ChildProcess, spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { StartGate } from "../start-gate.js";
import { WarmProcesses } from "./warm-processes.js";

/** A node child that says ready (or dies first) the way `flow-run execute --warm` does. */
function fakeWarm(script: string): () => ChildProcess {
  return () =>
    spawn(process.execPath, ["-e", script], { detached: true, stdio: ["ignore", "ignore", "ignore", "ipc"] });
}

/** {@link fakeWarm}, keeping every child it starts. */
function recorded(script: string): { spawn: () => ChildProcess; spawned: ChildProcess[] } {
  const spawned: ChildProcess[] = [];
  const start = fakeWarm(script);
  return {
    spawned,
    spawn: () => {
      const child = start();
      spawned.push(child);
      return child;
    },
  };
}

const READY = `process.send({ type: "steward.warm.ready" }); process.on("disconnect", () => process.exit(0));`;

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const pools: WarmProcesses[] = [];
afterEach(() => {
  for (const pool of pools.splice(0)) pool.close();
});

describe("WarmProcesses", () => {
  it("keeps `size` processes ready, hands each out once, and starts its replacement", async () => {
    const pool = new WarmProcesses({ size: 2, spawn: fakeWarm(READY), log: () => {} });
    pools.push(pool);
    pool.fill();
    expect(pool.take()).toBeUndefined();
    await until(() => pool.readyCount === 2, "two ready processes");
    const first = pool.take();
    const second = pool.take();
    expect(first?.pid).toBeDefined();
    expect(second?.pid).not.toBe(first?.pid);
    await until(() => pool.readyCount === 2, "the replacements");
    const taken = [first, second].filter((child): child is ChildProcess => child !== undefined);
    expect(taken).toHaveLength(2);
    for (const child of taken) {
      expect(child.listenerCount("exit")).toBe(0);
      process.kill(-(child.pid as number), "SIGKILL");
    }
  });

  it("replaces a ready process that dies, and stops trying after three that die before ready", async () => {
    const lines: string[] = [];
    const { spawn, spawned } = recorded(READY);
    const pool = new WarmProcesses({ size: 1, spawn, log: (line) => lines.push(line) });
    pools.push(pool);
    pool.fill();
    await until(() => pool.readyCount === 1, "a ready process");
    process.kill(-(spawned[0]?.pid as number), "SIGKILL");
    await until(() => spawned.length === 2 && pool.readyCount === 1, "its replacement");
    expect(lines).toEqual([]);

    const broken = new WarmProcesses({
      size: 2,
      spawn: fakeWarm("process.exit(3)"),
      log: (line) => lines.push(line),
    });
    pools.push(broken);
    broken.fill();
    await until(() => lines.length >= 3, "three failed starts");
    // Nothing more is started or said once it gave up (a start in flight fails quietly).
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/exited before it was ready \(status 3\)/);
    expect(lines[2]).toMatch(/Warm starts are off for this worker/);
    expect(broken.take()).toBeUndefined();
  });

  it("close() ends the waiting processes and starts no more", async () => {
    const { spawn, spawned } = recorded(READY);
    const pool = new WarmProcesses({ size: 2, spawn, log: () => {} });
    pool.fill();
    await until(() => pool.readyCount === 2, "two ready processes");
    pool.close();
    await until(
      () => spawned.every((child) => child.exitCode !== null || child.signalCode !== null),
      "their exit",
    );
    expect(spawned).toHaveLength(2);
    expect(pool.take()).toBeUndefined();
    expect(spawned).toHaveLength(2);
  });

  it("waits for a start slot before each start and holds it until the process is ready", async () => {
    const gate = new StartGate(1);
    const slow = `setTimeout(() => process.send({ type: "steward.warm.ready" }), 300); process.on("disconnect", () => process.exit(0));`;
    const { spawn, spawned } = recorded(slow);
    const pool = new WarmProcesses({ size: 2, spawn, slot: () => gate.acquire(), log: () => {} });
    pools.push(pool);
    pool.fill();
    await until(() => spawned.length === 1, "the first start");
    // The second waits for the slot the first holds until it is ready.
    expect(gate.waiting).toBe(1);
    expect(pool.readyCount).toBe(0);
    await until(() => pool.readyCount === 1 && spawned.length === 2, "the first ready, the second started");
    await until(() => pool.readyCount === 2, "both ready");
    expect(gate.waiting).toBe(0);
    // Both slots are back: a start elsewhere goes through at once.
    const release = await gate.acquire();
    release();
  });
});
