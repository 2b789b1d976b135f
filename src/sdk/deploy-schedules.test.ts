import { describe, expect, it } from "vitest";
import { parseIntervalSeconds, shorthandSchedules, toScheduleCreate } from "./deploy-schedules.js";

describe("parseIntervalSeconds", () => {
  it("reads seconds, ISO-8601 durations and short durations", () => {
    expect(parseIntervalSeconds(60)).toBe(60);
    expect(parseIntervalSeconds("60")).toBe(60);
    expect(parseIntervalSeconds("PT10M")).toBe(600);
    expect(parseIntervalSeconds("P1DT12H")).toBe(129_600);
    expect(parseIntervalSeconds("P1W")).toBe(604_800);
    expect(parseIntervalSeconds("pt1.5s")).toBe(1.5);
    expect(parseIntervalSeconds("1h30m")).toBe(5_400);
  });

  it("rejects zero, years and months, and text", () => {
    for (const bad of [0, "0", "P", "PT", "P1Y", "P1M", "every minute", -5]) {
      expect(() => parseIntervalSeconds(bad)).toThrow(/is not valid/);
    }
  });
});

describe("toScheduleCreate", () => {
  it("builds the wire schedule with its options", () => {
    expect(
      toScheduleCreate({
        interval: "PT1H",
        anchorDate: "2025-01-01T00:00:00Z",
        timezone: "Europe/Paris",
        slug: "h",
      }),
    ).toEqual({
      schedule: { interval: 3600, anchor_date: "2025-01-01T00:00:00.000Z", timezone: "Europe/Paris" },
      slug: "h",
    });
    expect(toScheduleCreate({ cron: "0 2 * * *", active: false })).toEqual({
      schedule: { cron: "0 2 * * *", timezone: undefined },
      active: false,
    });
    expect(toScheduleCreate({ rrule: "FREQ=DAILY", parameters: { n: 1 } })).toEqual({
      schedule: { rrule: "FREQ=DAILY", timezone: undefined },
      parameters: { n: 1 },
    });
  });

  it("rejects an unknown time zone and a bad anchor date", () => {
    expect(() => toScheduleCreate({ cron: "* * * * *", timezone: "Mars/Olympus" })).toThrow(
      /unknown time zone "Mars\/Olympus"/,
    );
    expect(() => toScheduleCreate({ interval: 60, anchorDate: "yesterday" })).toThrow(/is not a date/);
  });
});

describe("shorthandSchedules", () => {
  it("makes one schedule per shorthand and refuses options without a schedule", () => {
    expect(shorthandSchedules({ interval: 60, cron: "0 * * * *", timezone: "UTC" })).toHaveLength(2);
    expect(shorthandSchedules({})).toEqual([]);
    expect(() => shorthandSchedules({ timezone: "UTC" })).toThrow(/only applies to a schedule/);
    expect(() => shorthandSchedules({ cron: "* * * * *", anchorDate: "2025-01-01" })).toThrow(
      /only applies to an interval/,
    );
  });
});
