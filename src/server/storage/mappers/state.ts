import type { State, StateDetails } from "../../../api/index.js";
import type { RuleState, RuleStateDetails } from "../../../core/orchestration/index.js";
import type { StateType } from "../../../core/states.js";
import { fromJson, isoFromMs, isoOrNull, msOrNull, toJsonOrNull } from "../codec.js";
import type { JsonText, StateColumns } from "../database.js";

/**
 * State rows ↔ API states ↔ the rules' states. Rows keep `details` exactly as the API shows
 * `state_details` (ISO times); the rules read the detail times below as epoch milliseconds.
 */
const RULE_TIME_DETAILS = ["scheduled_time", "pause_timeout"] as const;

/** Which run a state belongs to; written into its details. */
export interface StateOwner {
  readonly flowRunId: string | null;
  readonly taskRunId: string | null;
}

/** The API form of a stored state row. */
export function stateFromRow(row: StateColumns): State {
  return {
    id: row.id,
    type: row.type as StateType,
    name: row.name,
    timestamp: isoFromMs(row.timestamp),
    message: row.message,
    data: fromJson<unknown>(row.data, null),
    state_details: fromJson<StateDetails>(row.details, {}),
  };
}

/** The rules' view of a stored state. */
export function ruleStateFromRow(
  row: Pick<StateColumns, "type" | "name" | "timestamp" | "message" | "data" | "details">,
): RuleState {
  return {
    type: row.type as StateType,
    name: row.name,
    timestamp: row.timestamp,
    message: row.message,
    data: fromJson<unknown>(row.data, null),
    details: ruleDetailsFromWire(fromJson<Record<string, unknown>>(row.details, {})),
  };
}

/** The row to store for a state the rules decided on (or a client recorded). */
export function stateRow(id: string, state: RuleState, owner: StateOwner, created: number): StateColumns {
  return {
    id,
    created,
    type: state.type,
    name: state.name,
    timestamp: state.timestamp,
    message: state.message,
    data: toJsonOrNull(state.data),
    details: JSON.stringify(wireDetails(state.details, owner)),
  };
}

/** `state_details` as the API shows them: rule times as ISO strings, owner ids filled in. */
export function wireDetails(details: RuleStateDetails, owner: StateOwner): StateDetails {
  const wire: Record<string, unknown> = { ...details };
  for (const key of RULE_TIME_DETAILS) {
    const value = details[key];
    if (typeof value === "number") wire[key] = isoOrNull(value);
  }
  if (owner.flowRunId !== null) wire.flow_run_id = owner.flowRunId;
  if (owner.taskRunId !== null) wire.task_run_id = owner.taskRunId;
  return wire as StateDetails;
}

/** Proposal details from the API (ISO times) in the rules' form (epoch milliseconds). */
export function ruleDetailsFromWire(details: Record<string, unknown> | null | undefined): RuleStateDetails {
  const rule: Record<string, unknown> = { ...details };
  for (const key of RULE_TIME_DETAILS) {
    const value = rule[key];
    if (typeof value === "string") rule[key] = msOrNull(value);
  }
  return rule as RuleStateDetails;
}

/** The API form of a state the store just wrote. */
export function stateFromRule(id: string, state: RuleState, owner: StateOwner): State {
  return {
    id,
    type: state.type,
    name: state.name,
    timestamp: isoFromMs(state.timestamp),
    message: state.message,
    data: state.data ?? null,
    state_details: wireDetails(state.details, owner),
  };
}

/** The current state of a run, from its denormalised columns plus the joined state row's rest. */
export interface CurrentStateColumns {
  state_id: string | null;
  state_type: string | null;
  state_name: string | null;
  state_timestamp: number | null;
  state_message: string | null;
  state_data: JsonText | null;
  state_details: JsonText | null;
}

/** The run's current state for API responses, or null for a run without one. */
export function currentStateFromRow(row: CurrentStateColumns): State | null {
  if (row.state_id === null || row.state_type === null || row.state_timestamp === null) return null;
  return {
    id: row.state_id,
    type: row.state_type as StateType,
    name: row.state_name ?? row.state_type,
    timestamp: isoFromMs(row.state_timestamp),
    message: row.state_message,
    data: fromJson<unknown>(row.state_data, null),
    state_details: fromJson<StateDetails>(row.state_details, {}),
  };
}

/** The run's current state for the rules, or null for a run without one. */
export function currentRuleStateFromRow(row: CurrentStateColumns): RuleState | null {
  if (row.state_id === null || row.state_type === null || row.state_timestamp === null) return null;
  return ruleStateFromRow({
    type: row.state_type,
    name: row.state_name ?? row.state_type,
    timestamp: row.state_timestamp,
    message: row.state_message,
    data: row.state_data,
    details: row.state_details ?? "{}",
  });
}
