/**
 * @module The shape of `steward.yaml`: a project's deployments, validated with zod so that each
 * problem is reported with its path ("deployments[1].work_pool.name: required").
 */
import { z } from "zod";
import { JsonObject } from "../../api/common.js";
import { CollisionStrategy, PullStep } from "../../api/deployments.js";
import { checkTimezone, parseAnchorDate, parseIntervalSeconds } from "../../sdk/deploy-schedules.js";

/** Runs `check` and reports what it throws as an issue of `path` (relative to the current value). */
function refineWith(ctx: z.RefinementCtx, path: PropertyKey[], check: () => unknown): void {
  try {
    check();
  } catch (error) {
    ctx.addIssue({ code: "custom", path, message: (error as Error).message });
  }
}

const ScheduleEntry = z
  .strictObject({
    interval: z.union([z.number(), z.string()]).optional(),
    cron: z.string().min(1).optional(),
    rrule: z.string().min(1).optional(),
    timezone: z.string().optional(),
    anchor_date: z.string().optional(),
    day_or: z.boolean().optional(),
    active: z.boolean().optional(),
    parameters: JsonObject.optional(),
    slug: z.string().min(1).optional(),
  })
  .superRefine((entry, ctx) => {
    const kinds = (["interval", "cron", "rrule"] as const).filter((kind) => entry[kind] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message: `give exactly one of interval, cron or rrule (found ${kinds.length ? kinds.join(", ") : "none"})`,
      });
    }
    const { interval, timezone, anchor_date: anchor } = entry;
    if (interval !== undefined) refineWith(ctx, ["interval"], () => parseIntervalSeconds(interval));
    if (timezone !== undefined) refineWith(ctx, ["timezone"], () => checkTimezone(timezone));
    if (anchor !== undefined) refineWith(ctx, ["anchor_date"], () => parseAnchorDate(anchor));
    if (anchor !== undefined && interval === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["anchor_date"],
        message: "only applies to an interval schedule",
      });
    }
  });
export type ScheduleEntry = z.infer<typeof ScheduleEntry>;

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
  parameters: JsonObject.optional(),
  enforce_parameter_schema: z.boolean().optional(),
  paused: z.boolean().optional(),
  concurrency_limit: ConcurrencyEntry.nullish(),
  schedules: z.array(ScheduleEntry).optional(),
  work_pool: z.strictObject({
    name: z.string().min(1),
    work_queue_name: z.string().min(1).optional(),
    job_variables: JsonObject.optional(),
  }),
  /** Overrides the project's `pull` for this deployment. */
  pull: z.array(PullStep).nullish(),
});
export type DeploymentEntry = z.infer<typeof DeploymentEntry>;

/** A whole `steward.yaml`. */
export const ProjectFile = z.strictObject({
  name: z.string().optional(),
  /** Missing or null: runs start in the file's folder. `[]`: no pull steps. */
  pull: z.array(PullStep).nullish(),
  deployments: z.array(DeploymentEntry).min(1, "list at least one deployment"),
});
export type ProjectFile = z.infer<typeof ProjectFile>;

/** Says "required" for a missing field, where zod would say "expected string, received undefined". */
export const projectErrorMap: z.core.$ZodErrorMap = (issue) =>
  issue.code === "invalid_type" && issue.input === undefined ? "required" : undefined;
