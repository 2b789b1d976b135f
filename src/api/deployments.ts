import { z } from "zod";
import { DeploymentTrigger } from "./automations.js";
import { Id, JsonObject, Labels, Limit, Offset, Tags, Timestamp } from "./common.js";
import { CrossResourceFilters } from "./filters.js";
import { StateCreate } from "./states.js";
import { ResourceName } from "./work-pools.js";

/** An interval schedule: every `interval` seconds from `anchor_date`, in `timezone`. */
export const IntervalSchedule = z.strictObject({
  interval: z.number().positive(),
  anchor_date: Timestamp.nullish(),
  timezone: z.string().nullish(),
});
/** A cron schedule (5 fields, or 6 with seconds) in `timezone`. */
export const CronSchedule = z.strictObject({
  cron: z.string().min(1).max(200),
  timezone: z.string().nullish(),
  day_or: z.boolean().default(true),
});
/** An RFC 5545 recurrence rule in `timezone`. */
export const RRuleSchedule = z.strictObject({
  rrule: z.string().min(1).max(6500),
  timezone: z.string().nullish(),
});
export const Schedule = z.union([IntervalSchedule, CronSchedule, RRuleSchedule]);
export type Schedule = z.infer<typeof Schedule>;

/** One schedule of a deployment. */
export const DeploymentSchedule = z.object({
  id: Id,
  created: Timestamp,
  updated: Timestamp,
  deployment_id: Id,
  schedule: Schedule,
  active: z.boolean(),
  max_scheduled_runs: z.number().int().nullable(),
  parameters: JsonObject,
  slug: z.string().nullable(),
});
export type DeploymentSchedule = z.infer<typeof DeploymentSchedule>;

const scheduleFields = {
  schedule: Schedule,
  active: z.boolean(),
  max_scheduled_runs: z.number().int().min(1).max(1000).nullish(),
  parameters: JsonObject,
  slug: z.string().min(1).max(100).nullish(),
};

export const DeploymentScheduleCreate = z.strictObject({
  ...scheduleFields,
  active: scheduleFields.active.default(true),
  parameters: scheduleFields.parameters.default({}),
});
/** Body of `PATCH /deployments/{id}/schedules/{schedule_id}`: only the fields sent change. */
export const DeploymentScheduleUpdate = z.strictObject(scheduleFields).partial();
export type DeploymentScheduleCreate = z.input<typeof DeploymentScheduleCreate>;

export const CollisionStrategy = z.enum(["ENQUEUE", "CANCEL_NEW"]);

export const ConcurrencyOptions = z.strictObject({
  collision_strategy: CollisionStrategy.default("ENQUEUE"),
});

/**
 * A pull step, run by the engine before it imports the entrypoint:
 * `{ set_working_directory: { directory } }`, `{ git_clone: { repository, branch?, commit_sha?,
 * access_token_env? } }` or `{ run_shell_script: { script, directory? } }`.
 */
export const PullStep = z.union([
  z.strictObject({ set_working_directory: z.strictObject({ directory: z.string().min(1) }) }),
  z.strictObject({
    git_clone: z.strictObject({
      id: z.string().optional(),
      repository: z.string().min(1),
      branch: z.string().optional(),
      commit_sha: z.string().optional(),
      /** Name of an environment variable holding an access token (never the token itself). */
      access_token_env: z.string().optional(),
      directory: z.string().optional(),
    }),
  }),
  z.strictObject({
    run_shell_script: z.strictObject({
      id: z.string().optional(),
      script: z.string().min(1),
      directory: z.string().optional(),
      stream_output: z.boolean().default(true),
    }),
  }),
]);
export type PullStep = z.infer<typeof PullStep>;

export const DeploymentStatus = z.enum(["READY", "NOT_READY"]);

/**
 * What happens to scheduled runs that went Late while no worker was there to run them:
 * `run_all` runs every one (Prefect's behaviour), `run_latest` runs only the newest and cancels the
 * rest as "Skipped", `skip` cancels them all as "Skipped".
 */
export const CatchupPolicy = z.enum(["run_all", "run_latest", "skip"]);
export type CatchupPolicy = z.infer<typeof CatchupPolicy>;

/** A deployment: where (pool, queue), how (entrypoint, parameters, job variables) and when to run a flow. */
export const Deployment = z.object({
  id: Id,
  created: Timestamp,
  updated: Timestamp,
  name: z.string(),
  flow_id: Id,
  flow_name: z.string(),
  version: z.string().nullable(),
  description: z.string().nullable(),
  entrypoint: z.string().nullable(),
  parameters: JsonObject,
  parameter_openapi_schema: JsonObject.nullable(),
  enforce_parameter_schema: z.boolean(),
  job_variables: JsonObject,
  work_pool_name: z.string().nullable(),
  work_queue_name: z.string().nullable(),
  work_queue_id: Id.nullable(),
  paused: z.boolean(),
  concurrency_limit: z.number().int().nullable(),
  concurrency_options: ConcurrencyOptions,
  tags: z.array(z.string()),
  labels: Labels,
  pull_steps: z.array(PullStep),
  schedules: z.array(DeploymentSchedule),
  catchup_policy: CatchupPolicy,
  status: DeploymentStatus,
  last_polled: Timestamp.nullable(),
});
export type Deployment = z.infer<typeof Deployment>;

/**
 * Body of `POST /deployments/`: upsert on (flow_id, name) — 201 created, 200 updated. With only a
 * pool, the pool's `default` queue is used; a named queue is created in the pool if missing.
 */
const deploymentFields = {
  name: ResourceName,
  flow_id: Id,
  version: z.string().max(200).nullish(),
  description: z.string().max(10_000).nullish(),
  entrypoint: z.string().max(1000).nullish(),
  parameters: JsonObject,
  parameter_openapi_schema: JsonObject.nullish(),
  enforce_parameter_schema: z.boolean(),
  job_variables: JsonObject,
  work_pool_name: ResourceName.nullish(),
  work_queue_name: ResourceName.nullish(),
  paused: z.boolean(),
  concurrency_limit: z.number().int().min(0).nullish(),
  concurrency_options: ConcurrencyOptions.nullish(),
  tags: Tags,
  labels: Labels,
  pull_steps: z.array(PullStep),
  schedules: z.array(DeploymentScheduleCreate),
  catchup_policy: CatchupPolicy,
};

export const DeploymentCreate = z.strictObject({
  ...deploymentFields,
  parameters: deploymentFields.parameters.default({}),
  enforce_parameter_schema: deploymentFields.enforce_parameter_schema.default(true),
  job_variables: deploymentFields.job_variables.default({}),
  paused: deploymentFields.paused.default(false),
  tags: deploymentFields.tags.default([]),
  labels: deploymentFields.labels.default({}),
  pull_steps: deploymentFields.pull_steps.default([]),
  schedules: deploymentFields.schedules.default([]),
  catchup_policy: deploymentFields.catchup_policy.default("run_latest"),
  /**
   * The deployment's triggers, as automations it owns; when given they replace the ones it has
   * (an empty list removes them), when left out they stay as they are.
   */
  triggers: z.array(DeploymentTrigger).max(50).optional(),
});
export type DeploymentCreate = z.input<typeof DeploymentCreate>;

/** Body of `PATCH /deployments/{id}` (204). */
// Built from the fields without their defaults: a PATCH changes only what it sends.
export const DeploymentUpdate = z
  .strictObject(deploymentFields)
  .omit({ name: true, flow_id: true })
  .partial();
export type DeploymentUpdate = z.input<typeof DeploymentUpdate>;

/** Body of `POST /deployments/{id}/create_flow_run`: merged over the deployment's defaults. */
export const DeploymentFlowRunCreate = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  parameters: JsonObject.default({}),
  context: JsonObject.default({}),
  tags: Tags.default([]),
  labels: Labels.default({}),
  idempotency_key: z.string().min(1).max(500).nullish(),
  parent_task_run_id: Id.nullish(),
  work_queue_name: ResourceName.nullish(),
  job_variables: JsonObject.default({}),
  /** Default: Scheduled now. A future scheduled_time starts the run later. */
  state: StateCreate.optional(),
  enforce_parameter_schema: z.boolean().nullish(),
});
export type DeploymentFlowRunCreate = z.input<typeof DeploymentFlowRunCreate>;

/** Body of `POST /deployments/filter|count|paginate` (cross-resource filters as in Prefect). */
export const DeploymentQuery = z.strictObject({
  ...CrossResourceFilters,
  sort: z.enum(["CREATED_DESC", "UPDATED_DESC", "NAME_ASC", "NAME_DESC"]).default("NAME_ASC"),
  limit: Limit,
  offset: Offset,
});
export type DeploymentQuery = z.input<typeof DeploymentQuery>;

/**
 * Body of `POST /deployments/claim` (Steward extension, used by `serve`): atomically claims due
 * runs of the named deployments (SCHEDULED → PENDING), long-polling like the work-pool claim.
 */
export const ClaimDeploymentFlowRuns = z.strictObject({
  deployment_ids: z.array(Id).min(1).max(100),
  runner_name: z.string().min(1).max(200),
  limit: z.number().int().min(1).max(100).default(1),
  prefetch_seconds: z.number().min(0).max(3600).default(0),
  wait_seconds: z.number().min(0).max(60).default(20),
});
export type ClaimDeploymentFlowRuns = z.input<typeof ClaimDeploymentFlowRuns>;

/** Body of `POST /deployments/get_scheduled_flow_runs` (Prefect's runner poll; does not claim). */
export const GetDeploymentScheduledFlowRuns = z.strictObject({
  deployment_ids: z.array(Id).min(1).max(100),
  scheduled_before: Timestamp.optional(),
  limit: z.number().int().min(1).max(200).default(10),
});
