import { describe, expect, it } from "vitest";
import { CapacityLimiter } from "./limiter.js";

describe("CapacityLimiter", () => {
  it("hands out at most `limit` slots and takes them back", () => {
    const limiter = new CapacityLimiter(2);
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
    expect(limiter.free).toBe(0);
    limiter.release();
    expect(limiter.free).toBe(1);
    expect(limiter.used).toBe(1);
  });

  it("wakes a waiter when a slot frees, and not before", async () => {
    const limiter = new CapacityLimiter(1);
    limiter.tryAcquire();
    let woke = false;
    const waiting = limiter.waitForFree().then(() => {
      woke = true;
    });
    await Promise.resolve();
    expect(woke).toBe(false);
    limiter.release();
    await waiting;
    expect(woke).toBe(true);
  });

  it("stops waiting when the signal aborts", async () => {
    const limiter = new CapacityLimiter(1);
    limiter.tryAcquire();
    const controller = new AbortController();
    const waiting = limiter.waitForFree(controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBeUndefined();
  });

  it("has no limit by default and refuses nonsense", () => {
    const limiter = new CapacityLimiter();
    for (let i = 0; i < 1000; i++) expect(limiter.tryAcquire()).toBe(true);
    expect(() => new CapacityLimiter(0)).toThrow(/at least 1/);
    expect(() => new CapacityLimiter(1).release()).toThrow(/no slot held/);
  });
});
