import { describe, expect, it } from "vitest";
import { FailureLimiter } from "./failure-limiter.js";

describe("FailureLimiter", () => {
  it("refuses an address after too many failures in the window, and lets it in once they age out", () => {
    let now = 1_000_000;
    const limiter = new FailureLimiter({ maxFailures: 3, windowMs: 10_000, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterSeconds("10.0.0.1")).toBe(0);
      limiter.recordFailure("10.0.0.1");
      now += 1000;
    }
    expect(limiter.retryAfterSeconds("10.0.0.1")).toBe(7);
    expect(limiter.retryAfterSeconds("10.0.0.2")).toBe(0);
    now += 7000;
    expect(limiter.retryAfterSeconds("10.0.0.1")).toBe(0);
  });

  it("forgets the stalest addresses beyond its bound", () => {
    const limiter = new FailureLimiter({ maxFailures: 1, maxAddresses: 2 });
    limiter.recordFailure("a");
    limiter.recordFailure("b");
    limiter.recordFailure("c");
    expect(limiter.retryAfterSeconds("a")).toBe(0);
    expect(limiter.retryAfterSeconds("b")).toBeGreaterThan(0);
    expect(limiter.retryAfterSeconds("c")).toBeGreaterThan(0);
  });
});
