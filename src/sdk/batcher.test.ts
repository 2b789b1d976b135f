import { describe, expect, it } from "vitest";
import { ApiError } from "../client/index.js";
import { Batcher, type BatcherOptions } from "./batcher.js";

function makeBatcher(
  overrides: Partial<BatcherOptions<number>> & { send: (items: number[]) => Promise<void> },
) {
  const warnings: string[] = [];
  const batcher = new Batcher<number>({
    what: "items",
    intervalMs: 10,
    flushAt: 5,
    maxPerRequest: 100,
    maxBuffered: 1_000,
    isPermanent: (error) => error instanceof ApiError,
    warn: (message) => warnings.push(message),
    initialBackoffMs: 5,
    maxBackoffMs: 20,
    ...overrides,
  });
  return { batcher, warnings };
}

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe("Batcher", () => {
  it("sends after the interval, in one batch, in order", async () => {
    const batches: number[][] = [];
    const { batcher } = makeBatcher({ send: async (items) => void batches.push(items) });
    batcher.add(1);
    batcher.add(2);
    expect(batches).toEqual([]);
    await until(() => batches.length === 1);
    expect(batches).toEqual([[1, 2]]);
  });

  it("sends as soon as flushAt items are buffered, without waiting for the interval", async () => {
    const batches: number[][] = [];
    const { batcher } = makeBatcher({ intervalMs: 60_000, send: async (items) => void batches.push(items) });
    for (let i = 0; i < 5; i++) batcher.add(i);
    await until(() => batches.length === 1);
    expect(batches[0]).toEqual([0, 1, 2, 3, 4]);
  });

  it("keeps items through transient failures and delivers them all, in order, once", async () => {
    const delivered: number[] = [];
    let calls = 0;
    const { batcher, warnings } = makeBatcher({
      send: async (items) => {
        calls++;
        if (calls <= 3) throw new Error("connect ECONNREFUSED");
        delivered.push(...items);
      },
    });
    for (let i = 0; i < 12; i++) batcher.add(i);
    expect(await batcher.flush(5_000)).toBe(true);
    expect(delivered).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(warnings[0]).toMatch(/Could not send .* ECONNREFUSED.*retrying/);
    expect(warnings.at(-1)).toMatch(/Delivered buffered items again/);
  });

  it("drops a batch the API refuses (a retry cannot fix it) and goes on", async () => {
    const delivered: number[] = [];
    const { batcher, warnings } = makeBatcher({
      maxPerRequest: 2,
      send: async (items) => {
        if (items.includes(1)) throw new ApiError(422, "VALIDATION_FAILED", "bad line");
        delivered.push(...items);
      },
    });
    for (let i = 0; i < 4; i++) batcher.add(i);
    expect(await batcher.flush()).toBe(true);
    expect(delivered).toEqual([2, 3]);
    expect(warnings).toEqual(["Dropped 2 items the API refused: bad line"]);
  });

  it("flush gives up at its deadline and keeps the items", async () => {
    const { batcher } = makeBatcher({
      send: async () => {
        throw new Error("down");
      },
    });
    batcher.add(1);
    expect(await batcher.flush(50)).toBe(false);
    expect(batcher.pending).toBe(1);
    batcher.stop();
  });

  it("never sends two requests at once", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const delivered: number[] = [];
    const { batcher } = makeBatcher({
      flushAt: 2,
      maxPerRequest: 2,
      send: async (items) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        delivered.push(...items);
        inFlight--;
      },
    });
    for (let i = 0; i < 20; i++) batcher.add(i);
    await batcher.flush();
    expect(maxInFlight).toBe(1);
    expect(delivered).toEqual([...Array(20).keys()]);
  });

  it("drops the oldest items beyond maxBuffered, saying so once", async () => {
    const { batcher, warnings } = makeBatcher({
      maxBuffered: 3,
      flushAt: 100,
      intervalMs: 60_000,
      send: async () => {},
    });
    for (let i = 0; i < 6; i++) batcher.add(i);
    expect(batcher.pending).toBe(3);
    expect(warnings.filter((w) => w.includes("dropping the oldest"))).toHaveLength(1);
    batcher.stop();
  });
});
