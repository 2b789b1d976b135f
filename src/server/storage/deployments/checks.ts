/**
 * @module The checks a deployment and its runs go through before anything is written: job
 * variables against the pool's template, parameters against the flow's schema, schedules. Each
 * failure is a StewardError whose `details` list every bad field as `{path, message}`.
 */
import type { DeploymentScheduleCreate } from "../../../api/index.js";
import { StewardError } from "../../../core/errors.js";
import { validateSchedule } from "../../../core/schedules/index.js";
import {
  formatIssues,
  type SchemaIssue,
  validateAgainstSchema,
  validateJobVariables,
  validateJsonSchema,
} from "../../../core/json-schema.js";
import type { Parsed } from "../types.js";

/** Who is being checked, for messages: `deployment "flow/name"` or `the new deployment "name"`. */
export type Subject = string;

/**
 * Job variables against the pool's base job template. Deployment-level variables skip `required`
 * (a run may still supply them); a run's merged variables must be complete.
 * @throws StewardError INVALID_JOB_VARIABLES listing each bad variable.
 */
export function checkJobVariables(
  subject: Subject,
  pool: { readonly name: string; readonly base_job_template: unknown },
  variables: Record<string, unknown>,
  options: { readonly ignoreRequired: boolean },
): void {
  const issues = validateJobVariables(pool.base_job_template, variables, options);
  if (issues.length === 0) return;
  throw new StewardError(
    "INVALID_JOB_VARIABLES",
    `Invalid job variables for ${subject}: ${formatIssues(issues)}. Work pool "${pool.name}" defines which variables exist and their types (\`steward work-pool inspect ${pool.name}\` shows them); fix the listed variables and retry.`,
    { details: issues },
  );
}

/**
 * `parameters` against a flow's parameter schema.
 * @throws StewardError INVALID_PARAMETERS listing each bad field.
 */
export function checkParameters(
  subject: Subject,
  schema: Record<string, unknown>,
  parameters: Record<string, unknown>,
  options: { readonly ignoreRequired: boolean },
): void {
  const issues = validateAgainstSchema(schema, parameters, options);
  if (issues.length === 0) return;
  throw new StewardError("INVALID_PARAMETERS", `Invalid parameters for ${subject}: ${formatIssues(issues)}`, {
    details: issues,
  });
}

/**
 * A parameter schema must itself be a valid JSON schema, or no run could ever be checked.
 * @throws StewardError VALIDATION_FAILED naming `parameter_openapi_schema`.
 */
export function checkParameterSchema(subject: Subject, schema: Record<string, unknown>): void {
  const issues = validateJsonSchema(schema).map((issue): SchemaIssue => ({
    path: "parameter_openapi_schema",
    message: issue.message,
  }));
  if (issues.length === 0) return;
  throw new StewardError(
    "VALIDATION_FAILED",
    `The parameter schema of ${subject} is not a valid JSON schema: ${formatIssues(issues)}. Send the JSON schema the flow's parameters produce (the SDK's deploy() does this), or omit it.`,
    { details: issues },
  );
}

/**
 * Schedules: each one readable by the scheduler (core's `validateSchedule`: known time zones,
 * cron and rrule expressions that parse, positive intervals, anchor dates) and slugs unique
 * within the deployment.
 * @throws StewardError VALIDATION_FAILED listing each bad schedule.
 */
export function checkSchedules(
  subject: Subject,
  schedules: readonly Parsed<typeof DeploymentScheduleCreate>[],
  existingSlugs: readonly string[] = [],
): void {
  const issues: SchemaIssue[] = [];
  const slugs = new Set(existingSlugs);
  schedules.forEach((entry, index) => {
    for (const problem of validateSchedule(entry.schedule)) {
      issues.push({ path: `schedules[${index}].schedule`, message: problem });
    }
    const slug = entry.slug ?? null;
    if (slug === null) return;
    if (slugs.has(slug))
      issues.push({ path: `schedules[${index}].slug`, message: `"${slug}" is used twice` });
    slugs.add(slug);
  });
  if (issues.length === 0) return;
  throw new StewardError(
    "VALIDATION_FAILED",
    `Invalid schedules for ${subject}: ${formatIssues(issues)}. Fix the listed schedules (and give each a slug of its own) and retry.`,
    { details: issues },
  );
}
