import { occurrences } from "./occurrences.js";
import type { Schedule } from "./types.js";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** How far ahead the scheduler keeps runs; defaults are Prefect's. */
export interface HorizonOptions {
  /** The current time, UTC epoch ms; runs are strictly after it. */
  now: number;
  /** Keep at least this many runs ahead (default 3). */
  minRuns?: number;
  /** Keep runs until at least this far ahead (default 1 h). */
  minHorizonMs?: number;
  /** Never more than this many runs (default 100; pass a schedule's `max_scheduled_runs`). */
  maxRuns?: number;
  /** Never further ahead than this (default 100 days). */
  maxHorizonMs?: number;
}

/**
 * The runs the scheduler should have ahead of `now`, by Prefect's horizon rules: walk the
 * schedule's instants up to `maxHorizonMs` and `maxRuns`, stopping as soon as there are at least
 * `minRuns` and the last one reaches `now + minHorizonMs`. So a 1-minute cron keeps 60 runs (the
 * hour), an hourly or weekly one keeps 3.
 */
export function nextRunTimes(schedule: Schedule, options: HorizonOptions): number[] {
  const { now, minRuns = 3, minHorizonMs = HOUR_MS, maxRuns = 100 } = options;
  const until = now + (options.maxHorizonMs ?? 100 * DAY_MS);
  // Computing occurrences is the expensive part (a minute cron is topped up thousands of times),
  // so ask only for what the rules below can use: everything within the minimum horizon, then
  // just enough beyond it to reach the minimum count (or the first run past the horizon).
  const near = occurrences(schedule, {
    after: now,
    until: Math.min(until, now + minHorizonMs),
    limit: maxRuns,
  });
  const beyond =
    near.length >= maxRuns
      ? []
      : occurrences(schedule, {
          after: near.at(-1) ?? now,
          until,
          limit: Math.min(maxRuns - near.length, Math.max(1, minRuns - near.length)),
        });
  const candidates = [...near, ...beyond];
  const runs: number[] = [];
  for (const instant of candidates) {
    runs.push(instant);
    if (runs.length >= minRuns && instant >= now + minHorizonMs) break;
  }
  return runs;
}
