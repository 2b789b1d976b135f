import type { DeploymentSchedule, Schedule } from "../../api/deployments.js";

const UNITS: ReadonlyArray<readonly [number, string]> = [
  [86_400, "d"],
  [3_600, "h"],
  [60, "m"],
  [1, "s"],
];

/** "60" → "1m", "5400" → "90m": the largest unit that divides the interval exactly. */
function intervalText(seconds: number): string {
  const [size, unit] = UNITS.find(([size]) => seconds % size === 0) ?? [1, "s"];
  return `${seconds / size}${unit}`;
}

/** One schedule for people: "every 1m", "cron 0 2 * * * (Europe/Paris)", "rrule FREQ=DAILY". */
export function describeSchedule(schedule: Schedule): string {
  const zone = schedule.timezone ? ` (${schedule.timezone})` : "";
  if ("interval" in schedule) return `every ${intervalText(schedule.interval)}${zone}`;
  if ("cron" in schedule) return `cron ${schedule.cron}${zone}`;
  return `rrule ${schedule.rrule}${zone}`;
}

/** A deployment's schedules in one table cell: the first, and how many more; "-" for none. */
export function summariseSchedules(schedules: readonly DeploymentSchedule[]): string {
  const [first, ...rest] = schedules;
  if (!first) return "-";
  const text = `${describeSchedule(first.schedule)}${first.active ? "" : " (inactive)"}`;
  return rest.length > 0 ? `${text} +${rest.length} more` : text;
}
