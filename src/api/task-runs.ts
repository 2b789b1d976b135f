import { z } from "zod";
import { Id, Labels, LabelsInput, Tags, Timestamp } from "./common.js";
import { MAX_JITTER_FACTOR, MAX_JSON_KEY_LENGTH, MAX_SECONDS, MAX_TASK_INPUTS } from "./limits.js";
import { State, StateCreate, StateTypeSchema } from "./states.js";

/** Retry policy of a task run. `retry_delay` is seconds, or a list indexed by attempt. */
export const TaskRunPolicy = z.strictObject({
  retries: z.number().int().min(0).nullish(),
  retry_delay: z.union([z.number().min(0), z.array(z.number().min(0)).max(50)]).nullish(),
  retry_jitter_factor: z.number().min(0).nullish(),
});
export type TaskRunPolicy = z.infer<typeof TaskRunPolicy>;

/** {@link TaskRunPolicy} as a request sends it: delays at most {@link MAX_SECONDS}, a bounded jitter. */
export const TaskRunPolicyInput = TaskRunPolicy.extend({
  retry_delay: z
    .union([z.number().min(0).max(MAX_SECONDS), z.array(z.number().min(0).max(MAX_SECONDS)).max(50)])
    .nullish(),
  retry_jitter_factor: z.number().min(0).max(MAX_JITTER_FACTOR).nullish(),
});

/** One input of a task run: what drew the dependency edge. */
export const TaskRunInput = z.union([
  z.strictObject({ input_type: z.literal("task_run"), id: Id }),
  z.strictObject({ input_type: z.literal("flow_run"), id: Id }),
  z.strictObject({ input_type: z.literal("parameter"), name: z.string().max(1000) }),
  z.strictObject({ input_type: z.literal("constant"), type: z.string().max(1000) }),
]);

/** A task run as the API returns it. */
export const TaskRun = z.object({
  id: Id,
  created: Timestamp,
  updated: Timestamp,
  name: z.string(),
  flow_run_id: Id.nullable(),
  task_key: z.string(),
  dynamic_key: z.string(),
  cache_key: z.string().nullable(),
  cache_expiration: Timestamp.nullable(),
  task_version: z.string().nullable(),
  empirical_policy: TaskRunPolicy,
  tags: z.array(z.string()),
  labels: Labels,
  task_inputs: z.record(z.string(), z.array(TaskRunInput)),
  state_id: Id.nullable(),
  state_type: StateTypeSchema.nullable(),
  state_name: z.string().nullable(),
  state: State.nullable(),
  run_count: z.number().int(),
  flow_run_run_count: z.number().int(),
  expected_start_time: Timestamp.nullable(),
  next_scheduled_start_time: Timestamp.nullable(),
  start_time: Timestamp.nullable(),
  end_time: Timestamp.nullable(),
  total_run_time: z.number(),
  estimated_run_time: z.number(),
});
export type TaskRun = z.infer<typeof TaskRun>;

/** Body of `POST /task_runs/` (upsert on flow_run_id + task_key + dynamic_key). */
export const TaskRunCreate = z.strictObject({
  /** Clients may choose the id (UUIDv7) so they can record states before the row exists. */
  id: Id.optional(),
  name: z.string().min(1).max(200),
  flow_run_id: Id.nullish(),
  task_key: z.string().min(1).max(500),
  dynamic_key: z.string().max(500),
  cache_key: z.string().max(2000).nullish(),
  cache_expiration: Timestamp.nullish(),
  task_version: z.string().max(200).nullish(),
  empirical_policy: TaskRunPolicyInput.optional(),
  tags: Tags.default([]),
  labels: LabelsInput.default({}),
  task_inputs: z
    .record(z.string().max(MAX_JSON_KEY_LENGTH), z.array(TaskRunInput).max(MAX_TASK_INPUTS))
    .default({}),
  flow_run_run_count: z.number().int().min(0).default(0),
  state: StateCreate.optional(),
});
export type TaskRunCreate = z.input<typeof TaskRunCreate>;

/** Body of `PATCH /task_runs/{id}`. */
export const TaskRunUpdate = z.strictObject({
  name: z.string().min(1).max(200).optional(),
});
export type TaskRunUpdate = z.input<typeof TaskRunUpdate>;

/**
 * One entry of a task-run state batch: the task run (created on first sight) and one state it
 * entered, with the client's id and timestamp. Task states are decided client-side (as in
 * Prefect 3) and recorded in batches so that a task costs no API round trip per transition.
 */
export const TaskRunStateRecord = z.strictObject({
  task_run: TaskRunCreate.omit({ state: true }).extend({ id: Id }),
  state: StateCreate.extend({ id: Id, timestamp: Timestamp }),
});
export type TaskRunStateRecord = z.input<typeof TaskRunStateRecord>;

/** Body of `POST /task_runs/record_states` (Steward extension). */
export const TaskRunStateBatch = z.strictObject({
  records: z.array(TaskRunStateRecord).min(1).max(5000),
});
export type TaskRunStateBatch = z.input<typeof TaskRunStateBatch>;

/** The most task runs one `POST /task_run_states/filter` may name. */
export const MAX_STATE_FILTER_RUNS = 200;
/** The most states one `POST /task_run_states/filter` answers. */
export const MAX_STATE_FILTER_LIMIT = 10_000;

/**
 * Body of `POST /task_run_states/filter`: the states of the named task runs, by task run then
 * time, at most `limit` of them (the histories of the last runs are cut when there are more).
 */
export const TaskRunStatesQuery = z.strictObject({
  task_run_id: z.strictObject({ any_: z.array(Id).min(1).max(MAX_STATE_FILTER_RUNS) }),
  limit: z.number().int().min(1).max(MAX_STATE_FILTER_LIMIT).default(MAX_STATE_FILTER_LIMIT),
});
export type TaskRunStatesQuery = z.input<typeof TaskRunStatesQuery>;
