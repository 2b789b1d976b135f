import { describe, expect, it } from "vitest";
import { nextRunTimes } from "./horizon.js";
import type { Schedule } from "./types.js";

const now = Date.parse("2026-01-05T10:00:00Z");
const HOUR = 3_600_000;

describe("nextRunTimes (Prefect's horizon rules)", () => {
  it.each<[string, Schedule, Partial<Parameters<typeof nextRunTimes>[1]>, number, string]>([
    ["1-minute cron keeps the next hour: 60 runs", { cron: "* * * * *" }, {}, 60, "2026-01-05T11:00:00Z"],
    ["hourly cron keeps 3", { cron: "0 * * * *" }, {}, 3, "2026-01-05T13:00:00Z"],
    ["weekly cron keeps 3", { cron: "0 9 * * 1" }, {}, 3, "2026-01-26T09:00:00Z"],
    ["1-minute interval keeps 60", { interval: 60 }, {}, 60, "2026-01-05T11:00:00Z"],
    ["weekly rrule keeps 3", { rrule: "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9" }, {}, 3, "2026-01-26T09:00:00Z"],
    ["max_scheduled_runs caps", { cron: "* * * * *" }, { maxRuns: 10 }, 10, "2026-01-05T10:10:00Z"],
    ["maxRuns below minRuns wins", { cron: "0 * * * *" }, { maxRuns: 2 }, 2, "2026-01-05T12:00:00Z"],
    ["more minRuns", { cron: "0 * * * *" }, { minRuns: 5 }, 5, "2026-01-05T15:00:00Z"],
    ["longer minHorizon", { cron: "0 * * * *" }, { minHorizonMs: 6 * HOUR }, 6, "2026-01-05T16:00:00Z"],
    [
      "max horizon cuts a yearly schedule to nothing",
      { cron: "0 0 1 7 *" },
      { maxHorizonMs: 100 * 24 * HOUR },
      0,
      "",
    ],
  ])("%s", (_name, schedule, options, count, last) => {
    const runs = nextRunTimes(schedule, { now, ...options });
    expect(runs).toHaveLength(count);
    const lastRun = runs.at(-1);
    expect(lastRun === undefined ? "" : new Date(lastRun).toISOString().replace(".000Z", "Z")).toBe(last);
  });

  it("never includes now itself", () => {
    const runs = nextRunTimes({ cron: "0 10 * * *" }, { now });
    expect(runs[0]).toBe(Date.parse("2026-01-06T10:00:00Z"));
  });
});
