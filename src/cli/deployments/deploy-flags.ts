import { DeploymentTrigger, EventTrigger } from "../../api/automations.js";
import type { z } from "zod";
import { CatchupPolicy } from "../../api/deployments.js";
import { StewardError } from "../../core/errors.js";
import type { DeployOptions } from "../../sdk/deploy.js";
import { type ScheduleSpec, scheduleProblems, shorthandSchedules } from "../../sdk/deploy-schedules.js";
import { CliError, UsageError } from "../errors.js";
import { mergeDeep, parseJobVariables } from "./job-variables.js";
import { type ParameterOptions, parseParameterOptions } from "./parameters.js";

/** The flags of `steward deploy`. */
export interface DeployFlags extends ParameterOptions {
  /** `--name`, repeatable (several only when deploying from steward.yaml). */
  name?: string[];
  all?: boolean;
  file?: string;
  pool?: string;
  workQueue?: string;
  jobVariable?: string[];
  tag?: string[];
  version?: string;
  description?: string;
  concurrencyLimit?: number;
  collisionStrategy?: string;
  enforceParameterSchema?: boolean;
  interval?: string;
  cron?: string;
  rrule?: string;
  timezone?: string;
  anchorDate?: string;
  catchupPolicy?: string;
  /** `--trigger JSON`, repeatable: one event trigger each. */
  trigger?: string[];
}

/** What the flags set, to apply over a deployment from steward.yaml (or to build one). */
export type DeployOverrides = Partial<Omit<DeployOptions, "name" | "entrypoint" | "pullSteps">>;

const STRATEGIES = ["ENQUEUE", "CANCEL_NEW"] as const;

/**
 * Reads the flags into overrides, checking everything a person can get wrong before any file is
 * loaded or any call is made: parameters, job variables, schedules, the collision strategy.
 *
 * @throws UsageError naming the flag at fault
 */
export function flagOverrides(flags: DeployFlags): DeployOverrides {
  const schedules = scheduleFlags(flags);
  const overrides: DeployOverrides = {
    workPool: flags.pool,
    workQueue: flags.workQueue,
    version: flags.version,
    description: flags.description,
    concurrencyLimit: flags.concurrencyLimit,
    collisionStrategy: collisionStrategy(flags.collisionStrategy),
    enforceParameterSchema: flags.enforceParameterSchema,
    tags: flags.tag,
    parameters: flags.param || flags.params !== undefined ? parseParameterOptions(flags) : undefined,
    jobVariables: flags.jobVariable ? parseJobVariables(flags.jobVariable) : undefined,
    schedules: schedules.length > 0 ? schedules : undefined,
    catchupPolicy: catchupPolicy(flags.catchupPolicy),
    triggers: flags.trigger ? flags.trigger.map(parseTrigger) : undefined,
  };
  return Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as DeployOverrides;
}

function collisionStrategy(value: string | undefined): DeployOptions["collisionStrategy"] {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase().replace(/-/g, "_");
  const known = STRATEGIES.find((strategy) => strategy === upper);
  if (!known) {
    throw new UsageError(
      `--collision-strategy ${JSON.stringify(value)} is not one of ${STRATEGIES.join(", ")}: ENQUEUE makes runs ` +
        "beyond the limit wait, CANCEL_NEW cancels them.",
    );
  }
  return known;
}

/** The flag that sets each field of a schedule. */
const SCHEDULE_FLAGS: Readonly<Record<string, string>> = {
  interval: "--interval",
  cron: "--cron",
  rrule: "--rrule",
  timezone: "--timezone",
  anchor_date: "--anchor-date",
  day_or: "--day-or",
  slug: "--slug",
  max_scheduled_runs: "--max-scheduled-runs",
};

/**
 * Every problem of schedules given by flags, each line naming its flag, as one error (exit 1):
 * `--cron: …` / `--timezone: unknown time zone "Europe/Berln"`.
 */
export function scheduleFlagsError(specs: readonly ScheduleSpec[]): CliError | undefined {
  const lines = specs
    .flatMap(scheduleProblems)
    .map((problem) => `  - ${SCHEDULE_FLAGS[problem.field] ?? problem.field}: ${problem.message}`);
  if (lines.length === 0) return undefined;
  const unique = [...new Set(lines)];
  return new CliError(
    [
      specs.length > 1 ? "The schedules are not valid:" : "The schedule is not valid:",
      ...unique,
      "Fix the flags above and run the command again.",
    ].join("\n"),
  );
}

/** The schedules of --interval / --cron / --rrule (with --timezone, --anchor-date), checked now. */
function scheduleFlags(flags: DeployFlags): ScheduleSpec[] {
  let specs: ScheduleSpec[];
  try {
    specs = shorthandSchedules(flags);
  } catch (error) {
    if (error instanceof StewardError) throw new UsageError(flagNames(error.message));
    throw error;
  }
  const error = scheduleFlagsError(specs);
  if (error) throw error;
  return specs;
}

/** The SDK's messages name options ("an anchor date"); on the command line they are flags. */
function flagNames(message: string): string {
  return message
    .replace(/^An anchor date /, "--anchor-date ")
    .replace(/^A time zone /, "--timezone ")
    .replace(/give an interval, a cron or an rrule/, "give --interval, --cron or --rrule")
    .replace(/give an interval/, "give --interval");
}

const TRIGGER_EXAMPLE = `--trigger '{"expect": ["order.created"], "parameters": {"id": "{{ event.payload.id }}"}}'`;

/** One `--trigger` value: a JSON event trigger, checked now so a typo fails before any call. */
export function parseTrigger(text: string): DeploymentTrigger {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `--trigger is not valid JSON (${(error as Error).message}). Example: ${TRIGGER_EXAMPLE}`,
    );
  }
  const parsed = DeploymentTrigger.safeParse(json);
  // The trigger part must also pass the rules of event triggers (a Proactive one needs a window).
  const trigger = parsed.success ? EventTrigger.safeParse(eventTriggerPart(parsed.data)) : parsed;
  if (!trigger.success) {
    const issues = trigger.error.issues.map((issue) => {
      const path = issue.path.map(String).join(".");
      return path ? `${path}: ${issue.message}` : issue.message;
    });
    throw new UsageError(
      `--trigger is not a valid trigger (${issues.join("; ")}). Example: ${TRIGGER_EXAMPLE}`,
    );
  }
  return json as DeploymentTrigger;
}

/** The event-trigger fields of a deployment trigger (without what the automation around it holds). */
function eventTriggerPart(trigger: z.output<typeof DeploymentTrigger>): unknown {
  const { name: _name, description: _d, enabled: _e, parameters: _p, job_variables: _j, ...fields } = trigger;
  return fields;
}

/** `--catchup-policy`, checked; accepts run-all as well as run_all. */
export function catchupPolicy(value: string | undefined): CatchupPolicy | undefined {
  if (value === undefined) return undefined;
  const parsed = CatchupPolicy.safeParse(value.toLowerCase().replace(/-/g, "_"));
  if (!parsed.success) {
    throw new UsageError(
      `--catchup-policy ${JSON.stringify(value)} is not one of ${CatchupPolicy.options.join(", ")}: run_all runs ` +
        "every run missed while no worker was there, run_latest only the newest (the default), skip none.",
    );
  }
  return parsed.data;
}

/**
 * `overrides` applied over a deployment's own options: parameters and job variables are merged
 * (a flag adds to or replaces one key), everything else given by a flag replaces the file's value.
 */
export function applyOverrides<T extends DeployOptions>(options: T, overrides: DeployOverrides): T {
  return {
    ...options,
    ...overrides,
    parameters: { ...options.parameters, ...overrides.parameters },
    jobVariables: mergeDeep(options.jobVariables ?? {}, overrides.jobVariables ?? {}),
  };
}
