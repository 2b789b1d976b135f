/**
 * @module Loading `steward.yaml`: YAML → `{{ $ENV_VAR }}` expansion → validation → the options
 * `registerDeployment` takes, one per deployment. Every problem is reported with its path.
 */
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseDocument } from "yaml";
import { describeIssues, type ResolvedDeployOptions, workingDirectoryStep } from "../../sdk/deploy.js";
import { CliError } from "../errors.js";
import { type DeploymentEntry, ProjectFile, projectErrorMap, toScheduleSpec } from "./schema.js";

/** A loaded project: where its file is, and its deployments ready to register. */
export interface Project {
  readonly file: string;
  /** The file's folder: entrypoints are relative to it, and runs start in it by default. */
  readonly dir: string;
  readonly name?: string;
  readonly deployments: readonly ResolvedDeployOptions[];
}

const ENV_REFERENCE = /\{\{\s*\$([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * Reads and validates a `steward.yaml`.
 *
 * @param file absolute path of the file
 * @param env the variables `{{ $NAME }}` references are expanded from
 * @throws CliError naming the file and each problem (YAML syntax with line and column, unset
 *   variables and invalid fields with their paths)
 */
export function loadProject(file: string, env: NodeJS.ProcessEnv): Project {
  const raw = readYaml(file);
  const problems: string[] = [];
  const expanded = expandEnv(raw, "", env, problems);
  const parsed = ProjectFile.safeParse(expanded, { error: projectErrorMap });
  if (!parsed.success) problems.push(...describeIssues(parsed.error.issues));
  if (problems.length > 0 || !parsed.success) {
    throw new CliError(
      [`${file} is not valid:`, ...problems.map((problem) => `  - ${problem}`), STARTER_HINT].join("\n"),
    );
  }
  const dir = dirname(file);
  const projectPull = parsed.data.pull ?? [workingDirectoryStep(dir)];
  return {
    file,
    dir,
    name: parsed.data.name,
    deployments: parsed.data.deployments.map((entry) => toDeployOptions(entry, entry.pull ?? projectPull)),
  };
}

const STARTER_HINT = "`steward init` writes a commented example to start from.";

function readYaml(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new CliError(
        `${file} does not exist. Create it with \`steward init\`, pass another file with --file, ` +
          "or deploy one flow with `steward deploy path/to/file.ts:flow --name NAME --pool POOL`.",
      );
    }
    throw new CliError(`${file} cannot be read: ${(error as Error).message}`);
  }
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    const errors = document.errors.map((error) => `  - ${error.message.trimEnd().replace(/\n/g, "\n    ")}`);
    throw new CliError([`${file} is not valid YAML:`, ...errors].join("\n"));
  }
  const value: unknown = document.toJS();
  if (value === null || value === undefined) throw new CliError(`${file} is empty. ${STARTER_HINT}`);
  return value;
}

/** Replaces `{{ $NAME }}` in every string; an unset variable is a problem at that path. */
function expandEnv(value: unknown, path: string, env: NodeJS.ProcessEnv, problems: string[]): unknown {
  if (typeof value === "string") {
    return value.replace(ENV_REFERENCE, (whole, name: string) => {
      const found = env[name];
      if (found === undefined) problems.push(`${path || "(file)"}: environment variable ${name} is not set`);
      return found ?? whole;
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => expandEnv(item, `${path}[${i}]`, env, problems));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        expandEnv(item, path ? `${path}.${key}` : key, env, problems),
      ]),
    );
  }
  return value;
}

function toDeployOptions(
  entry: DeploymentEntry,
  pullSteps: ResolvedDeployOptions["pullSteps"],
): ResolvedDeployOptions {
  const limit = entry.concurrency_limit;
  return {
    name: entry.name,
    entrypoint: entry.entrypoint,
    description: entry.description,
    version: entry.version,
    tags: entry.tags,
    parameters: entry.parameters,
    enforceParameterSchema: entry.enforce_parameter_schema,
    paused: entry.paused,
    concurrencyLimit: typeof limit === "number" ? limit : limit?.limit,
    collisionStrategy: typeof limit === "object" ? limit?.collision_strategy : undefined,
    schedules: entry.schedules?.map(toScheduleSpec),
    catchupPolicy: entry.catchup_policy,
    workPool: entry.work_pool.name,
    workQueue: entry.work_pool.work_queue_name,
    jobVariables: entry.work_pool.job_variables,
    triggers: entry.triggers,
    pullSteps,
  };
}
