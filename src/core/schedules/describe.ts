import { intervalZone } from "./interval.js";
import { rruleZone } from "./rrule.js";
import { isCronSchedule, isIntervalSchedule, type Schedule } from "./types.js";
import { DEFAULT_ZONE } from "./zone.js";

const UNITS: ReadonlyArray<[string, number]> = [
  ["d", 86_400],
  ["h", 3_600],
  ["m", 60],
];

/** "1h 30m", "1d", "45s", "0.5s": whole units, largest first, zero parts left out. */
function formatInterval(seconds: number): string {
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  rest = Math.round(rest * 1000) / 1000;
  if (rest > 0 || parts.length === 0) parts.push(`${rest}s`);
  return parts.join(" ");
}

/**
 * A schedule for people: "every 1h 30m", "every 1d (America/New_York)",
 * "cron '0 2 * * *' (America/Chicago)", "rrule 'FREQ=WEEKLY;BYDAY=MO' (UTC)".
 * Interval schedules name their zone only when it is not UTC, since it only matters then.
 */
export function describeSchedule(schedule: Schedule): string {
  if (isIntervalSchedule(schedule)) {
    const zone = intervalZone(schedule);
    const every = `every ${formatInterval(schedule.interval)}`;
    return zone === DEFAULT_ZONE ? every : `${every} (${zone})`;
  }
  if (isCronSchedule(schedule)) {
    const andNote = schedule.day_or === false ? ", day-of-month and day-of-week" : "";
    return `cron '${schedule.cron}' (${schedule.timezone ?? DEFAULT_ZONE}${andNote})`;
  }
  const text = schedule.rrule.replace(/\s*\n\s*/g, " ").replace(/^RRULE:/i, "");
  return `rrule '${text}' (${rruleZone(schedule)})`;
}
