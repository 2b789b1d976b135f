/**
 * @module Registering deployments: `await etl.deploy({ name, workPool })` from code, and the same
 * steps for `steward deploy` (entrypoint or steward.yaml). A deployment tells the API where (a work
 * pool), how (entrypoint, parameters, job variables, pull steps) and when (schedules) to run a flow.
 */
import type { z } from "zod";
import type { DeploymentTrigger } from "../api/automations.js";
import {
  type CatchupPolicy,
  type CollisionStrategy,
  type Deployment,
  DeploymentCreate,
  type PullStep,
} from "../api/deployments.js";
import type { StewardClient } from "../client/client.js";
import { isApiError } from "../client/errors.js";
import { StewardError } from "../core/errors.js";
import { sdkClient } from "./config.js";
import { deriveEntrypoint } from "./deploy-entrypoint.js";
import {
  type ScheduleShorthands,
  type ScheduleSpec,
  shorthandSchedules,
  toScheduleCreate,
} from "./deploy-schedules.js";

export type { ScheduleSpec } from "./deploy-schedules.js";

/** Options of `flow.deploy()`; `steward deploy` builds the same from its flags or steward.yaml. */
export interface DeployOptions extends ScheduleShorthands {
  /** Name of the deployment, unique per flow: it is addressed as `flow-name/name`. */
  readonly name: string;
  /** The work pool whose workers run it (it must exist). */
  readonly workPool: string;
  /** A queue of the pool (created when missing). @default the pool's "default" queue */
  readonly workQueue?: string;
  /** Default parameters of its runs. */
  readonly parameters?: Record<string, unknown>;
  /** Overrides of the pool's base job template variables, e.g. `{ env: { LOG_LEVEL: "debug" } }`. */
  readonly jobVariables?: Record<string, unknown>;
  readonly tags?: readonly string[];
  readonly version?: string;
  readonly description?: string;
  /** Schedules, in addition to the `interval` / `cron` / `rrule` shorthands. */
  readonly schedules?: readonly ScheduleSpec[];
  /** At most this many runs of the deployment PENDING or RUNNING at once. */
  readonly concurrencyLimit?: number;
  /** What a run beyond the limit does: wait (ENQUEUE) or be cancelled (CANCEL_NEW). @default "ENQUEUE" */
  readonly collisionStrategy?: z.infer<typeof CollisionStrategy>;
  /** Validate run parameters against the flow's schema when a run is created. @default true */
  readonly enforceParameterSchema?: boolean;
  /**
   * What happens to scheduled runs that went Late while no worker could run them: `run_all` runs
   * every one, `run_latest` only the newest (the rest are cancelled as Skipped), `skip` none.
   * @default "run_latest"
   */
  readonly catchupPolicy?: CatchupPolicy;
  /** Create it paused (no scheduled runs until resumed). @default false */
  readonly paused?: boolean;
  /**
   * `path/to/file.ts:exportName`, relative to the folder runs start in.
   * @default derived from where the flow is defined (`flow.deploy()` only)
   */
  readonly entrypoint?: string;
  /** Steps a run performs before importing the entrypoint. @default set the working directory to cwd */
  readonly pullSteps?: readonly PullStep[];
  /**
   * Run the deployment when an event matching a trigger arrives, with `parameters` templated from
   * the event (`"{{ event.payload.order_id }}"`). Given, they replace the deployment's triggers
   * (`[]` removes them); left out, its triggers stay as they are.
   *
   * @example
   * triggers: [{ expect: ["order.created"], parameters: { id: "{{ event.payload.id }}" } }]
   */
  readonly triggers?: readonly DeploymentTrigger[];
}

/** What a deployment is made from: a flow's name and parameter schema. */
export interface DeployableFlow {
  readonly name: string;
  parametersJsonSchema(): Record<string, unknown>;
}

/** The outcome of {@link registerDeployment}: the deployment and whether it is new. */
export interface RegisteredDeployment {
  readonly deployment: Deployment;
  readonly created: boolean;
}

/** Options with the fields `registerDeployment` needs resolved. */
export type ResolvedDeployOptions = DeployOptions & {
  readonly entrypoint: string;
  readonly pullSteps: readonly PullStep[];
};

/** What `registerDeployment` takes: `workPool: null` is a deployment without a pool (`serve`). */
export type RegistrationOptions = Omit<ResolvedDeployOptions, "workPool"> & {
  readonly workPool: string | null;
};

/** The pull step that makes runs start in `directory`: the default of every deployment. */
export function workingDirectoryStep(directory: string): PullStep {
  return { set_working_directory: { directory } };
}

/**
 * Upserts the flow and then the deployment (on flow + name), after checking that the work pool
 * exists, and records the flow's parameter schema so runs and the UI's form can be validated.
 *
 * @throws StewardError WORK_POOL_NOT_FOUND (with the command that creates it) or VALIDATION_FAILED
 *   naming each bad field; ApiError for what only the server can judge (e.g. a bad cron).
 */
export async function registerDeployment(
  client: StewardClient,
  flow: DeployableFlow,
  options: RegistrationOptions,
): Promise<RegisteredDeployment> {
  const body = deploymentBody(flow, options);
  if (options.workPool !== null) await ensurePool(client, options.workPool);
  const flowRecord = await client.call("createFlow", { body: { name: flow.name } });
  const { status, data } = await client.callWithStatus("createDeployment", {
    body: { ...body, flow_id: flowRecord.id },
  });
  return { deployment: data, created: status === 201 };
}

/** The body before the flow exists: everything but `flow_id`. */
const DeploymentFields = DeploymentCreate.omit({ flow_id: true });

/** The request body; checked before any call, so a mistake fails before the flow is upserted. */
function deploymentBody(
  flow: DeployableFlow,
  options: RegistrationOptions,
): z.input<typeof DeploymentFields> {
  const schedules = [...(options.schedules ?? []), ...shorthandSchedules(options)].map(toScheduleCreate);
  const body: z.input<typeof DeploymentFields> = {
    name: options.name,
    version: options.version,
    description: options.description,
    entrypoint: options.entrypoint,
    parameters: options.parameters ?? {},
    parameter_openapi_schema: flow.parametersJsonSchema(),
    enforce_parameter_schema: options.enforceParameterSchema ?? true,
    job_variables: options.jobVariables ?? {},
    work_pool_name: options.workPool,
    work_queue_name: options.workQueue,
    paused: options.paused ?? false,
    concurrency_limit: options.concurrencyLimit,
    concurrency_options: options.collisionStrategy ? { collision_strategy: options.collisionStrategy } : null,
    tags: [...(options.tags ?? [])],
    pull_steps: [...options.pullSteps],
    schedules,
    ...(options.catchupPolicy === undefined ? {} : { catchup_policy: options.catchupPolicy }),
    ...(options.triggers === undefined ? {} : { triggers: [...options.triggers] }),
  };
  const parsed = DeploymentFields.safeParse(body);
  if (!parsed.success) {
    throw new StewardError(
      "VALIDATION_FAILED",
      `Deployment "${flow.name}/${String(options.name)}" is not valid:\n  ${describeIssues(parsed.error.issues).join("\n  ")}`,
      { details: parsed.error.issues },
    );
  }
  return body;
}

/** `path: message` per zod issue, with paths written as `deployments[1].work_pool.name`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path
      .map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
      .join("");
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}

async function ensurePool(client: StewardClient, pool: string): Promise<void> {
  try {
    await client.call("readWorkPool", { params: { name: pool } });
  } catch (error) {
    // A server without the route answers ROUTE_NOT_FOUND: that is not "no such pool".
    if (!isApiError(error, 404) || error.code === "ROUTE_NOT_FOUND") throw error;
    throw new StewardError(
      "WORK_POOL_NOT_FOUND",
      `Work pool "${pool}" does not exist. Create it with \`steward work-pool create --type process ${pool}\` ` +
        "(or pick one from `steward work-pool ls`), then deploy again.",
    );
  }
}

/**
 * `flow.deploy(options)`: registers a deployment of `flow` with the configured API. The entrypoint
 * is derived from where the flow is defined unless given; runs start in the current directory.
 *
 * @param definedAt the stack captured when `flow()` was called
 */
export async function deployFlow(
  flow: DeployableFlow,
  options: DeployOptions,
  definedAt: string | undefined,
): Promise<Deployment> {
  const client = sdkClient();
  if (!client) {
    throw new StewardError(
      "CONFIG_INVALID",
      `flow "${flow.name}".deploy() needs a Steward API: start one with \`steward server start\` and set ` +
        "STEWARD_API_URL=http://127.0.0.1:4200/api.",
    );
  }
  const cwd = process.cwd();
  const entrypoint = options.entrypoint ?? deriveEntrypoint(flow.name, definedAt, cwd);
  const pullSteps = options.pullSteps ?? [workingDirectoryStep(cwd)];
  const { deployment } = await registerDeployment(client, flow, { ...options, entrypoint, pullSteps });
  return deployment;
}
