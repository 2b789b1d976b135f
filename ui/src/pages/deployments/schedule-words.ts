/**
 * @module Schedules for people: "Every 5 minutes", "At 09:00 on Monday (Europe/Paris)",
 * "Every week on Monday (UTC)", their next run times, and what is wrong with an invalid one. The
 * maths is core's (src/core/schedules: the scheduler's own rules), so previews match real runs.
 */
import * as rruleModule from "rrule";
import type { Schedule } from "../../../../src/api/deployments.js";
import { describeSchedule, occurrences, validateSchedule } from "../../../../src/core/schedules/index.js";
import { intervalZone } from "../../../../src/core/schedules/interval.js";
import { rruleZone } from "../../../../src/core/schedules/rrule.js";
import { cronWords } from "./cron-words.js";

// rrule is CommonJS: Node's ESM loader puts its exports under `default` (see core's rrule.ts), the
// bundler gives them as named exports (Reflect.get: a plain `.default` makes the bundler warn).
const rrule = (Reflect.get(rruleModule, "default") ?? rruleModule) as typeof rruleModule;

const UNITS: ReadonlyArray<readonly [number, string]> = [
  [86_400, "day"],
  [3_600, "hour"],
  [60, "minute"],
  [1, "second"],
];

/** The largest unit that divides `seconds` evenly: [count, unit seconds, unit name]. */
export function intervalUnit(seconds: number): { count: number; unit: number; name: string } {
  for (const [unit, name] of UNITS) {
    if (seconds >= unit && Number.isInteger(seconds / unit)) return { count: seconds / unit, unit, name };
  }
  return { count: seconds, unit: 1, name: "second" };
}

/** "Every 5 minutes", "Every hour", "Every 90 seconds". */
export function intervalWords(seconds: number): string {
  const { count, name } = intervalUnit(seconds);
  return count === 1 ? `Every ${name}` : `Every ${count} ${name}s`;
}

/** The zone a schedule's times are read in. */
export function scheduleZone(schedule: Schedule): string {
  if ("interval" in schedule) return intervalZone(schedule);
  if ("rrule" in schedule) {
    try {
      return rruleZone(schedule);
    } catch {
      return schedule.timezone ?? "UTC";
    }
  }
  return schedule.timezone ?? "UTC";
}

function rruleWords(text: string): string | undefined {
  try {
    const set = rrule.rrulestr(text, { forceset: true, unfold: true }) as InstanceType<typeof rrule.RRuleSet>;
    const rules = set.rrules();
    const only = rules[0];
    if (
      rules.length !== 1 ||
      !only ||
      set.exrules().length > 0 ||
      set.rdates().length > 0 ||
      set.exdates().length > 0
    ) {
      return undefined;
    }
    const words = only.toText();
    return words.charAt(0).toUpperCase() + words.slice(1);
  } catch {
    return undefined;
  }
}

/**
 * A schedule in words with its zone: "At 09:00 on Monday (Europe/Paris)", "Every 5 minutes".
 * Interval schedules name their zone only when it is not UTC; shapes without words fall back to
 * core's `describeSchedule` ("cron '5-10/2 * * * *' (UTC)").
 */
export function scheduleWords(schedule: Schedule): string {
  if (validateSchedule(schedule).length > 0) return describeSchedule(schedule);
  const zone = scheduleZone(schedule);
  if ("interval" in schedule) {
    const words = intervalWords(schedule.interval);
    return zone === "UTC" ? words : `${words} (${zone})`;
  }
  const words =
    "cron" in schedule ? cronWords(schedule.cron, schedule.day_or ?? true) : rruleWords(schedule.rrule);
  return words ? `${words} (${zone})` : describeSchedule(schedule);
}

/** What is wrong with a schedule (empty when it is valid): core's messages, as the API sends them. */
export function scheduleProblems(schedule: Schedule): string[] {
  return validateSchedule(schedule);
}

/** The next `count` run times after `after` (epoch ms), within a year; [] for an invalid schedule. */
export function nextRuns(schedule: Schedule, count = 3, after = Date.now()): number[] {
  if (validateSchedule(schedule).length > 0) return [];
  return occurrences(schedule, { after, until: after + 366 * 86_400_000, limit: count });
}

/** "Mon, Jun 1, 2026, 09:00 CEST": a run time as the schedule's zone sees it. */
export function formatInZone(instant: number, zone: string): string {
  return new Intl.DateTimeFormat(undefined, {
    timeZone: zone,
    weekday: "short",
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(new Date(instant));
}
