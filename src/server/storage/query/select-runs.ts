import type { Db } from "../database.js";

/**
 * The base SELECTs for flow-run and task-run rows in their API shape: the run's own columns, the
 * rest of its current state row (type, name and time are denormalised on the run), and for flow
 * runs the flow's name. Filters, sorts and locks are added by the callers.
 */
export function selectFlowRunRows(db: Db) {
  return db
    .selectFrom("flow_run")
    .leftJoin("flow", "flow.id", "flow_run.flow_id")
    .leftJoin("flow_run_state as current_state", "current_state.id", "flow_run.state_id")
    .selectAll("flow_run")
    .select([
      "flow.name as flow_name",
      "current_state.message as state_message",
      "current_state.data as state_data",
      "current_state.details as state_details",
    ]);
}

/** See {@link selectFlowRunRows}. */
export function selectTaskRunRows(db: Db) {
  return db
    .selectFrom("task_run")
    .leftJoin("task_run_state as current_state", "current_state.id", "task_run.state_id")
    .selectAll("task_run")
    .select([
      "current_state.message as state_message",
      "current_state.data as state_data",
      "current_state.details as state_details",
    ]);
}
