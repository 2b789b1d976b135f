import { describe, expect, it } from "vitest";
import { occurrences } from "./occurrences.js";
import type { Schedule } from "./types.js";

const ms = (iso: string): number => Date.parse(iso);
const isoList = (instants: number[]): string[] =>
  instants.map((instant) => new Date(instant).toISOString().replace(".000Z", "Z"));

/** Runs strictly after `after`, as ISO strings in UTC. */
function runs(schedule: Schedule, after: string, limit: number, until = "2030-01-01T00:00:00Z") {
  return isoList(occurrences(schedule, { after: ms(after), until: ms(until), limit }));
}

const NY = "America/New_York";

describe("cron", () => {
  it.each<[string, Schedule, string, number, string[]]>([
    [
      "hourly across spring-forward: 02:00 EST does not exist, so 01:00 EST → 03:00 EDT",
      { cron: "0 * * * *", timezone: NY },
      "2026-03-08T05:30:00Z",
      4,
      ["2026-03-08T06:00:00Z", "2026-03-08T07:00:00Z", "2026-03-08T08:00:00Z", "2026-03-08T09:00:00Z"],
    ],
    [
      "hourly across fall-back: 01:00 fires once (EDT), then a 2-hour UTC gap to 02:00 EST",
      { cron: "0 * * * *", timezone: NY },
      "2026-11-01T03:30:00Z",
      4,
      ["2026-11-01T04:00:00Z", "2026-11-01T05:00:00Z", "2026-11-01T07:00:00Z", "2026-11-01T08:00:00Z"],
    ],
    [
      "daily 02:30 on spring-forward day runs at 03:30 EDT, once",
      { cron: "30 2 * * *", timezone: NY },
      "2026-03-06T12:00:00Z",
      4,
      ["2026-03-07T07:30:00Z", "2026-03-08T07:30:00Z", "2026-03-09T06:30:00Z", "2026-03-10T06:30:00Z"],
    ],
    [
      "daily 01:30 on fall-back day runs once, at the first 01:30 (EDT)",
      { cron: "30 1 * * *", timezone: NY },
      "2026-10-31T12:00:00Z",
      3,
      ["2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z", "2026-11-03T06:30:00Z"],
    ],
    [
      "6 fields: every 15 seconds",
      { cron: "*/15 * * * * *" },
      "2026-01-01T00:00:00Z",
      5,
      [
        "2026-01-01T00:00:15Z",
        "2026-01-01T00:00:30Z",
        "2026-01-01T00:00:45Z",
        "2026-01-01T00:01:00Z",
        "2026-01-01T00:01:15Z",
      ],
    ],
    [
      "day_or true: the 13th OR a Friday",
      { cron: "0 0 13 * 5", day_or: true },
      "2026-01-01T12:00:00Z",
      4,
      ["2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z", "2026-01-13T00:00:00Z", "2026-01-16T00:00:00Z"],
    ],
    [
      "day_or defaults to true",
      { cron: "0 0 13 * 5" },
      "2026-01-01T12:00:00Z",
      2,
      ["2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z"],
    ],
    [
      "day_or false: Friday the 13th only",
      { cron: "0 0 13 * 5", day_or: false },
      "2026-01-01T12:00:00Z",
      3,
      ["2026-02-13T00:00:00Z", "2026-03-13T00:00:00Z", "2026-11-13T00:00:00Z"],
    ],
    [
      "leap day: 29 February fires only in leap years",
      { cron: "0 12 29 2 *" },
      "2026-01-01T00:00:00Z",
      2,
      ["2028-02-29T12:00:00Z"],
    ],
    [
      "L: last day of each month",
      { cron: "0 0 L * *" },
      "2026-01-01T12:00:00Z",
      4,
      ["2026-01-31T00:00:00Z", "2026-02-28T00:00:00Z", "2026-03-31T00:00:00Z", "2026-04-30T00:00:00Z"],
    ],
    [
      "28-31: every one of those days that exists",
      { cron: "0 0 28-31 * *" },
      "2026-01-27T12:00:00Z",
      7,
      [
        "2026-01-28T00:00:00Z",
        "2026-01-29T00:00:00Z",
        "2026-01-30T00:00:00Z",
        "2026-01-31T00:00:00Z",
        "2026-02-28T00:00:00Z",
        "2026-03-28T00:00:00Z",
        "2026-03-29T00:00:00Z",
      ],
    ],
    [
      "wall-clock in the zone: 09:00 Berlin is 08:00Z in winter, 07:00Z in summer",
      { cron: "0 9 * * *", timezone: "Europe/Berlin" },
      "2026-03-27T12:00:00Z",
      3,
      ["2026-03-28T08:00:00Z", "2026-03-29T07:00:00Z", "2026-03-30T07:00:00Z"],
    ],
  ])("%s", (_name, schedule, after, limit, expected) => {
    expect(runs(schedule, after, limit)).toEqual(expected);
  });

  it("excludes `after` itself and includes `until`", () => {
    const schedule = { cron: "0 * * * *" };
    expect(runs(schedule, "2026-01-01T00:00:00Z", 10, "2026-01-01T02:00:00Z")).toEqual([
      "2026-01-01T01:00:00Z",
      "2026-01-01T02:00:00Z",
    ]);
  });

  it("every minute across a fall-back hour never repeats an instant and never goes back", () => {
    const found = occurrences(
      { cron: "* * * * *", timezone: NY },
      { after: ms("2026-11-01T04:00:00Z"), until: ms("2026-11-01T08:00:00Z"), limit: 1000 },
    );
    expect(new Set(found).size).toBe(found.length);
    expect([...found].sort((a, b) => a - b)).toEqual(found);
    // 00:00–00:59 EDT, 01:00–01:59 EDT once, 01:00–03:00 EST: the repeated hour is left out.
    expect(found).toHaveLength(180);
  });

  it("returns nothing for a window it cannot fire in and respects limit 0", () => {
    expect(runs({ cron: "0 0 30 2 *" }, "2026-01-01T00:00:00Z", 5)).toEqual([]);
    expect(runs({ cron: "* * * * *" }, "2026-01-01T00:00:00Z", 0)).toEqual([]);
  });

  it("throws a validation error for an invalid schedule", () => {
    expect(() => runs({ cron: "0 0 * *" }, "2026-01-01T00:00:00Z", 1)).toThrow(/expected 5 fields/);
  });
});

describe("interval", () => {
  it.each<[string, Schedule, string, number, string[]]>([
    [
      "24 h in New York keeps 09:00 local across spring-forward (14:00Z → 13:00Z)",
      { interval: 86_400, anchor_date: "2026-03-01T09:00:00-05:00", timezone: NY },
      "2026-03-07T00:00:00Z",
      4,
      ["2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z", "2026-03-09T13:00:00Z", "2026-03-10T13:00:00Z"],
    ],
    [
      "24 h in New York keeps 09:00 local across fall-back (13:00Z → 14:00Z)",
      { interval: 86_400, anchor_date: "2026-03-01T09:00:00-05:00", timezone: NY },
      "2026-10-31T00:00:00Z",
      3,
      ["2026-10-31T13:00:00Z", "2026-11-01T14:00:00Z", "2026-11-02T14:00:00Z"],
    ],
    [
      "1 h keeps UTC spacing, so 01:xx local runs twice on fall-back",
      { interval: 3_600, anchor_date: "2026-01-01T00:30:00-05:00", timezone: NY },
      "2026-11-01T04:00:00Z",
      4,
      // 00:30 EDT, 01:30 EDT, 01:30 EST, 02:30 EST
      ["2026-11-01T04:30:00Z", "2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z", "2026-11-01T07:30:00Z"],
    ],
    [
      "a future anchor steps backwards",
      { interval: 7_200, anchor_date: "2027-06-01T00:15:00Z" },
      "2026-01-01T00:00:00Z",
      3,
      ["2026-01-01T00:15:00Z", "2026-01-01T02:15:00Z", "2026-01-01T04:15:00Z"],
    ],
    [
      "default anchor is 2020-01-01 00:00 in the zone, so runs land on round times",
      { interval: 900, timezone: "Asia/Kolkata" },
      "2026-01-01T00:01:00Z",
      2,
      ["2026-01-01T00:15:00Z", "2026-01-01T00:30:00Z"],
    ],
    [
      "default anchor for a daily interval is local midnight",
      { interval: 86_400, timezone: NY },
      "2026-07-01T00:00:00Z",
      2,
      ["2026-07-01T04:00:00Z", "2026-07-02T04:00:00Z"],
    ],
    [
      "25 h = 1 day on the wall clock + 1 h exact",
      { interval: 90_000, anchor_date: "2026-03-07T09:00:00-05:00", timezone: NY },
      "2026-03-07T12:00:00Z",
      2,
      // 09:00 EST + 1 wall-clock day = 09:00 EDT (13:00Z), + 1 h = 14:00Z; then 15:00 EDT + 1 h.
      ["2026-03-07T14:00:00Z", "2026-03-08T14:00:00Z"],
    ],
    [
      "no zone: the anchor's offset is the zone",
      { interval: 86_400, anchor_date: "2026-01-01T09:00:00+02:00" },
      "2026-06-01T00:00:00Z",
      1,
      ["2026-06-01T07:00:00Z"],
    ],
  ])("%s", (_name, schedule, after, limit, expected) => {
    expect(runs(schedule, after, limit)).toEqual(expected);
  });

  it("gives the same runs whichever window asks for them", () => {
    const schedule = { interval: 86_400 * 3, anchor_date: "2026-01-01T09:00:00Z", timezone: NY };
    const wide = occurrences(schedule, {
      after: ms("2026-01-01T00:00:00Z"),
      until: ms("2027-01-01T00:00:00Z"),
      limit: 500,
    });
    const later = occurrences(schedule, {
      after: wide[40] ?? 0,
      until: ms("2027-01-01T00:00:00Z"),
      limit: 500,
    });
    expect(later).toEqual(wide.slice(41));
  });
});

describe("rrule", () => {
  it.each<[string, Schedule, string, number, string[]]>([
    [
      "BYHOUR is local: 09:00 Berlin on Mondays and Wednesdays across 2026-03-29",
      { rrule: "FREQ=WEEKLY;BYDAY=MO,WE;BYHOUR=9;BYMINUTE=0", timezone: "Europe/Berlin" },
      "2026-03-20T00:00:00Z",
      4,
      ["2026-03-23T08:00:00Z", "2026-03-25T08:00:00Z", "2026-03-30T07:00:00Z", "2026-04-01T07:00:00Z"],
    ],
    [
      "no DTSTART: anchored at 2020-01-01 local, so INTERVAL=2 is stable",
      { rrule: "RRULE:FREQ=DAILY;INTERVAL=2;BYHOUR=6;BYMINUTE=0" },
      "2026-01-01T00:00:00Z",
      2,
      // 2020-01-01 + 2192 days (even) = 2026-01-01
      ["2026-01-01T06:00:00Z", "2026-01-03T06:00:00Z"],
    ],
    [
      "DTSTART with TZID and no schedule zone: the TZID is the zone",
      { rrule: "DTSTART;TZID=America/New_York:20260301T090000\nRRULE:FREQ=DAILY" },
      "2026-03-07T00:00:00Z",
      2,
      ["2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z"],
    ],
    [
      "DTSTART in UTC is converted to the schedule's wall clock",
      { rrule: "DTSTART:20260301T140000Z\nRRULE:FREQ=DAILY", timezone: NY },
      "2026-03-07T00:00:00Z",
      2,
      ["2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z"],
    ],
    [
      "UNTIL and EXDATE",
      {
        rrule: "DTSTART:20260101T120000Z\nRRULE:FREQ=DAILY;UNTIL=20260105T120000Z\nEXDATE:20260103T120000Z",
      },
      "2025-12-31T00:00:00Z",
      10,
      ["2026-01-01T12:00:00Z", "2026-01-02T12:00:00Z", "2026-01-04T12:00:00Z", "2026-01-05T12:00:00Z"],
    ],
    [
      "hourly rrule across fall-back fires once per wall-clock hour",
      { rrule: "FREQ=HOURLY;BYMINUTE=0", timezone: NY },
      "2026-11-01T04:30:00Z",
      3,
      ["2026-11-01T05:00:00Z", "2026-11-01T07:00:00Z", "2026-11-01T08:00:00Z"],
    ],
  ])("%s", (_name, schedule, after, limit, expected) => {
    expect(runs(schedule, after, limit)).toEqual(expected);
  });
});

describe("rrule performance and stability", () => {
  it("a minutely rule from 2020 answers for 2026 quickly and on the minute", () => {
    const started = performance.now();
    const found = runs({ rrule: "FREQ=MINUTELY;INTERVAL=7" }, "2026-05-01T00:00:00Z", 3);
    expect(performance.now() - started).toBeLessThan(1000);
    // 2020-01-01 00:00 + k × 7 min: 2026-05-01 00:00 is 3 329 280 min = 475 611 × 7 + 3 later.
    expect(found).toEqual(["2026-05-01T00:04:00Z", "2026-05-01T00:11:00Z", "2026-05-01T00:18:00Z"]);
  });
});
