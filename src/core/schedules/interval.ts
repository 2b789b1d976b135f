import { DateTime } from "luxon";
import type { IntervalSchedule, OccurrenceWindow } from "./types.js";
import { DEFAULT_ZONE } from "./zone.js";

const DAY_SECONDS = 86_400;

/** The problem with an anchor date, or undefined when it parses. */
export function anchorProblem(anchor: string): string | undefined {
  const parsed = DateTime.fromISO(anchor, { zone: DEFAULT_ZONE });
  if (parsed.isValid) return undefined;
  return (
    `invalid anchor date ${JSON.stringify(anchor)}: use an ISO-8601 date-time such as ` +
    `2026-01-01T09:00:00Z (${parsed.invalidExplanation ?? parsed.invalidReason ?? "unparseable"})`
  );
}

/**
 * The zone an interval schedule runs in: its own, else the anchor's UTC offset (Prefect takes the
 * zone from the anchor date), else UTC.
 */
export function intervalZone(schedule: IntervalSchedule): string {
  if (schedule.timezone) return schedule.timezone;
  if (!schedule.anchor_date) return DEFAULT_ZONE;
  const anchor = DateTime.fromISO(schedule.anchor_date, { setZone: true, zone: DEFAULT_ZONE });
  return anchor.isValid ? (anchor.zoneName ?? DEFAULT_ZONE) : DEFAULT_ZONE;
}

/** The anchor as a luxon DateTime in the schedule's zone; 2020-01-01 00:00 local by default. */
function anchorIn(schedule: IntervalSchedule, zone: string): DateTime {
  if (!schedule.anchor_date) return DateTime.fromObject({ year: 2020, month: 1, day: 1 }, { zone });
  return DateTime.fromISO(schedule.anchor_date, { zone: DEFAULT_ZONE }).setZone(zone);
}

/**
 * The k-th run of an interval (k may be negative: the anchor is a fixed point, not a start).
 * Prefect splits the interval into whole days plus seconds: days are added on the wall clock (so
 * ≥ 24 h intervals keep their local time across DST), the rest in exact time (so sub-day intervals
 * keep UTC spacing and an hourly one runs twice at 01:xx when clocks go back). Computing run k
 * from the anchor, not from run k-1, keeps every run identical across calls.
 */
function nth(anchor: DateTime, days: number, restMs: number, k: number): number {
  const base = days === 0 ? anchor.toMillis() : anchor.plus({ days: days * k }).toMillis();
  return base + restMs * k;
}

/** Interval runs in the window (see `occurrences`). */
export function intervalOccurrences(schedule: IntervalSchedule, window: OccurrenceWindow): number[] {
  const zone = intervalZone(schedule);
  const anchor = anchorIn(schedule, zone);
  const totalMs = Math.round(schedule.interval * 1000);
  const days = Math.floor(schedule.interval / DAY_SECONDS);
  const restMs = totalMs - days * DAY_SECONDS * 1000;
  const result: number[] = [];
  if (totalMs <= 0 || window.limit <= 0) return result;
  // Estimate the last run at or before `after`, then correct by whole steps (DST moves a
  // day-based run by at most an hour, so the estimate is off by at most one step).
  let k = Math.floor((window.after - anchor.toMillis()) / totalMs);
  while (nth(anchor, days, restMs, k) > window.after) k -= 1;
  while (nth(anchor, days, restMs, k + 1) <= window.after) k += 1;
  for (let next = nth(anchor, days, restMs, ++k); next <= window.until;) {
    result.push(next);
    if (result.length >= window.limit) break;
    next = nth(anchor, days, restMs, ++k);
  }
  return result;
}
