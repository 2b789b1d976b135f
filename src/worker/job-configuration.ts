import type { FlowRun } from "../api/flow-runs.js";
import type { BaseJobTemplate } from "../api/work-pools.js";
import { StewardError } from "../core/errors.js";
import { buildJobConfiguration, isJsonRecord } from "../core/job-template.js";
import { splitCommandLine } from "./command-line.js";

/** What the process worker needs to start one flow run, after templating. */
export interface ProcessJobConfiguration {
  /** Name of the process in the worker's output (the flow run's name unless set). */
  readonly name: string;
  /** Variables to set on top of the worker's environment; null unsets one. */
  readonly env: Readonly<Record<string, string | null>>;
  readonly labels: Readonly<Record<string, string>>;
  /** The program and its arguments; null runs `steward flow-run execute` with this package. */
  readonly command: readonly string[] | null;
  /** Copy the process's stdout and stderr to the worker's output. */
  readonly streamOutput: boolean;
  /** Directory to start in; null lets the worker choose (see `types/process.ts`). */
  readonly workingDir: string | null;
  /** Runs of the same deployment share one long-lived process (`reuse_processes`), or null. */
  readonly reuse: ProcessReuse | null;
}

/** When a reused process is replaced by a fresh one. */
export interface ProcessReuse {
  /** Runs one process takes (`max_runs_per_process`). */
  readonly maxRuns: number;
  /** Resident memory above which it is not given another run (`max_process_memory_mb`). */
  readonly maxMemoryMb: number;
}

/** Defaults of the reuse limits, as in the process template (core/worker-types.ts). */
const REUSE_DEFAULTS = { maxRuns: 100, maxMemoryMb: 512 } as const;

/**
 * The process job configuration for one flow run: the pool's base job template filled from its
 * variable defaults, the deployment's job variables and the run's (later ones win; `env` merges),
 * then checked and typed.
 *
 * @throws StewardError INVALID_JOB_VARIABLES when a variable has the wrong type, naming it.
 */
export function processJobConfiguration(
  baseJobTemplate: BaseJobTemplate,
  deploymentVariables: Record<string, unknown>,
  run: Pick<FlowRun, "name" | "job_variables">,
): ProcessJobConfiguration {
  const { configuration } = buildJobConfiguration(baseJobTemplate, deploymentVariables, run.job_variables);
  return {
    name: optionalString(configuration, "name") || run.name,
    env: stringRecord(configuration, "env", true),
    labels: stringRecord(configuration, "labels", false) as Record<string, string>,
    command: commandOf(configuration.command),
    streamOutput: optionalBoolean(configuration, "stream_output") ?? true,
    workingDir: optionalString(configuration, "working_dir") || null,
    reuse: reuseOf(configuration),
  };
}

function reuseOf(configuration: Record<string, unknown>): ProcessReuse | null {
  if (optionalBoolean(configuration, "reuse_processes") !== true) return null;
  return {
    maxRuns: optionalInteger(configuration, "max_runs_per_process", 1) ?? REUSE_DEFAULTS.maxRuns,
    maxMemoryMb: optionalInteger(configuration, "max_process_memory_mb", 16) ?? REUSE_DEFAULTS.maxMemoryMb,
  };
}

function invalid(key: string, expected: string, value: unknown): StewardError {
  return new StewardError(
    "INVALID_JOB_VARIABLES",
    `The job variable "${key}" must be ${expected}, got ${JSON.stringify(value)}. Fix it in the deployment's or the flow run's job variables, or in the work pool's base job template.`,
  );
}

function optionalString(configuration: Record<string, unknown>, key: string): string | undefined {
  const value = configuration[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalid(key, "a string", value);
  return value;
}

function optionalBoolean(configuration: Record<string, unknown>, key: string): boolean | undefined {
  const value = configuration[key];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "boolean") return value;
  // A placeholder inside a longer string yields text; accept the two spellings people write.
  if (value === "true" || value === "false") return value === "true";
  throw invalid(key, "true or false", value);
}

function optionalInteger(
  configuration: Record<string, unknown>,
  key: string,
  minimum: number,
): number | undefined {
  const value = configuration[key];
  if (value === undefined || value === null || value === "") return undefined;
  // A placeholder inside a longer string yields text: accept digits written as text too.
  const number = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number === "number" && Number.isSafeInteger(number) && number >= minimum) return number;
  throw invalid(key, `a whole number of at least ${minimum}`, value);
}

/** Numbers and booleans become text, as environment variables are; null means "unset". */
function stringRecord(
  configuration: Record<string, unknown>,
  key: string,
  allowNull: boolean,
): Record<string, string | null> {
  const value = configuration[key];
  if (value === undefined || value === null || value === "") return {};
  if (!isJsonRecord(value)) throw invalid(key, "an object of names to strings", value);
  const out: Record<string, string | null> = {};
  for (const [name, item] of Object.entries(value)) {
    if (item === null && allowNull) out[name] = null;
    else if (typeof item === "string") out[name] = item;
    else if (typeof item === "number" || typeof item === "boolean") out[name] = String(item);
    else throw invalid(`${key}.${name}`, "a string", item);
  }
  return out;
}

function commandOf(value: unknown): readonly string[] | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value.trim() === "" ? null : splitCommandLine(value);
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === "string")) {
    return value as string[];
  }
  throw invalid("command", "a command line or a non-empty list of strings", value);
}
