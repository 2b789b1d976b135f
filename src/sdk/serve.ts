/**
 * @module Serving a flow: `await etl.serve({ name: "nightly", cron: "0 2 * * *" })` and
 * `steward flow serve`. Registers a deployment with no work pool and runs its runs right here, in
 * child processes of this process, until stopped — the quickest way from a script to scheduled,
 * remotely triggerable runs, with no pool or worker to set up.
 */
import type { Deployment } from "../api/deployments.js";
import type { StewardClient } from "../client/client.js";
import type { Settings } from "../config/settings.js";
import { StewardError } from "../core/errors.js";
import { DEFAULT_RUNNER_LIMIT, Runner, type RunnerOptions } from "../runner/runner.js";
import { describeError } from "../worker/worker-log.js";
import { sdkClient, sdkSettings } from "./config.js";
import { type DeployableFlow, registerDeployment, workingDirectoryStep } from "./deploy.js";
import { deriveEntrypoint } from "./deploy-entrypoint.js";
import type { ScheduleShorthands, ScheduleSpec } from "./deploy-schedules.js";

/** Options of `flow.serve()`; `steward flow serve` builds the same from its flags. */
export interface ServeOptions extends ScheduleShorthands {
  /** Name of the deployment: it is addressed as `flow-name/name`. */
  readonly name: string;
  /** Schedules, in addition to the `interval` / `cron` / `rrule` shorthands. */
  readonly schedules?: readonly ScheduleSpec[];
  /** Default parameters of its runs. */
  readonly parameters?: Record<string, unknown>;
  readonly tags?: readonly string[];
  readonly description?: string;
  readonly version?: string;
  /** Most runs at once in this process. @default 5 */
  readonly limit?: number;
  /** Set the deployment's schedules inactive when serving stops. @default true */
  readonly pauseOnShutdown?: boolean;
  /**
   * `path/to/file.ts:exportName`, relative to the current directory.
   * @default derived from where the flow is defined (as `flow.deploy()` does)
   */
  readonly entrypoint?: string;
  /** Runner tuning (tests, embedding): name, claim wait, graces, log and output sinks. */
  readonly runner?: Partial<Omit<RunnerOptions, "settings" | "deploymentIds" | "limit">>;
  /** Where the "Serving…" lines go. @default stdout */
  readonly print?: (line: string) => void;
}

/** A flow being served: its deployment, and how to stop serving it. */
export interface ServedFlow {
  readonly deployment: Deployment;
  /**
   * Stops claiming, lets running flow runs finish within the shutdown grace (the rest end
   * CRASHED), and pauses the deployment's schedules unless `pauseOnShutdown` is false. Idempotent;
   * `graceMs` overrides the grace (0: stop running flows now, also while already stopping).
   */
  stop(options?: { readonly graceMs?: number }): Promise<void>;
  /** Settles once serving has stopped. */
  readonly finished: Promise<void>;
}

/** What {@link startServing} needs besides the options. */
export interface ServeContext {
  readonly client: StewardClient;
  /** With an API URL: the runner and its flow-run processes use it. */
  readonly settings: Settings;
  /** Runs start here (the deployment's set_working_directory pull step). */
  readonly cwd: string;
}

/**
 * Registers the flow and a deployment of it without a work pool, prints how to trigger it, and
 * starts a runner for it in this process. Shared by `flow.serve()` and `steward flow serve`.
 */
export async function startServing(
  ctx: ServeContext,
  flow: DeployableFlow,
  options: ServeOptions & { readonly entrypoint: string },
): Promise<ServedFlow> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const limit = options.limit ?? DEFAULT_RUNNER_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new StewardError("VALIDATION_FAILED", `serve(): limit must be a whole number ≥ 1, got ${limit}.`);
  }
  const { deployment } = await registerDeployment(ctx.client, flow, {
    name: options.name,
    workPool: null,
    entrypoint: options.entrypoint,
    pullSteps: [workingDirectoryStep(ctx.cwd)],
    parameters: options.parameters,
    tags: options.tags,
    description: options.description,
    version: options.version,
    schedules: options.schedules,
    interval: options.interval,
    cron: options.cron,
    rrule: options.rrule,
    timezone: options.timezone,
    anchorDate: options.anchorDate,
  });
  const fullName = `${flow.name}/${deployment.name}`;
  const runner = new Runner({
    cwd: ctx.cwd,
    ...options.runner,
    settings: ctx.settings,
    deploymentIds: [deployment.id],
    limit,
  });
  print(`Serving flow '${flow.name}' as deployment '${fullName}'… (Ctrl+C to stop)`);
  for (const line of scheduleLines(deployment)) print(`  ${line}`);
  print(`Trigger a run with: steward deployment run '${fullName}'`);
  runner.start();

  let stopping: Promise<void> | undefined;
  const stop = (stopOptions: { readonly graceMs?: number } = {}) => {
    // A second call with graceMs 0 (a second Ctrl+C) cuts the runner's wait short.
    if (stopping) void runner.stop(stopOptions);
    stopping ??= (async () => {
      const { left } = await runner.stop(stopOptions);
      const paused =
        options.pauseOnShutdown === false ? [] : await pauseSchedules(ctx.client, deployment, print);
      print(stoppedLine(fullName, left, paused.length, options.pauseOnShutdown !== false));
    })();
    return stopping;
  };
  return { deployment, stop, finished: runner.finished.then(() => stopping) };
}

function scheduleLines(deployment: Deployment): string[] {
  return deployment.schedules.map((entry) => {
    const schedule = entry.schedule as Record<string, unknown>;
    const what =
      "interval" in schedule
        ? `every ${String(schedule.interval)} s`
        : "cron" in schedule
          ? `cron "${String(schedule.cron)}"`
          : `rrule "${String(schedule.rrule)}"`;
    const zone = typeof schedule.timezone === "string" ? ` (${schedule.timezone})` : "";
    return `Schedule: ${what}${zone}`;
  });
}

/** Sets every active schedule of the deployment inactive; returns the ids it paused. */
async function pauseSchedules(
  client: StewardClient,
  deployment: Deployment,
  print: (line: string) => void,
): Promise<string[]> {
  try {
    const schedules = await client.call("readDeploymentSchedules", { params: { id: deployment.id } });
    const active = schedules.filter((schedule) => schedule.active);
    for (const schedule of active) {
      await client.call("updateDeploymentSchedule", {
        params: { id: deployment.id, schedule_id: schedule.id },
        body: { active: false },
      });
    }
    return active.map((schedule) => schedule.id);
  } catch (error) {
    print(
      `Could not pause the schedules of deployment ${deployment.id} (${describeError(error)}); ` +
        "runs may still be scheduled: pause it with `steward deployment pause`.",
    );
    return [];
  }
}

function stoppedLine(
  fullName: string,
  left: readonly { id: string; name: string }[],
  paused: number,
  pauseOnShutdown: boolean,
): string {
  const runs =
    left.length === 0
      ? "no flow run was left running"
      : `${left.length} flow run(s) did not finish in time and were stopped (CRASHED): ${left.map((run) => `'${run.name}' (${run.id})`).join(", ")}`;
  const schedules = pauseOnShutdown
    ? `${paused} schedule(s) paused (serve again to resume them)`
    : "schedules left active (pauseOnShutdown is off): scheduled runs wait for the next serve";
  return `Stopped serving '${fullName}': ${runs}; ${schedules}.`;
}

/**
 * `flow.serve(options)`: serves `flow` with the configured API (see {@link startServing}). The
 * entrypoint is derived from where the flow is defined unless given.
 *
 * @param definedAt the stack captured when `flow()` was called
 */
export async function serveFlow(
  flow: DeployableFlow,
  options: ServeOptions,
  definedAt: string | undefined,
): Promise<ServedFlow> {
  const client = sdkClient();
  const settings = sdkSettings();
  if (!client || !settings.apiUrl) {
    throw new StewardError(
      "CONFIG_INVALID",
      `flow "${flow.name}".serve() needs a Steward API: start one with \`steward server start\` and set ` +
        "STEWARD_API_URL=http://127.0.0.1:4200/api.",
    );
  }
  const cwd = process.cwd();
  const entrypoint = options.entrypoint ?? deriveEntrypoint(flow.name, definedAt, cwd);
  return startServing({ client, settings, cwd }, flow, { ...options, entrypoint });
}
