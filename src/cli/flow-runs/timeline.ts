/**
 * @module Which runs `steward flow-run ls` shows. By default, what has happened and what is due:
 * every run except the SCHEDULED ones whose expected start is still to come (a deployment's
 * schedule creates many of those ahead of time, and they would push the run that completed a
 * minute ago off the list). With `--upcoming`, exactly those: the runs to come, soonest first.
 * Together the two lists hold every run once.
 */
import type { FlowRunFilter } from "../../api/filters.js";
import type { RunSort } from "../run-order.js";

/** The order of each list without `--sort`: newest start first; the runs to come soonest first. */
export const DEFAULT_SORT = {
  past: "START_TIME_DESC",
  upcoming: "EXPECTED_START_TIME_ASC",
} as const satisfies Record<string, RunSort>;

/**
 * The runs that are not to come, as alternatives (the API ANDs criteria): any run that is not
 * SCHEDULED, or whose expected start has come. A run retrying later (AwaitingRetry) is in this
 * list: its expected start is its first one, in the past.
 */
export function pastAndDue(now: Date): FlowRunFilter[] {
  return [
    { state: { type: { not_any_: ["SCHEDULED"] } } },
    { expected_start_time: { before_: now.toISOString() } },
  ];
}

/** The runs to come: SCHEDULED, expected to start after `now`. */
export function upcoming(now: Date): FlowRunFilter {
  return { state: { type: { any_: ["SCHEDULED"] } }, expected_start_time: { after_: now.toISOString() } };
}
