import type { TaskRun, TaskRunCreate, TaskRunPolicy } from "../../../api/index.js";
import type { RulePolicy } from "../../../core/orchestration/index.js";
import type { StateType } from "../../../core/states.js";
import { fromJson, isoFromMs, isoOrNull, msOrNull, toJson } from "../codec.js";
import type { JsonText, TaskRunTable } from "../database.js";
import type { Parsed } from "../types.js";
import { estimatedRunTimeSeconds, NO_STATE_COLUMNS, totalRunTimeSeconds } from "./run-timing.js";
import { currentStateFromRow } from "./state.js";

/** A task-run row joined with the rest of its current state row. */
export interface TaskRunRow extends TaskRunTable {
  state_message: string | null;
  state_data: JsonText | null;
  state_details: JsonText | null;
}

/**
 * What the stored policy may hold: the API's task policy plus the orchestration rules' own keys
 * (kept so that the rules see their changes again on the next proposal).
 */
interface StoredTaskRunPolicy extends TaskRunPolicy {
  retry_type?: "in_process" | "reschedule" | null;
  pause_keys?: string[];
  resuming?: boolean;
}

/** The API form of a task run's stored policy. */
export function taskRunPolicyFromJson(text: JsonText): TaskRunPolicy {
  const stored = fromJson<StoredTaskRunPolicy>(text, {});
  return {
    retries: stored.retries ?? null,
    retry_delay: stored.retry_delay ?? null,
    retry_jitter_factor: stored.retry_jitter_factor ?? null,
  };
}

/** The rules' view of a task run's stored policy. */
export function taskRunRulePolicy(text: JsonText): RulePolicy {
  const stored = fromJson<StoredTaskRunPolicy>(text, {});
  return {
    retries: stored.retries ?? null,
    retryDelay: stored.retry_delay ?? null,
    retryJitterFactor: stored.retry_jitter_factor ?? null,
    retryType: stored.retry_type ?? null,
    pauseKeys: stored.pause_keys ?? [],
    resuming: stored.resuming ?? false,
  };
}

/** The API form of a task run; `now` feeds `estimated_run_time`. */
export function taskRunFromRow(row: TaskRunRow, now: number): TaskRun {
  return {
    id: row.id,
    created: isoFromMs(row.created),
    updated: isoFromMs(row.updated),
    name: row.name,
    flow_run_id: row.flow_run_id,
    task_key: row.task_key,
    dynamic_key: row.dynamic_key,
    cache_key: row.cache_key,
    cache_expiration: isoOrNull(row.cache_expiration),
    task_version: row.task_version,
    empirical_policy: taskRunPolicyFromJson(row.empirical_policy),
    tags: fromJson<string[]>(row.tags, []),
    labels: fromJson<TaskRun["labels"]>(row.labels, {}),
    task_inputs: fromJson<TaskRun["task_inputs"]>(row.task_inputs, {}),
    state_id: row.state_id,
    state_type: row.state_type as StateType | null,
    state_name: row.state_name,
    state: currentStateFromRow(row),
    run_count: row.run_count,
    flow_run_run_count: row.flow_run_run_count,
    expected_start_time: isoOrNull(row.expected_start_time),
    next_scheduled_start_time: isoOrNull(row.next_scheduled_start_time),
    start_time: isoOrNull(row.start_time),
    end_time: isoOrNull(row.end_time),
    total_run_time: totalRunTimeSeconds(row),
    estimated_run_time: estimatedRunTimeSeconds(row, now),
  };
}

/** What a client sends to create a task run, without a state (batches carry states apart). */
export type TaskRunInput = Omit<Parsed<typeof TaskRunCreate>, "state" | "id">;

/** The row to insert for a new task run, before any state is written. */
export function taskRunRow(id: string, input: TaskRunInput, now: number): TaskRunTable {
  return {
    id,
    created: now,
    updated: now,
    name: input.name,
    flow_run_id: input.flow_run_id ?? null,
    task_key: input.task_key,
    dynamic_key: input.dynamic_key,
    cache_key: input.cache_key ?? null,
    cache_expiration: msOrNull(input.cache_expiration),
    task_version: input.task_version ?? null,
    empirical_policy: toJson(input.empirical_policy ?? {}),
    tags: toJson(input.tags),
    labels: toJson(input.labels),
    task_inputs: toJson(input.task_inputs),
    flow_run_run_count: input.flow_run_run_count,
    ...NO_STATE_COLUMNS,
  };
}
