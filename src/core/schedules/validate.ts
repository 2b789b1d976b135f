import { cronProblem } from "./cron.js";
import { anchorProblem } from "./interval.js";
import { rruleProblems } from "./rrule.js";
import { isCronSchedule, isIntervalSchedule, type Schedule } from "./types.js";
import { zoneProblem } from "./zone.js";

/**
 * Readable problems with a schedule, empty when it is valid: unknown time zones, bad cron
 * expressions, non-positive intervals, bad anchor dates, and rrules that do not parse, use COUNT
 * or exceed 6500 characters. Each message names the bad value and says what would be accepted.
 */
export function validateSchedule(schedule: Schedule): string[] {
  const problems: string[] = [];
  const zone = schedule.timezone ? zoneProblem(schedule.timezone) : undefined;
  if (zone) problems.push(zone);
  if (isIntervalSchedule(schedule)) {
    if (!Number.isFinite(schedule.interval) || Math.round(schedule.interval * 1000) <= 0) {
      problems.push(`interval must be a positive number of seconds, got ${schedule.interval}`);
    }
    const anchor = schedule.anchor_date ? anchorProblem(schedule.anchor_date) : undefined;
    if (anchor) problems.push(anchor);
  } else if (isCronSchedule(schedule)) {
    const cron = cronProblem(schedule.cron, schedule.day_or ?? true);
    if (cron) problems.push(cron);
  } else {
    problems.push(...rruleProblems(schedule));
  }
  return problems;
}
