/**
 * @module The shape of `steward.yaml`: a project's deployments, validated with zod so that each
 * problem is reported with its path ("deployments[1].work_pool.name: required").
 */
import { z } from "zod";
import { DeploymentTrigger } from "../../api/automations.js";
import { JsonObjectInput } from "../../api/common.js";
import { CatchupPolicy, CollisionStrategy, PullStepInput } from "../../api/deployments.js";
import { MAX_PULL_STEPS, MAX_TIMEZONE_LENGTH } from "../../api/limits.js";
import { type ScheduleSpec, scheduleProblems } from "../../sdk/deploy-schedules.js";

const ScheduleEntry = z
  .strictObject({
    interval: z.union([z.number(), z.string()]).optional(),
    cron: z.string().min(1).optional(),
    rrule: z.string().min(1).optional(),
    timezone: z.string().max(MAX_TIMEZONE_LENGTH).optional(),
    anchor_date: z.string().optional(),
    day_or: z.boolean().optional(),
    active: z.boolean().optional(),
    parameters: JsonObjectInput.optional(),
    slug: z.string().min(1).optional(),
    max_scheduled_runs: z.number().int().min(1).max(1000).optional(),
  })
  .superRefine((entry, ctx) => {
    const kinds = (["interval", "cron", "rrule"] as const).filter((kind) => entry[kind] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message: `give exactly one of interval, cron or rrule (found ${kinds.length ? kinds.join(", ") : "none"})`,
      });
    }
    if (entry.anchor_date !== undefined && entry.interval === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["anchor_date"],
        message: "only applies to an interval schedule",
      });
    }
    if (entry.day_or !== undefined && entry.cron === undefined) {
      ctx.addIssue({ code: "custom", path: ["day_or"], message: "only applies to a cron schedule" });
    }
    if (kinds.length !== 1) return;
    // Each problem at its own field: deployments[0].schedules[1].cron: …
    for (const problem of scheduleProblems(toScheduleSpec(entry))) {
      ctx.addIssue({ code: "custom", path: [problem.field], message: problem.message });
    }
  });
export type ScheduleEntry = z.infer<typeof ScheduleEntry>;

/** A schedule entry of the file as the SDK's spec (exactly one of interval, cron, rrule is set). */
export function toScheduleSpec(entry: ScheduleEntry): ScheduleSpec {
  const common = {
    timezone: entry.timezone,
    active: entry.active,
    parameters: entry.parameters,
    slug: entry.slug,
    maxScheduledRuns: entry.max_scheduled_runs,
  };
  if (entry.interval !== undefined) {
    return { ...common, interval: entry.interval, anchorDate: entry.anchor_date };
  }
  if (entry.cron !== undefined) return { ...common, cron: entry.cron, dayOr: entry.day_or };
  return { ...common, rrule: entry.rrule ?? "" };
}

/** `concurrency_limit: 2` or `concurrency_limit: {limit: 2, collision_strategy: CANCEL_NEW}`. */
const ConcurrencyEntry = z.union([
  z.number().int().min(0),
  z.strictObject({ limit: z.number().int().min(0), collision_strategy: CollisionStrategy.optional() }),
]);

/** Text that YAML may have read as a number (`version: 1.0`). */
const Text = z.union([z.string(), z.number()]).transform(String);

const DeploymentEntry = z.strictObject({
  name: z.string().min(1),
  entrypoint: z.string().min(1),
  description: z.string().optional(),
  version: Text.optional(),
  tags: z.array(Text).optional(),
  parameters: JsonObjectInput.optional(),
  enforce_parameter_schema: z.boolean().optional(),
  paused: z.boolean().optional(),
  concurrency_limit: ConcurrencyEntry.nullish(),
  /** Runs missed while no worker was there: run_all, run_latest (default) or skip. */
  catchup_policy: CatchupPolicy.optional(),
  schedules: z.array(ScheduleEntry).optional(),
  work_pool: z.strictObject({
    name: z.string().min(1),
    work_queue_name: z.string().min(1).optional(),
    job_variables: JsonObjectInput.optional(),
  }),
  /** Overrides the project's `pull` for this deployment. */
  pull: z.array(PullStepInput).max(MAX_PULL_STEPS).nullish(),
  /**
   * Run the deployment when matching events arrive (each one an event trigger with `parameters`
   * templated from the event). Left out, the deployment keeps its triggers; `[]` removes them.
   */
  triggers: z.array(DeploymentTrigger).max(50).optional(),
});
export type DeploymentEntry = z.infer<typeof DeploymentEntry>;

/** A whole `steward.yaml`. */
export const ProjectFile = z.strictObject({
  name: z.string().optional(),
  /** Missing or null: runs start in the file's folder. `[]`: no pull steps. */
  pull: z.array(PullStepInput).max(MAX_PULL_STEPS).nullish(),
  deployments: z.array(DeploymentEntry).min(1, "list at least one deployment"),
});
export type ProjectFile = z.infer<typeof ProjectFile>;

/** Says "required" for a missing field, where zod would say "expected string, received undefined". */
export const projectErrorMap: z.core.$ZodErrorMap = (issue) =>
  issue.code === "invalid_type" && issue.input === undefined ? "required" : undefined;
