import { describe, expect, it } from "vitest";
import { FiringLimit } from "./firing-limit.js";

describe("FiringLimit", () => {
  it("drops firings past the limit, says so once, and admits again after a quiet window", () => {
    const limit = new FiringLimit({ max: 3, windowMs: 1000 });
    expect([0, 1, 2].map((t) => limit.admit("a", t))).toEqual(["fire", "fire", "fire"]);
    expect(limit.admit("a", 3)).toBe("drop-and-say");
    expect(limit.admit("a", 4)).toBe("drop");
    expect(limit.admit("b", 4)).toBe("fire");
    // A firing ages out: one is admitted again, without a new announcement of the same episode.
    expect(limit.admit("a", 1000)).toBe("fire");
    expect(limit.admit("a", 1000)).toBe("drop");
    // A full quiet window ends the episode: the next throttling is said again.
    expect(limit.admit("a", 5000)).toBe("fire");
    expect(limit.admit("a", 5001)).toBe("fire");
    expect(limit.admit("a", 5002)).toBe("fire");
    expect(limit.admit("a", 5003)).toBe("drop-and-say");
  });
});
