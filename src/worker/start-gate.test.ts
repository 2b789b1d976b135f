import { describe, expect, it } from "vitest";
import { StartGate } from "./start-gate.js";

describe("StartGate", () => {
  it("lets `size` through at once and the rest in the order they asked", async () => {
    const gate = new StartGate(2);
    const order: number[] = [];
    const releases: (() => void)[] = [];
    const asks = [1, 2, 3, 4, 5].map((n) =>
      gate.acquire().then((release) => {
        order.push(n);
        releases.push(release);
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([1, 2]);
    expect(gate.waiting).toBe(3);
    releases[1]?.();
    releases[1]?.(); // twice frees one slot only
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([1, 2, 3]);
    releases[0]?.();
    releases[2]?.();
    await Promise.all(asks.slice(0, 5));
    expect(order).toEqual([1, 2, 3, 4, 5]);
    for (const release of releases) release();
    // All free again: two go through at once.
    const again = await Promise.all([gate.acquire(), gate.acquire()]);
    expect(again).toHaveLength(2);
    expect(gate.waiting).toBe(0);
  });

  it("refuses a gate without slots", () => {
    expect(() => new StartGate(0)).toThrow(/at least one slot/);
  });
});
