/**
 * @module Running a deployment: its defaults merged with the request's, checked against the flow's
 * parameter schema and the pool's job template, then written through the flow runs' own create
 * path (idempotency, first state through the orchestration rules).
 */
import {
  type Deployment,
  type DeploymentFlowRunCreate,
  type FlowRun,
  type FlowRunCreate,
  MAX_PARAMETERS_BYTES,
} from "../../../api/index.js";
import { StewardError } from "../../../core/errors.js";
import { mergeJobVariables, variableDefaults } from "../../../core/job-template.js";
import type { FlowRunCreateExtras, Parsed, Upserted } from "../types.js";
import type { Store } from "../store.js";
import { checkJobVariables, checkParameters } from "./checks.js";
import { type PoolAccess, type Routing, resolveRunRouting } from "./routing.js";

/** What creating a run needs from the rest of the store. */
export interface RunDeps extends PoolAccess {
  readonly flowRuns: Pick<Store["flowRuns"], "create">;
}

/** `deployment "flow/name"`, as messages name it. */
export function deploymentSubject(deployment: Pick<Deployment, "flow_name" | "name">): string {
  return `deployment "${deployment.flow_name}/${deployment.name}"`;
}

/** Tags of both, the deployment's first, without repeats. */
function unionTags(first: readonly string[], second: readonly string[]): string[] {
  return [...new Set([...first, ...second])];
}

/**
 * The run's parameters (deployment's, overridden key by key by the request's), checked against
 * the flow's schema unless enforcement is off for this run.
 */
function runParameters(deployment: Deployment, input: Parsed<typeof DeploymentFlowRunCreate>) {
  const parameters = { ...deployment.parameters, ...input.parameters };
  if (JSON.stringify(parameters).length > MAX_PARAMETERS_BYTES) {
    throw new StewardError(
      "VALIDATION_FAILED",
      `The parameters of this run of ${deploymentSubject(deployment)} serialise to more than ${MAX_PARAMETERS_BYTES} bytes. Pass large data by reference (a path or URL) instead.`,
      {
        details: [{ path: "parameters", message: `must serialise to at most ${MAX_PARAMETERS_BYTES} bytes` }],
      },
    );
  }
  const enforce = input.enforce_parameter_schema ?? deployment.enforce_parameter_schema;
  if (enforce && deployment.parameter_openapi_schema) {
    checkParameters(deploymentSubject(deployment), deployment.parameter_openapi_schema, parameters, {
      ignoreRequired: false,
    });
  }
  return parameters;
}

/** The run's routing, with its complete job variables checked (required ones too). */
async function runRouting(
  deps: RunDeps,
  deployment: Deployment,
  input: Parsed<typeof DeploymentFlowRunCreate>,
): Promise<Routing | undefined> {
  if (deployment.work_pool_name === null) return undefined;
  const subject = deploymentSubject(deployment);
  const routing = await resolveRunRouting(
    deps,
    { work_pool_name: deployment.work_pool_name, work_queue_name: deployment.work_queue_name },
    input.work_queue_name,
    subject,
  );
  const template = routing.pool.base_job_template;
  const merged = mergeJobVariables(
    variableDefaults(template.variables),
    deployment.job_variables,
    input.job_variables,
  );
  checkJobVariables(`a run of ${subject}`, routing.pool, merged, { ignoreRequired: false });
  return routing;
}

function runExtras(deployment: Deployment, routing: Routing | undefined): FlowRunCreateExtras {
  return {
    deployment_id: deployment.id,
    deployment_version: deployment.version,
    work_queue_id: routing?.queue.id ?? null,
    work_queue_name: routing?.queue.name ?? null,
    work_pool_id: routing?.pool.id ?? null,
    work_pool_name: routing?.pool.name ?? null,
    auto_scheduled: false,
    created_by: null,
  };
}

/**
 * Creates a run of `deployment` from `input`: parameters merged and (when enforced) validated,
 * tags united, job variables validated against the pool, the queue overridable. The run starts
 * SCHEDULED now unless `input.state` says otherwise. Paused deployments still take manual runs.
 * Idempotent by `idempotency_key` (the existing run comes back with `created: false`).
 * @throws StewardError INVALID_PARAMETERS, INVALID_JOB_VARIABLES, WORK_POOL_NOT_FOUND,
 *   WORK_QUEUE_NOT_FOUND.
 */
export async function createDeploymentRun(
  deps: RunDeps,
  deployment: Deployment,
  input: Parsed<typeof DeploymentFlowRunCreate>,
  now: number,
): Promise<Upserted<FlowRun>> {
  const parameters = runParameters(deployment, input);
  const routing = await runRouting(deps, deployment, input);
  const runInput: Parsed<typeof FlowRunCreate> = {
    flow_id: deployment.flow_id,
    ...(input.name !== undefined && { name: input.name }),
    flow_version: null,
    parameters,
    context: input.context,
    tags: unionTags(deployment.tags, input.tags),
    labels: { ...deployment.labels, ...input.labels },
    idempotency_key: input.idempotency_key ?? null,
    parent_task_run_id: input.parent_task_run_id ?? null,
    job_variables: input.job_variables,
    state: input.state ?? {
      type: "SCHEDULED",
      state_details: { scheduled_time: new Date(now).toISOString() },
    },
  };
  return deps.flowRuns.create(runInput, runExtras(deployment, routing));
}
