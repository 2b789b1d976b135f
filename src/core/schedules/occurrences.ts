import { ErrorCode, StewardError } from "../errors.js";
import { cronSource } from "./cron.js";
import { collectFloating } from "./floating.js";
import { intervalOccurrences } from "./interval.js";
import { rruleSource, rruleZone } from "./rrule.js";
import { isCronSchedule, isIntervalSchedule, type OccurrenceWindow, type Schedule } from "./types.js";
import { validateSchedule } from "./validate.js";
import { DEFAULT_ZONE } from "./zone.js";

/**
 * The instants (UTC epoch ms) a schedule fires at in (after, until]: ascending, deduplicated, at
 * most `limit`. Throws a VALIDATION_FAILED StewardError, listing the problems, for an invalid
 * schedule.
 *
 * DST: cron and rrule match wall-clock times in the schedule's zone (default UTC). A wall-clock
 * time that a spring-forward gap skips moves forward by the gap (a daily 02:30 America/New_York
 * job runs at 03:30 EDT on 2026-03-08); a time that fall-back repeats fires once, at its first
 * occurrence (an hourly cron runs at 01:00 EDT, then 02:00 EST: a 2-hour gap). Intervals of whole
 * days keep their local time; shorter intervals keep exact UTC spacing.
 */
export function occurrences(schedule: Schedule, window: OccurrenceWindow): number[] {
  const problems = validateSchedule(schedule);
  if (problems.length > 0) {
    throw new StewardError(ErrorCode.VALIDATION_FAILED, `invalid schedule: ${problems.join("; ")}`, {
      details: { problems },
    });
  }
  if (isIntervalSchedule(schedule)) return intervalOccurrences(schedule, window);
  if (isCronSchedule(schedule)) {
    const zone = schedule.timezone ?? DEFAULT_ZONE;
    return collectFloating(cronSource(schedule.cron, schedule.day_or ?? true), zone, window);
  }
  return collectFloating(rruleSource(schedule), rruleZone(schedule), window);
}
