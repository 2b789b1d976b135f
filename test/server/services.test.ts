import { describe, expect, it } from "vitest";
import { StewardError } from "../../src/core/errors.js";
import { PeriodicService, type Service, ServiceRunner } from "../../src/server/services/index.js";

/** Waits for `check` to hold, polling; fails after `timeoutMs`. */
async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("PeriodicService", () => {
  it("ticks on its interval, never overlapping, and stops after the tick in flight", async () => {
    let active = 0;
    let maxActive = 0;
    let ticks = 0;
    const service = new PeriodicService({
      name: "counter",
      intervalMs: 1,
      tick: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((resolve) => setTimeout(resolve, 2));
        ticks++;
        active--;
      },
    });
    await service.start();
    await service.start();
    await until(() => ticks >= 3);
    await service.stop();
    const after = ticks;
    expect(active).toBe(0);
    expect(maxActive).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ticks).toBe(after);
  });

  it("keeps going after a failing tick and logs the failure", async () => {
    const lines: string[] = [];
    let calls = 0;
    const service = new PeriodicService({
      name: "flaky",
      intervalMs: 1,
      log: (line) => lines.push(line),
      tick: async () => {
        calls++;
        if (calls === 1) throw new Error("first tick fails");
      },
    });
    await service.start();
    await until(() => calls >= 3);
    await service.stop();
    expect(lines[0]).toContain("service flaky: tick failed: Error: first tick fails");
  });

  it("says once that the database is down and once that it is back, without a stack per tick", async () => {
    const lines: string[] = [];
    let calls = 0;
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const service = new PeriodicService({
      name: "scheduler",
      intervalMs: 1,
      log: (line) => lines.push(line),
      tick: async () => {
        calls++;
        if (calls <= 3) throw refused;
        if (calls <= 5) throw new StewardError("SERVICE_UNAVAILABLE", "busy", { cause: refused });
        if (calls === 7) throw new Error("a bug");
      },
    });
    await service.start();
    await until(() => calls >= 8);
    await service.stop();
    expect(lines[0]).toBe(
      "service scheduler: the database is unavailable (ECONNREFUSED); retrying every 1 ms",
    );
    expect(lines[1]).toBe("service scheduler: the database answers again");
    expect(lines[2]).toContain("service scheduler: tick failed: Error: a bug");
    expect(lines).toHaveLength(3);
  });

  it("lets tests call tick() directly without starting", async () => {
    let ticks = 0;
    const service = new PeriodicService({
      name: "manual",
      intervalMs: 60_000,
      tick: async () => void ticks++,
    });
    await service.tick();
    expect(ticks).toBe(1);
  });
});

describe("ServiceRunner", () => {
  function fake(name: string, events: string[], failStart = false): Service {
    return {
      name,
      start: async () => {
        if (failStart) throw new Error("no database");
        events.push(`start ${name}`);
      },
      stop: async () => void events.push(`stop ${name}`),
      tick: async () => {},
    };
  }

  it("starts services in order and stops them in reverse, once", async () => {
    const events: string[] = [];
    const runner = new ServiceRunner([fake("a", events), fake("b", events)]);
    await runner.start();
    await runner.stop();
    await runner.stop();
    expect(events).toEqual(["start a", "start b", "stop b", "stop a"]);
  });

  it("stops the started services when one fails to start", async () => {
    const events: string[] = [];
    const runner = new ServiceRunner([fake("a", events), fake("b", events, true)]);
    await expect(runner.start()).rejects.toThrow('Background service "b" failed to start: no database');
    expect(events).toEqual(["start a", "stop a"]);
  });

  it("refuses two services with the same name", () => {
    expect(() => new ServiceRunner([fake("a", []), fake("a", [])])).toThrow('named "a"');
  });
});
