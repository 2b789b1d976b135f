import { z } from "zod";
import { Id, JsonObject, JsonObjectInput, Limit, Offset, Timestamp } from "./common.js";
import { FilterName, filterValues } from "./limits.js";
import { WorkPoolFilter } from "./filters.js";
import { FlowRun } from "./flow-runs.js";

/** Names of pools, queues and workers travel in URL paths: keep them path-safe. */
export const ResourceName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[^/%?#\\]+$/, "must not contain / % ? # or \\");

/** `{job_configuration, variables}`: placeholders in the first, a JSON schema in the second. */
export const BaseJobTemplate = z.strictObject({
  job_configuration: JsonObject.default({}),
  variables: JsonObject.default({ type: "object", properties: {} }),
});
export type BaseJobTemplate = z.infer<typeof BaseJobTemplate>;

/** {@link BaseJobTemplate} as a request sends it: keys of `job_configuration` and `variables` capped. */
export const BaseJobTemplateInput = z.strictObject({
  job_configuration: JsonObjectInput.default({}),
  variables: JsonObjectInput.default({ type: "object", properties: {} }),
});

export const WorkPoolStatus = z.enum(["READY", "NOT_READY", "PAUSED"]);
export type WorkPoolStatus = z.infer<typeof WorkPoolStatus>;

/** A work pool: where runs wait for workers of one infrastructure type. */
export const WorkPool = z.object({
  id: Id,
  created: Timestamp,
  updated: Timestamp,
  name: z.string(),
  type: z.string(),
  description: z.string().nullable(),
  is_paused: z.boolean(),
  concurrency_limit: z.number().int().nullable(),
  base_job_template: BaseJobTemplate,
  status: WorkPoolStatus,
  /** When `status` last changed. */
  status_updated: Timestamp,
  default_queue_id: Id.nullable(),
  /** PENDING + RUNNING + CANCELLING runs in the pool now. */
  active_slots: z.number().int(),
});
export type WorkPool = z.infer<typeof WorkPool>;

/** Body of `POST /work_pools/` (201; 409 when the name exists; 422 for an unknown type or bad template). */
export const WorkPoolCreate = z.strictObject({
  name: ResourceName,
  type: z.string().min(1).max(100).default("process"),
  description: z.string().max(5000).nullish(),
  is_paused: z.boolean().default(false),
  concurrency_limit: z.number().int().min(0).nullish(),
  /** Omitted: the type's default template. */
  base_job_template: BaseJobTemplateInput.optional(),
});
export type WorkPoolCreate = z.input<typeof WorkPoolCreate>;

/** Body of `PATCH /work_pools/{name}` (204). */
export const WorkPoolUpdate = z.strictObject({
  description: z.string().max(5000).nullish(),
  is_paused: z.boolean().optional(),
  concurrency_limit: z.number().int().min(0).nullish(),
  base_job_template: BaseJobTemplateInput.optional(),
});
export type WorkPoolUpdate = z.input<typeof WorkPoolUpdate>;

export const WorkQueueStatus = z.enum(["READY", "NOT_READY", "PAUSED"]);

/** A queue of a pool: its priority orders claims (1 is highest). */
export const WorkQueue = z.object({
  id: Id,
  created: Timestamp,
  updated: Timestamp,
  name: z.string(),
  description: z.string().nullable(),
  is_paused: z.boolean(),
  concurrency_limit: z.number().int().nullable(),
  priority: z.number().int(),
  work_pool_id: Id,
  work_pool_name: z.string(),
  last_polled: Timestamp.nullable(),
  status: WorkQueueStatus,
  status_updated: Timestamp,
  active_slots: z.number().int(),
});
export type WorkQueue = z.infer<typeof WorkQueue>;

/** Body of `POST /work_pools/{pool}/queues` (201). Priority omitted: first free one. */
export const WorkQueueCreate = z.strictObject({
  name: ResourceName,
  description: z.string().max(5000).nullish(),
  is_paused: z.boolean().default(false),
  concurrency_limit: z.number().int().min(0).nullish(),
  priority: z.number().int().min(1).optional(),
});
export type WorkQueueCreate = z.input<typeof WorkQueueCreate>;

/** Body of `PATCH /work_pools/{pool}/queues/{name}` (204). */
export const WorkQueueUpdate = z.strictObject({
  name: ResourceName.optional(),
  description: z.string().max(5000).nullish(),
  is_paused: z.boolean().optional(),
  concurrency_limit: z.number().int().min(0).nullish(),
  priority: z.number().int().min(1).optional(),
});
export type WorkQueueUpdate = z.input<typeof WorkQueueUpdate>;

export const WorkerStatus = z.enum(["ONLINE", "OFFLINE"]);

/** A worker as the pool knows it, from its heartbeats. */
export const Worker = z.object({
  id: Id,
  created: Timestamp,
  updated: Timestamp,
  name: z.string(),
  work_pool_id: Id,
  last_heartbeat_time: Timestamp,
  heartbeat_interval_seconds: z.number().int(),
  status: WorkerStatus,
  status_updated: Timestamp,
});
export type Worker = z.infer<typeof Worker>;

/** Body of `POST /work_pools/{pool}/workers/heartbeat` (204): upserts the worker as ONLINE. */
export const WorkerHeartbeat = z.strictObject({
  name: ResourceName,
  heartbeat_interval_seconds: z.number().int().min(1).max(3600).default(30),
});
export type WorkerHeartbeat = z.input<typeof WorkerHeartbeat>;

/** Body of `POST /work_pools/{pool}/get_scheduled_flow_runs` (Prefect's poll; does not claim). */
export const GetScheduledFlowRuns = z.strictObject({
  work_queue_names: filterValues(FilterName).optional(),
  scheduled_before: Timestamp.optional(),
  scheduled_after: Timestamp.optional(),
  limit: z.number().int().min(1).max(200).default(10),
});
export type GetScheduledFlowRuns = z.input<typeof GetScheduledFlowRuns>;

/** One run handed to a worker, with where it came from. */
export const WorkerFlowRunResponse = z.object({
  work_pool_id: Id,
  work_queue_id: Id,
  flow_run: FlowRun,
});
export type WorkerFlowRunResponse = z.infer<typeof WorkerFlowRunResponse>;

/**
 * Body of `POST /work_pools/{pool}/claim` (Steward extension): atomically moves up to `limit` due
 * runs SCHEDULED → PENDING for this worker, within the pool, queue and deployment limits, and
 * answers as soon as at least one is claimed or after `wait_seconds` with none (long poll).
 */
export const ClaimFlowRuns = z.strictObject({
  worker_name: ResourceName,
  work_queue_names: filterValues(FilterName).optional(),
  limit: z.number().int().min(1).max(100).default(1),
  /** Runs due up to this many seconds from now are claimed (the engine WAITs until due). */
  prefetch_seconds: z.number().min(0).max(3600).default(0),
  wait_seconds: z.number().min(0).max(60).default(20),
});
export type ClaimFlowRuns = z.input<typeof ClaimFlowRuns>;

/** What `get-default-base-job-template` answers for a type. */
export const WorkerTypeInfo = z.object({
  type: z.string(),
  description: z.string(),
  default_base_job_template: BaseJobTemplate,
});

/** Body of `POST /work_pools/filter`. */
export const WorkPoolQuery = z.strictObject({
  work_pools: WorkPoolFilter.optional(),
  limit: Limit,
  offset: Offset,
});
