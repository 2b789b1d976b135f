/**
 * @module `steward deployment schedule create FLOW/DEPLOYMENT (--cron | --interval | --rrule) …`:
 * the flags become one schedule, checked locally (every problem printed at once) before the API is
 * called; `--replace` removes the deployment's other schedules first.
 */
import type { DeploymentSchedule } from "../../api/deployments.js";
import type { ScheduleSpec } from "../../sdk/deploy-schedules.js";
import { toScheduleCreate } from "../../sdk/deploy-schedules.js";
import type { CliContext } from "../context.js";
import { CliError, UsageError } from "../errors.js";
import { scheduleFlagsError } from "./deploy-flags.js";
import { fullName, readDeploymentByName } from "./lookup.js";
import { parseParameterOptions } from "./parameters.js";
import { describeDeploymentSchedule, nextRunText } from "./schedules-view.js";

/** The flags of `schedule create`. */
export interface CreateScheduleFlags {
  cron?: string;
  interval?: string;
  rrule?: string;
  timezone?: string;
  anchorDate?: string;
  /** `--day-or` / `--no-day-or`; undefined when neither is given. */
  dayOr?: boolean;
  slug?: string;
  param?: string[];
  maxScheduledRuns?: number;
  inactive?: boolean;
  replace?: boolean;
  json?: boolean;
}

const EXAMPLE = 'steward deployment schedule create hello/hello --cron "0 9 * * 1-5" --timezone Europe/Paris';

/** The schedule the flags describe; usage errors for flags that do not fit together. */
export function scheduleFromFlags(flags: CreateScheduleFlags): ScheduleSpec {
  const kinds = (["cron", "interval", "rrule"] as const).filter((kind) => flags[kind] !== undefined);
  if (kinds.length !== 1) {
    throw new UsageError(
      `${kinds.length === 0 ? "Give a schedule" : `Give one schedule, not ${kinds.map((k) => `--${k}`).join(" and ")}`}: ` +
        `--cron EXPR, --interval SECONDS|ISO-8601 (60, PT10M) or --rrule RULE. Example: ${EXAMPLE}`,
    );
  }
  if (flags.anchorDate !== undefined && flags.interval === undefined) {
    throw new UsageError("--anchor-date only applies to an --interval schedule.");
  }
  if (flags.dayOr !== undefined && flags.cron === undefined) {
    throw new UsageError("--day-or / --no-day-or only apply to a --cron schedule.");
  }
  const common = {
    timezone: flags.timezone,
    slug: flags.slug,
    active: flags.inactive ? false : undefined,
    parameters: flags.param ? parseParameterOptions({ param: flags.param }) : undefined,
    maxScheduledRuns: flags.maxScheduledRuns,
  };
  if (flags.interval !== undefined)
    return { ...common, interval: flags.interval, anchorDate: flags.anchorDate };
  if (flags.cron !== undefined) return { ...common, cron: flags.cron, dayOr: flags.dayOr };
  return { ...common, rrule: flags.rrule ?? "" };
}

/** `steward deployment schedule create`. */
export async function createSchedule(
  ctx: CliContext,
  nameArgument: string,
  flags: CreateScheduleFlags,
): Promise<void> {
  const spec = scheduleFromFlags(flags);
  const invalid = scheduleFlagsError([spec]);
  if (invalid) throw invalid;
  const body = toScheduleCreate(spec);
  const client = ctx.client();
  const deployment = await readDeploymentByName(client, nameArgument);
  const name = fullName(deployment);
  const taken = deployment.schedules.find((s) => spec.slug !== undefined && s.slug === spec.slug);
  if (taken && !flags.replace) {
    throw new CliError(
      `Deployment "${name}" already has a schedule with slug "${spec.slug}" (${taken.id}). Delete it with ` +
        `\`steward deployment schedule delete ${name} ${spec.slug}\`, choose another --slug, or pass --replace.`,
    );
  }
  if (flags.replace) {
    for (const old of deployment.schedules) {
      await client.call("deleteDeploymentSchedule", { params: { id: deployment.id, schedule_id: old.id } });
    }
  }
  const [created] = await client.call("createDeploymentSchedules", {
    params: { id: deployment.id },
    body: [body],
  });
  if (!created) throw new CliError(`The API created no schedule for "${name}"; run the command again.`);
  report(ctx, name, created, flags, deployment.schedules.length);
}

function report(
  ctx: CliContext,
  name: string,
  created: DeploymentSchedule,
  flags: CreateScheduleFlags,
  replaced: number,
): void {
  if (flags.json) {
    ctx.out.json(created);
    return;
  }
  const removed =
    flags.replace && replaced > 0 ? ` (replacing ${replaced} schedule${replaced > 1 ? "s" : ""})` : "";
  ctx.out.line(
    `Created schedule ${created.id} for "${name}"${removed}: ${describeDeploymentSchedule(created)}.`,
  );
  ctx.out.line(
    created.active ? `  next run: ${nextRunText(created)}` : "  inactive: it creates no runs until resumed",
  );
  ctx.out.line(`List the deployment's schedules with \`steward deployment schedule ls ${name}\`.`);
}
