import { z } from "zod";
import { Id, JsonObject, JsonObjectInput, Labels, LabelsInput, Tags, Timestamp } from "./common.js";
import { MAX_SECONDS } from "./limits.js";
import { State, StateCreate, StateTypeSchema } from "./states.js";

/** Retry policy of a flow run (Prefect's `FlowRunPolicy`). */
export const FlowRunPolicy = z.strictObject({
  retries: z.number().int().min(0).nullish(),
  retry_delay: z.number().min(0).nullish(),
  retry_type: z.enum(["in_process", "reschedule"]).nullish(),
  pause_keys: z.array(z.string().max(200)).max(1000).default([]),
  resuming: z.boolean().default(false),
});
export type FlowRunPolicy = z.infer<typeof FlowRunPolicy>;

/** {@link FlowRunPolicy} as a request sends it: `retry_delay` at most {@link MAX_SECONDS}. */
export const FlowRunPolicyInput = FlowRunPolicy.extend({
  retry_delay: z.number().min(0).max(MAX_SECONDS).nullish(),
});

/** The largest parameters object a run may carry (512 KiB, as Prefect). */
export const MAX_PARAMETERS_BYTES = 524_288;

const Parameters = JsonObjectInput.refine((value) => JSON.stringify(value).length <= MAX_PARAMETERS_BYTES, {
  message: `parameters must serialise to at most ${MAX_PARAMETERS_BYTES} bytes`,
});

/** A flow run as the API returns it. */
export const FlowRun = z.object({
  id: Id,
  created: Timestamp,
  updated: Timestamp,
  name: z.string(),
  flow_id: Id,
  flow_name: z.string().nullable(),
  deployment_id: Id.nullable(),
  deployment_version: z.string().nullable(),
  work_queue_id: Id.nullable(),
  work_queue_name: z.string().nullable(),
  work_pool_id: Id.nullable(),
  work_pool_name: z.string().nullable(),
  flow_version: z.string().nullable(),
  parameters: JsonObject,
  idempotency_key: z.string().nullable(),
  context: JsonObject,
  empirical_policy: FlowRunPolicy,
  tags: z.array(z.string()),
  labels: Labels,
  parent_task_run_id: Id.nullable(),
  state_id: Id.nullable(),
  state_type: StateTypeSchema.nullable(),
  state_name: z.string().nullable(),
  state: State.nullable(),
  run_count: z.number().int(),
  expected_start_time: Timestamp.nullable(),
  next_scheduled_start_time: Timestamp.nullable(),
  start_time: Timestamp.nullable(),
  end_time: Timestamp.nullable(),
  /** Seconds spent in RUNNING, summed over attempts. */
  total_run_time: z.number(),
  /** `total_run_time` plus the time in the current RUNNING state, computed on read. */
  estimated_run_time: z.number(),
  auto_scheduled: z.boolean(),
  infrastructure_pid: z.string().nullable(),
  job_variables: JsonObject,
  created_by: z.object({ id: z.string().nullable(), type: z.string(), display_value: z.string() }).nullable(),
});
export type FlowRun = z.infer<typeof FlowRun>;

/** Body of `POST /flow_runs/`. Without a state the run starts PENDING (an ad-hoc run). */
export const FlowRunCreate = z.strictObject({
  flow_id: Id,
  name: z.string().min(1).max(200).optional(),
  parameters: Parameters.default({}),
  context: JsonObjectInput.default({}),
  tags: Tags.default([]),
  labels: LabelsInput.default({}),
  idempotency_key: z.string().min(1).max(500).nullish(),
  parent_task_run_id: Id.nullish(),
  state: StateCreate.optional(),
  empirical_policy: FlowRunPolicyInput.partial().optional(),
  flow_version: z.string().max(200).nullish(),
  job_variables: JsonObjectInput.default({}),
});
export type FlowRunCreate = z.input<typeof FlowRunCreate>;

/** Body of `PATCH /flow_runs/{id}`. */
export const FlowRunUpdate = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  flow_version: z.string().max(200).nullish(),
  parameters: Parameters.optional(),
  empirical_policy: FlowRunPolicyInput.partial().optional(),
  tags: Tags.optional(),
  labels: LabelsInput.optional(),
  infrastructure_pid: z.string().max(200).nullish(),
  job_variables: JsonObjectInput.optional(),
});
export type FlowRunUpdate = z.input<typeof FlowRunUpdate>;
