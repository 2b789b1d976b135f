import { describe, expect, it } from "vitest";
import { describeSchedule } from "./describe.js";
import type { Schedule } from "./types.js";

describe("describeSchedule", () => {
  it.each<[Schedule, string]>([
    [{ interval: 60 }, "every 1m"],
    [{ interval: 5_400 }, "every 1h 30m"],
    [{ interval: 45 }, "every 45s"],
    [{ interval: 0.5 }, "every 0.5s"],
    [{ interval: 90_061 }, "every 1d 1h 1m 1s"],
    [{ interval: 86_400, timezone: "America/New_York" }, "every 1d (America/New_York)"],
    [{ cron: "0 2 * * *", timezone: "America/Chicago" }, "cron '0 2 * * *' (America/Chicago)"],
    [{ cron: "0 0 13 * 5", day_or: false }, "cron '0 0 13 * 5' (UTC, day-of-month and day-of-week)"],
    [{ rrule: "FREQ=WEEKLY;BYDAY=MO" }, "rrule 'FREQ=WEEKLY;BYDAY=MO' (UTC)"],
    [{ rrule: "RRULE:FREQ=DAILY", timezone: "Europe/Berlin" }, "rrule 'FREQ=DAILY' (Europe/Berlin)"],
  ])("%j → %s", (schedule, expected) => {
    expect(describeSchedule(schedule)).toBe(expected);
  });
});
