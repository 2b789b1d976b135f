/**
 * Schedule shapes, structurally identical to the wire types in `src/api/deployments.ts` (core may
 * not import api, so the api's zod-inferred values are assignable to these).
 */

/** Every `interval` seconds from `anchor_date` (ISO-8601 with offset), in `timezone`. */
export interface IntervalSchedule {
  interval: number;
  anchor_date?: string | null;
  timezone?: string | null;
}

/** A cron expression (5 fields, or 6 with seconds first) in `timezone`. */
export interface CronSchedule {
  cron: string;
  timezone?: string | null;
  /** true (default): day-of-month OR day-of-week, as Vixie cron and Prefect; false: AND. */
  day_or?: boolean;
}

/** An RFC 5545 recurrence rule (RRULE, EXRULE, DTSTART, RDATE, EXDATE lines) in `timezone`. */
export interface RRuleSchedule {
  rrule: string;
  timezone?: string | null;
}

/** Any of the three schedule kinds. */
export type Schedule = IntervalSchedule | CronSchedule | RRuleSchedule;

/** The window an occurrence query covers: instants in (after, until], at most `limit` of them. */
export interface OccurrenceWindow {
  /** Exclusive lower bound, UTC epoch ms. */
  after: number;
  /** Inclusive upper bound, UTC epoch ms. */
  until: number;
  /** Maximum number of instants returned. */
  limit: number;
}

/** True for an interval schedule. */
export function isIntervalSchedule(schedule: Schedule): schedule is IntervalSchedule {
  return "interval" in schedule;
}

/** True for a cron schedule. */
export function isCronSchedule(schedule: Schedule): schedule is CronSchedule {
  return "cron" in schedule;
}

/** True for an rrule schedule. */
export function isRRuleSchedule(schedule: Schedule): schedule is RRuleSchedule {
  return "rrule" in schedule;
}
