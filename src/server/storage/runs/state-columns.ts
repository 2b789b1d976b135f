/** @module The columns of a state row and the state columns of a run, for statements that list them. */
import type { RunStateColumns, StateColumns } from "../database.js";

// Listed as objects so the compiler checks that no column is forgotten.
export const STATE_ROW_KEYS = Object.keys({
  id: 0,
  created: 0,
  type: 0,
  name: 0,
  timestamp: 0,
  message: 0,
  data: 0,
  details: 0,
} satisfies Record<keyof StateColumns, 0>) as (keyof StateColumns)[];

export const RUN_STATE_KEYS = Object.keys({
  state_id: 0,
  state_type: 0,
  state_name: 0,
  state_timestamp: 0,
  run_count: 0,
  expected_start_time: 0,
  next_scheduled_start_time: 0,
  start_time: 0,
  end_time: 0,
  total_run_time: 0,
} satisfies Record<keyof RunStateColumns, 0>) as (keyof RunStateColumns)[];
