import { describe, expect, it } from "vitest";
import { Backoff } from "./backoff.js";
import { sleepUnlessAborted } from "./waiting.js";

describe("Backoff", () => {
  it("grows exponentially up to the cap and resets on success", () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0 });
    expect([backoff.next(), backoff.next(), backoff.next(), backoff.next(), backoff.next()]).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    expect(backoff.failures).toBe(5);
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });

  it("spreads delays with jitter, never above the un-jittered delay", () => {
    const low = new Backoff({ initialMs: 1000, jitter: 0.3, random: () => 0.999 });
    const high = new Backoff({ initialMs: 1000, jitter: 0.3, random: () => 0 });
    expect(low.next()).toBe(700);
    expect(high.next()).toBe(1000);
  });

  it("defaults to a cap of about 10 s", () => {
    const backoff = new Backoff({ jitter: 0 });
    let last = 0;
    for (let i = 0; i < 20; i++) last = backoff.next();
    expect(last).toBe(10_000);
  });

  it("sleeps until aborted", async () => {
    const controller = new AbortController();
    const started = Date.now();
    const sleeping = sleepUnlessAborted(60_000, controller.signal);
    controller.abort();
    await sleeping;
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
