import type { RunStateColumns, StateColumns, TaskRunTable } from "../database.js";
import type { BulkInsert } from "../query/bulk-insert.js";
import { RUN_STATE_KEYS, STATE_ROW_KEYS } from "./state-columns.js";

/** The statements of the task-run state batch (record-states.ts), as bulk inserts. */

/** A task-run state row. */
export type StateInsert = StateColumns & { task_run_id: string };

// Listed as an object so the compiler checks that no column is forgotten; the state columns are
// the run-state list every state write uses.
const TASK_RUN_COLUMNS: (keyof TaskRunTable)[] = [
  ...(Object.keys({
    id: 0,
    created: 0,
    updated: 0,
    name: 0,
    flow_run_id: 0,
    task_key: 0,
    dynamic_key: 0,
    cache_key: 0,
    cache_expiration: 0,
    task_version: 0,
    empirical_policy: 0,
    tags: 0,
    labels: 0,
    task_inputs: 0,
    flow_run_run_count: 0,
  } satisfies Record<Exclude<keyof TaskRunTable, keyof RunStateColumns>, 0>) as (keyof TaskRunTable)[]),
  ...RUN_STATE_KEYS,
];

const STATE_COLUMNS: (keyof StateInsert)[] = [...STATE_ROW_KEYS, "task_run_id"];

/** The run columns a batch changes on a stored run. */
const ADVANCED_COLUMNS = [
  "updated",
  "state_id",
  "state_type",
  "state_name",
  "state_timestamp",
  "run_count",
  "start_time",
  "end_time",
  "total_run_time",
  "expected_start_time",
  "next_scheduled_start_time",
] as const satisfies readonly (keyof TaskRunTable)[];

// No conflict target: a clash on the id or on (flow_run_id, task_key, dynamic_key) both skip the row.
export const INSERT_FRESH: BulkInsert<TaskRunTable> = {
  table: "task_run",
  columns: TASK_RUN_COLUMNS,
  suffix: "on conflict do nothing returning id",
};
export const INSERT_STATES: BulkInsert<StateInsert> = {
  table: "task_run_state",
  columns: STATE_COLUMNS,
  suffix: "on conflict (id) do nothing",
};
// Every row conflicts on id (the runs exist), which makes this a bulk UPDATE both dialects accept.
export const UPDATE_ADVANCED: BulkInsert<TaskRunTable> = {
  table: "task_run",
  columns: TASK_RUN_COLUMNS,
  suffix: `on conflict (id) do update set ${ADVANCED_COLUMNS.map((c) => `"${c}" = excluded."${c}"`).join(", ")}`,
};
