// Schedules in words on the deployment pages: cron shapes people write, intervals, rrules, and the
// previews of the next runs that the schedule dialog shows.
import { describe, expect, it } from "vitest";
import { cronWords } from "../../ui/src/pages/deployments/cron-words.js";
import {
  intervalUnit,
  intervalWords,
  nextRuns,
  scheduleProblems,
  scheduleWords,
} from "../../ui/src/pages/deployments/schedule-words.js";

describe("cronWords", () => {
  it.each([
    ["0 9 * * 1", "At 09:00 on Monday"],
    ["30 17 * * 1-5", "At 17:30 on Monday through Friday"],
    ["0 9,17 * * *", "At 09:00 and 17:00"],
    ["*/15 * * * *", "Every 15 minutes"],
    ["* * * * *", "Every minute"],
    ["5 * * * *", "At minute 5 past every hour"],
    ["0,30 * * * *", "At minutes 0 and 30 past every hour"],
    ["0 */2 * * *", "At minute 0 past every 2nd hour"],
    ["0 9-17 * * *", "At minute 0 past every hour from 9 through 17"],
    [
      "*/5 9-17 * * MON-FRI",
      "At every 5th minute past every hour from 9 through 17 on Monday through Friday",
    ],
    ["0 0 1 * *", "At 00:00 on day 1 of the month"],
    ["0 0 1,15 * *", "At 00:00 on days 1 and 15 of the month"],
    ["0 6 1 JAN *", "At 06:00 on day 1 of the month in January"],
    ["0 0 1 * 1", "At 00:00 on day 1 of the month or on Monday"],
    ["@daily", "At 00:00"],
    ["@weekly", "At 00:00 on Sunday"],
    ["0 0 9 * * 1", "At 09:00 on Monday"],
    ["*/10 * * * * *", "Every 10 seconds"],
  ])("%s → %s", (expression, words) => {
    expect(cronWords(expression)).toBe(words);
  });

  it("reads day-of-month AND day-of-week when day_or is false", () => {
    expect(cronWords("0 0 13 * 5", false)).toBe("At 00:00 on day 13 of the month if it is Friday");
  });

  it("gives up on shapes it does not cover", () => {
    expect(cronWords("5-10/2 * * * *")).toBeUndefined();
    expect(cronWords("0 0 */2 * *")).toBeUndefined();
    expect(cronWords("0 9 * *")).toBeUndefined();
    expect(cronWords("61 * * * *")).toBeUndefined();
  });
});

describe("scheduleWords", () => {
  it("describes intervals in the largest whole unit", () => {
    expect(intervalWords(60)).toBe("Every minute");
    expect(intervalWords(90)).toBe("Every 90 seconds");
    expect(intervalWords(7200)).toBe("Every 2 hours");
    expect(intervalWords(86_400)).toBe("Every day");
    expect(intervalUnit(300)).toEqual({ count: 5, unit: 60, name: "minute" });
    expect(scheduleWords({ interval: 60 })).toBe("Every minute");
    expect(scheduleWords({ interval: 3600, timezone: "Europe/Paris" })).toBe("Every hour (Europe/Paris)");
  });

  it("names the zone of cron and rrule schedules, and falls back to core's description", () => {
    expect(scheduleWords({ cron: "0 9 * * 1", timezone: "Europe/Paris", day_or: true })).toBe(
      "At 09:00 on Monday (Europe/Paris)",
    );
    expect(scheduleWords({ cron: "5-10/2 * * * *", day_or: true })).toBe("cron '5-10/2 * * * *' (UTC)");
    expect(scheduleWords({ rrule: "FREQ=WEEKLY;BYDAY=MO" })).toBe("Every week on Monday (UTC)");
  });

  it("previews the next runs and explains invalid schedules", () => {
    const after = Date.UTC(2026, 0, 5, 12, 0); // a Monday, noon UTC
    const runs = nextRuns({ cron: "0 9 * * 1", timezone: "Europe/Paris", day_or: true }, 3, after);
    expect(runs.map((t) => new Date(t).toISOString())).toEqual([
      "2026-01-12T08:00:00.000Z",
      "2026-01-19T08:00:00.000Z",
      "2026-01-26T08:00:00.000Z",
    ]);
    expect(scheduleProblems({ cron: "0 9 * *", day_or: true })[0]).toMatch(/expected 5 fields/);
    expect(scheduleProblems({ cron: "0 9 * * *", timezone: "Mars/Olympus", day_or: true })[0]).toMatch(
      /unknown time zone/,
    );
    expect(nextRuns({ cron: "nonsense", day_or: true })).toEqual([]);
  });
});
