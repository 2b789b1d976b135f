/**
 * @module A deployment's definition as it is written: the checks every create and update runs
 * (routing, job variables, parameters, schedules) and the columns they produce.
 */
import type { DeploymentCreate } from "../../../api/index.js";
import { StewardError } from "../../../core/errors.js";
import { toJson, toJsonOrNull, toStoredBoolean } from "../codec.js";
import type { DeploymentTable } from "../database.js";
import type { Parsed } from "../types.js";
import { checkJobVariables, checkParameters, checkParameterSchema, checkSchedules } from "./checks.js";
import { type PoolAccess, type Routing, resolveDeploymentRouting } from "./routing.js";

/** The writable fields of a deployment, all present (an upsert body, or an update merged over a row). */
export type Definition = Omit<Parsed<typeof DeploymentCreate>, "name" | "flow_id">;

/** Columns a definition sets, on insert and on update alike. */
export type DefinitionColumns = Omit<
  DeploymentTable,
  "id" | "created" | "updated" | "name" | "flow_id" | "status" | "status_updated" | "last_polled"
>;

/**
 * Checks what does not depend on the pool: schedules, the parameter schema and, when enforced,
 * the default parameters (ignoring `required`: a run supplies the rest and is checked in full).
 * @throws StewardError VALIDATION_FAILED, INVALID_PARAMETERS.
 */
export function checkContent(subject: string, definition: Definition): void {
  checkSchedules(subject, definition.schedules);
  const schema = definition.parameter_openapi_schema;
  if (!schema) return;
  checkParameterSchema(subject, schema);
  if (definition.enforce_parameter_schema) {
    checkParameters(subject, schema, definition.parameters, { ignoreRequired: true });
  }
}

/**
 * Resolves where runs go (creating a named queue when missing) and checks the job variables
 * against the pool's template. Without a pool there is nothing to check them against
 * (`serve`-style deployments).
 * @throws StewardError VALIDATION_FAILED, WORK_POOL_NOT_FOUND, INVALID_JOB_VARIABLES.
 */
export async function checkRouting(
  access: PoolAccess,
  subject: string,
  definition: Definition,
): Promise<Routing | undefined> {
  const poolName = definition.work_pool_name;
  if (!poolName) {
    if (definition.work_queue_name) {
      throw new StewardError(
        "VALIDATION_FAILED",
        `The ${subject} names work queue "${definition.work_queue_name}" but no work pool; queues live in pools. Set work_pool_name too (\`steward work-pool ls\` lists pools).`,
        { details: [{ path: "work_pool_name", message: "is required with work_queue_name" }] },
      );
    }
    return undefined;
  }
  const routing = await resolveDeploymentRouting(access, poolName, definition.work_queue_name, subject);
  checkJobVariables(subject, routing.pool, definition.job_variables, { ignoreRequired: true });
  return routing;
}

/** The routing columns of a resolved destination (all NULL without a pool). */
export function routingColumns(
  routing: Routing | undefined,
): Pick<DefinitionColumns, "work_queue_id" | "work_queue_name" | "work_pool_name"> {
  return {
    work_queue_id: routing?.queue.id ?? null,
    work_queue_name: routing?.queue.name ?? null,
    work_pool_name: routing?.pool.name ?? null,
  };
}

/** The columns a checked definition writes. */
export function definitionColumns(
  definition: Definition,
  routing: Pick<DefinitionColumns, "work_queue_id" | "work_queue_name" | "work_pool_name">,
): DefinitionColumns {
  return {
    ...routing,
    version: definition.version ?? null,
    description: definition.description ?? null,
    entrypoint: definition.entrypoint ?? null,
    parameters: toJson(definition.parameters),
    parameter_openapi_schema: toJsonOrNull(definition.parameter_openapi_schema),
    enforce_parameter_schema: toStoredBoolean(definition.enforce_parameter_schema),
    job_variables: toJson(definition.job_variables),
    paused: toStoredBoolean(definition.paused),
    concurrency_limit: definition.concurrency_limit ?? null,
    concurrency_options: toJson(definition.concurrency_options ?? {}),
    tags: toJson(definition.tags),
    labels: toJson(definition.labels),
    pull_steps: toJson(definition.pull_steps),
    catchup_policy: definition.catchup_policy,
  };
}
