import { StewardError } from "../../core/errors.js";
import type { DeployOptions } from "../../sdk/deploy.js";
import { shorthandSchedules, toScheduleCreate } from "../../sdk/deploy-schedules.js";
import { UsageError } from "../errors.js";
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

/** The schedules of --interval / --cron / --rrule (with --timezone, --anchor-date), checked now. */
function scheduleFlags(flags: DeployFlags): ReturnType<typeof shorthandSchedules> {
  try {
    const specs = shorthandSchedules(flags);
    specs.forEach(toScheduleCreate);
    return specs;
  } catch (error) {
    if (error instanceof StewardError) throw new UsageError(flagNames(error.message));
    throw error;
  }
}

/** The SDK's messages name options ("an interval"); on the command line they are flags. */
function flagNames(message: string): string {
  return message
    .replace(/^Interval /, "--interval ")
    .replace(/^Anchor date /, "--anchor-date ")
    .replace(/^Unknown time zone /, "--timezone: unknown time zone ");
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
