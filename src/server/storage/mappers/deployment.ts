import type { CatchupPolicy, Deployment, DeploymentSchedule } from "../../../api/index.js";
import { fromJson, fromStoredBoolean, isoFromMs, isoOrNull } from "../codec.js";
import type { DeploymentScheduleTable, DeploymentTable } from "../database.js";

/** A deployment row joined with its flow's name. */
export interface DeploymentRow extends DeploymentTable {
  flow_name: string;
}

/** The API form of a schedule row. */
export function scheduleFromRow(row: DeploymentScheduleTable): DeploymentSchedule {
  return {
    id: row.id,
    created: isoFromMs(row.created),
    updated: isoFromMs(row.updated),
    deployment_id: row.deployment_id,
    schedule: fromJson<DeploymentSchedule["schedule"]>(row.schedule, { interval: 3600 }),
    active: fromStoredBoolean(row.active),
    max_scheduled_runs: row.max_scheduled_runs,
    parameters: fromJson<DeploymentSchedule["parameters"]>(row.parameters, {}),
    slug: row.slug,
  };
}

/** The API form of a deployment row, with its schedules (oldest first). */
export function deploymentFromRow(row: DeploymentRow, schedules: readonly DeploymentSchedule[]): Deployment {
  return {
    id: row.id,
    created: isoFromMs(row.created),
    updated: isoFromMs(row.updated),
    name: row.name,
    flow_id: row.flow_id,
    flow_name: row.flow_name,
    version: row.version,
    description: row.description,
    entrypoint: row.entrypoint,
    parameters: fromJson<Deployment["parameters"]>(row.parameters, {}),
    parameter_openapi_schema: fromJson<Deployment["parameter_openapi_schema"]>(
      row.parameter_openapi_schema,
      null,
    ),
    enforce_parameter_schema: fromStoredBoolean(row.enforce_parameter_schema),
    job_variables: fromJson<Deployment["job_variables"]>(row.job_variables, {}),
    work_pool_name: row.work_pool_name,
    work_queue_name: row.work_queue_name,
    work_queue_id: row.work_queue_id,
    paused: fromStoredBoolean(row.paused),
    concurrency_limit: row.concurrency_limit,
    // Older rows and bodies without options get Prefect's default strategy.
    concurrency_options: {
      collision_strategy: "ENQUEUE",
      ...fromJson<Partial<Deployment["concurrency_options"]>>(row.concurrency_options, {}),
    },
    tags: fromJson<string[]>(row.tags, []),
    labels: fromJson<Deployment["labels"]>(row.labels, {}),
    pull_steps: fromJson<Deployment["pull_steps"]>(row.pull_steps, []),
    schedules: [...schedules],
    catchup_policy: catchupPolicy(row.catchup_policy),
    status: row.status === "READY" ? "READY" : "NOT_READY",
    last_polled: isoOrNull(row.last_polled),
  };
}

/** The stored policy; anything unknown reads as the default. */
function catchupPolicy(value: string | null | undefined): CatchupPolicy {
  return value === "run_all" || value === "skip" ? value : "run_latest";
}
