import { StateType } from "../../../core/states.js";
import type { RunStateColumns } from "../database.js";

/** `total_run_time` in seconds, as the API reports it. */
export function totalRunTimeSeconds(row: Pick<RunStateColumns, "total_run_time">): number {
  return row.total_run_time / 1000;
}

/**
 * `total_run_time` plus the time spent in the current RUNNING state so far, in seconds: the
 * stored total only grows when the run leaves RUNNING, so a live run's figure is computed on read.
 */
export function estimatedRunTimeSeconds(
  row: Pick<RunStateColumns, "total_run_time" | "state_type" | "state_timestamp">,
  now: number,
): number {
  const running = row.state_type === StateType.RUNNING && row.state_timestamp !== null;
  const live = running ? Math.max(0, now - (row.state_timestamp ?? now)) : 0;
  return (row.total_run_time + live) / 1000;
}

/** The state and bookkeeping columns of a run that has no state yet. */
export const NO_STATE_COLUMNS: Readonly<RunStateColumns> = Object.freeze({
  state_id: null,
  state_type: null,
  state_name: null,
  state_timestamp: null,
  run_count: 0,
  expected_start_time: null,
  next_scheduled_start_time: null,
  start_time: null,
  end_time: null,
  total_run_time: 0,
});
