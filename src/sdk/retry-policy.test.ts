import { describe, expect, it } from "vitest";
import { retryDelaySeconds, validateRetryOptions } from "./retry-policy.js";

describe("retryDelaySeconds", () => {
  it("uses one delay for every retry, or a list indexed by retry whose last entry repeats", () => {
    expect(retryDelaySeconds({ retryDelaySeconds: 5 }, 3)).toBe(5);
    const list = { retryDelaySeconds: [1, 10, 60] };
    expect([1, 2, 3, 4, 9].map((retry) => retryDelaySeconds(list, retry))).toEqual([1, 10, 60, 60, 60]);
    expect(retryDelaySeconds({}, 1)).toBe(0);
  });

  it("spreads a delay over delay × (1 ± factor) with jitter", () => {
    const options = { retryDelaySeconds: 10, retryJitterFactor: 0.5 };
    expect(retryDelaySeconds(options, 1, () => 0)).toBe(5);
    expect(retryDelaySeconds(options, 1, () => 0.5)).toBe(10);
    expect(retryDelaySeconds(options, 1, () => 0.999999)).toBeCloseTo(15, 3);
    for (let i = 0; i < 200; i++) {
      const delay = retryDelaySeconds(options, 1);
      expect(delay).toBeGreaterThanOrEqual(5);
      expect(delay).toBeLessThanOrEqual(15);
    }
    expect(retryDelaySeconds({ retryDelaySeconds: 1, retryJitterFactor: 3 }, 1, () => 0)).toBe(0);
  });
});

describe("validateRetryOptions", () => {
  it("rejects what makes no sense, naming the owner", () => {
    expect(() => validateRetryOptions('Task "t"', { retries: -1 })).toThrow(
      'Task "t": retries must be a whole number',
    );
    expect(() => validateRetryOptions("f", { retryDelaySeconds: [1, -2] })).toThrow(/retryDelaySeconds/);
    expect(() => validateRetryOptions("f", { retryJitterFactor: Number.NaN })).toThrow(/retryJitterFactor/);
    expect(() =>
      validateRetryOptions("f", { retries: 2, retryDelaySeconds: [0, 1], retryJitterFactor: 0.2 }),
    ).not.toThrow();
  });
});
