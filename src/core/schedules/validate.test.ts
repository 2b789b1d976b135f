import { describe, expect, it } from "vitest";
import type { Schedule } from "./types.js";
import { validateSchedule } from "./validate.js";

describe("validateSchedule", () => {
  it.each<[string, Schedule]>([
    ["5-field cron", { cron: "0 2 * * *", timezone: "America/Chicago" }],
    ["6-field cron", { cron: "*/10 * * * * *" }],
    ["day and month names", { cron: "0 9 * MAR-APR THU,FRI" }],
    ["nickname", { cron: "@daily" }],
    ["L", { cron: "0 0 L * *" }],
    ["interval", { interval: 60, anchor_date: "2026-01-01T00:00:00+01:00", timezone: "UTC" }],
    ["fractional interval", { interval: 0.5 }],
    ["rrule", { rrule: "FREQ=WEEKLY;BYDAY=MO,WE;BYHOUR=9;BYMINUTE=0", timezone: "Europe/Berlin" }],
    [
      "rrule with DTSTART and UNTIL",
      { rrule: "DTSTART:20260101T090000Z\nRRULE:FREQ=DAILY;UNTIL=20270101T000000Z" },
    ],
  ])("accepts %s", (_name, schedule) => {
    expect(validateSchedule(schedule)).toEqual([]);
  });

  it.each<[string, Schedule, string[]]>([
    [
      "unknown zone",
      { cron: "0 * * * *", timezone: "Europe/Berln" },
      ['unknown time zone "Europe/Berln"; use an IANA name such as Europe/Berlin'],
    ],
    [
      "cron with 4 fields",
      { cron: "0 0 * *" },
      [
        'invalid cron "0 0 * *": expected 5 fields (minute hour day-of-month month day-of-week) ' +
          "or 6 with seconds first, got 4",
      ],
    ],
    [
      "cron with 7 fields",
      { cron: "0 0 0 * * * 2026" },
      [
        'invalid cron "0 0 0 * * * 2026": expected 5 fields (minute hour day-of-month month ' +
          "day-of-week) or 6 with seconds first, got 7",
      ],
    ],
    [
      "cron value out of range",
      { cron: "61 * * * *" },
      ['invalid cron "61 * * * *": Invalid value for minute: 61'],
    ],
    [
      "cron hashed H (unsupported, as Prefect)",
      { cron: "H 0 * * *" },
      ['invalid cron "H 0 * * *": the random "R" and hashed "H" keywords are not supported'],
    ],
    ["zero interval", { interval: 0 }, ["interval must be a positive number of seconds, got 0"]],
    ["negative interval", { interval: -5 }, ["interval must be a positive number of seconds, got -5"]],
    [
      "bad anchor",
      { interval: 60, anchor_date: "2026-13-01T00:00:00Z" },
      [
        'invalid anchor date "2026-13-01T00:00:00Z": use an ISO-8601 date-time such as ' +
          "2026-01-01T09:00:00Z (you specified 13 (of type number) as a month, which is invalid)",
      ],
    ],
    [
      "rrule garbage",
      { rrule: "every monday" },
      ["invalid rrule \"every monday\": Unknown RRULE property 'every monday'"],
    ],
    ["rrule without FREQ", { rrule: "BYHOUR=9" }, ["RRULE needs FREQ (e.g. FREQ=DAILY)"]],
    [
      "rrule with COUNT",
      { rrule: "FREQ=DAILY;COUNT=3" },
      ["rrule COUNT is not supported (as in Prefect); end the rule with UNTIL instead"],
    ],
    ["rrule BYHOUR out of range", { rrule: "FREQ=DAILY;BYHOUR=9,25" }, ["RRULE BYHOUR must be 0–23, got 25"]],
    ["rrule INTERVAL=0", { rrule: "FREQ=DAILY;INTERVAL=0" }, ["RRULE INTERVAL must be 1 or more, got 0"]],
    [
      "rrule too long",
      { rrule: `FREQ=DAILY;BYHOUR=${"1,".repeat(3300)}1` },
      ["rrule is 6619 characters; the limit is 6500"],
    ],
    [
      "rrule with an unknown TZID",
      { rrule: "DTSTART;TZID=Mars/Olympus:20260101T090000\nRRULE:FREQ=DAILY" },
      ['rrule DTSTART TZID: unknown time zone "Mars/Olympus"; use an IANA name such as Europe/Berlin'],
    ],
    [
      "several problems at once",
      { cron: "0 0 * *", timezone: "Nowhere" },
      [
        'unknown time zone "Nowhere"; use an IANA name such as Europe/Berlin',
        'invalid cron "0 0 * *": expected 5 fields (minute hour day-of-month month day-of-week) ' +
          "or 6 with seconds first, got 4",
      ],
    ],
  ])("rejects %s", (_name, schedule, expected) => {
    expect(validateSchedule(schedule)).toEqual(expected);
  });
});
