import { z } from "zod";
import { DeploymentTrigger } from "./automations.js";
import {
  Id,
  JsonObject,
  JsonObjectInput,
  Labels,
  LabelsInput,
  Limit,
  Offset,
  Tags,
  Timestamp,
} from "./common.js";
import { CrossResourceFilters } from "./filters.js";
import { StateCreate } from "./states.js";
import {
  cappedString,
  MAX_GIT_REF_LENGTH,
  MAX_NAME_LENGTH,
  MAX_PATH_LENGTH,
  MAX_PULL_STEPS,
  MAX_SCHEDULES,
  MAX_SCRIPT_LENGTH,
  MAX_SECONDS,
  MAX_TIMEZONE_LENGTH,
} from "./limits.js";
import { ResourceName } from "./work-pools.js";

/** The schedule schemas, `bounded` for requests (interval and time zone capped) or as stored. */
function scheduleSchemas(bounded: boolean) {
  const timezone = cappedString(bounded, MAX_TIMEZONE_LENGTH).nullish();
  /** An interval schedule: every `interval` seconds from `anchor_date`, in `timezone`. */
  const IntervalSchedule = z.strictObject({
    interval: bounded ? z.number().positive().max(MAX_SECONDS) : z.number().positive(),
    anchor_date: Timestamp.nullish(),
    timezone,
  });
  /** A cron schedule (5 fields, or 6 with seconds) in `timezone`. */
  const CronSchedule = z.strictObject({
    cron: z.string().min(1).max(200),
    timezone,
    day_or: z.boolean().default(true),
  });
  /** An RFC 5545 recurrence rule in `timezone`. */
  const RRuleSchedule = z.strictObject({
    rrule: z.string().min(1).max(6500),
    timezone,
  });
  return {
    IntervalSchedule,
    CronSchedule,
    RRuleSchedule,
    Schedule: z.union([IntervalSchedule, CronSchedule, RRuleSchedule]),
  };
}

const storedSchedules = scheduleSchemas(false);
/** An interval schedule: every `interval` seconds from `anchor_date`, in `timezone`. */
export const IntervalSchedule = storedSchedules.IntervalSchedule;
/** A cron schedule (5 fields, or 6 with seconds) in `timezone`. */
export const CronSchedule = storedSchedules.CronSchedule;
/** An RFC 5545 recurrence rule in `timezone`. */
export const RRuleSchedule = storedSchedules.RRuleSchedule;
/** A schedule as stored and answered. */
export const Schedule = storedSchedules.Schedule;
export type Schedule = z.infer<typeof Schedule>;
/** A schedule as a request sends it: interval at most {@link MAX_SECONDS}, time zone capped. */
export const ScheduleInput = scheduleSchemas(true).Schedule;

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
  schedule: ScheduleInput,
  active: z.boolean(),
  max_scheduled_runs: z.number().int().min(1).max(1000).nullish(),
  parameters: JsonObjectInput,
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
export const PullStep = pullStepSchema(false);
export type PullStep = z.infer<typeof PullStep>;
/** A {@link PullStep} as a request sends it: paths, refs, names and scripts capped. */
export const PullStepInput = pullStepSchema(true);

/** The pull step schema, `bounded` for requests or as stored. */
function pullStepSchema(bounded: boolean) {
  const path = () => cappedString(bounded, MAX_PATH_LENGTH);
  const name = () => cappedString(bounded, MAX_NAME_LENGTH);
  const ref = () => cappedString(bounded, MAX_GIT_REF_LENGTH);
  return z.union([
    z.strictObject({ set_working_directory: z.strictObject({ directory: path().min(1) }) }),
    z.strictObject({
      git_clone: z.strictObject({
        id: name().optional(),
        repository: path().min(1),
        branch: ref().optional(),
        commit_sha: ref().optional(),
        /** Name of an environment variable holding an access token (never the token itself). */
        access_token_env: name().optional(),
        directory: path().optional(),
      }),
    }),
    z.strictObject({
      run_shell_script: z.strictObject({
        id: name().optional(),
        script: cappedString(bounded, MAX_SCRIPT_LENGTH).min(1),
        directory: path().optional(),
        stream_output: z.boolean().default(true),
      }),
    }),
  ]);
}

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
  parameters: JsonObjectInput,
  parameter_openapi_schema: JsonObjectInput.nullish(),
  enforce_parameter_schema: z.boolean(),
  job_variables: JsonObjectInput,
  work_pool_name: ResourceName.nullish(),
  work_queue_name: ResourceName.nullish(),
  paused: z.boolean(),
  concurrency_limit: z.number().int().min(0).nullish(),
  concurrency_options: ConcurrencyOptions.nullish(),
  tags: Tags,
  labels: LabelsInput,
  pull_steps: z.array(PullStepInput).max(MAX_PULL_STEPS),
  schedules: z.array(DeploymentScheduleCreate).max(MAX_SCHEDULES),
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
  parameters: JsonObjectInput.default({}),
  context: JsonObjectInput.default({}),
  tags: Tags.default([]),
  labels: LabelsInput.default({}),
  idempotency_key: z.string().min(1).max(500).nullish(),
  parent_task_run_id: Id.nullish(),
  work_queue_name: ResourceName.nullish(),
  job_variables: JsonObjectInput.default({}),
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
