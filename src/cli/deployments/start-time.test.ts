import { describe, expect, it } from "vitest";
import { parseStartTime } from "./start-time.js";

const NOW = Date.parse("2025-01-01T00:00:00Z");
const later = (startIn: string) => (parseStartTime({ startIn }, NOW)?.getTime() ?? NaN) - NOW;

describe("parseStartTime", () => {
  it("reads durations in words, in short units and as bare seconds", () => {
    expect(later("5 minutes")).toBe(300_000);
    expect(later("in 1 hour 30 minutes")).toBe(5_400_000);
    expect(later("30s")).toBe(30_000);
    expect(later("1h30m")).toBe(5_400_000);
    expect(later("90")).toBe(90_000);
    expect(later("2 days")).toBe(172_800_000);
  });

  it("reads --start-at as ISO-8601 and means now when neither is given", () => {
    expect(parseStartTime({ startAt: "2025-06-01T09:30:00Z" })?.toISOString()).toBe(
      "2025-06-01T09:30:00.000Z",
    );
    expect(parseStartTime({})).toBeUndefined();
  });

  it("rejects what it cannot read, and both flags at once", () => {
    expect(() => parseStartTime({ startIn: "soon" })).toThrow(/--start-in "soon" is not a duration/);
    expect(() => parseStartTime({ startAt: "tomorrow" })).toThrow(/--start-at "tomorrow" is not a time/);
    expect(() => parseStartTime({ startIn: "1m", startAt: "2025-01-01" })).toThrow(/not both/);
  });
});
