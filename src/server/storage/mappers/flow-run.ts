import type { FlowRun, FlowRunPolicy } from "../../../api/index.js";
import type { RulePolicy } from "../../../core/orchestration/index.js";
import type { StateType } from "../../../core/states.js";
import { fromJson, fromStoredBoolean, isoFromMs, isoOrNull } from "../codec.js";
import type { FlowRunTable, JsonText } from "../database.js";
import { estimatedRunTimeSeconds, totalRunTimeSeconds } from "./run-timing.js";
import { currentStateFromRow } from "./state.js";

/** A flow-run row joined with its flow's name and the rest of its current state row. */
export interface FlowRunRow extends FlowRunTable {
  flow_name: string | null;
  state_message: string | null;
  state_data: JsonText | null;
  state_details: JsonText | null;
}

const DEFAULT_POLICY: FlowRunPolicy = {
  retries: null,
  retry_delay: null,
  retry_type: null,
  pause_keys: [],
  resuming: false,
};

/** The stored policy with defaults for anything missing. */
export function flowRunPolicyFromJson(text: JsonText): FlowRunPolicy {
  return { ...DEFAULT_POLICY, ...fromJson<Partial<FlowRunPolicy>>(text, {}) };
}

/** The rules' view of a flow run's policy. */
export function flowRunRulePolicy(policy: FlowRunPolicy): RulePolicy {
  return {
    retries: policy.retries ?? null,
    retryDelay: policy.retry_delay ?? null,
    retryJitterFactor: null,
    retryType: policy.retry_type ?? null,
    pauseKeys: policy.pause_keys,
    resuming: policy.resuming,
  };
}

/** The API form of a flow run; `now` feeds `estimated_run_time`. */
export function flowRunFromRow(row: FlowRunRow, now: number): FlowRun {
  return {
    id: row.id,
    created: isoFromMs(row.created),
    updated: isoFromMs(row.updated),
    name: row.name,
    flow_id: row.flow_id,
    flow_name: row.flow_name,
    deployment_id: row.deployment_id,
    deployment_version: row.deployment_version,
    work_queue_id: row.work_queue_id,
    work_queue_name: row.work_queue_name,
    work_pool_id: row.work_pool_id,
    work_pool_name: row.work_pool_name,
    flow_version: row.flow_version,
    parameters: fromJson<FlowRun["parameters"]>(row.parameters, {}),
    idempotency_key: row.idempotency_key,
    context: fromJson<FlowRun["context"]>(row.context, {}),
    empirical_policy: flowRunPolicyFromJson(row.empirical_policy),
    tags: fromJson<string[]>(row.tags, []),
    labels: fromJson<FlowRun["labels"]>(row.labels, {}),
    parent_task_run_id: row.parent_task_run_id,
    state_id: row.state_id,
    state_type: row.state_type as StateType | null,
    state_name: row.state_name,
    state: currentStateFromRow(row),
    run_count: row.run_count,
    expected_start_time: isoOrNull(row.expected_start_time),
    next_scheduled_start_time: isoOrNull(row.next_scheduled_start_time),
    start_time: isoOrNull(row.start_time),
    end_time: isoOrNull(row.end_time),
    total_run_time: totalRunTimeSeconds(row),
    estimated_run_time: estimatedRunTimeSeconds(row, now),
    auto_scheduled: fromStoredBoolean(row.auto_scheduled),
    infrastructure_pid: row.infrastructure_pid,
    job_variables: fromJson<FlowRun["job_variables"]>(row.job_variables, {}),
    created_by: fromJson<FlowRun["created_by"]>(row.created_by, null),
  };
}
