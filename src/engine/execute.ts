import type { Deployment } from "../api/deployments.js";
import type { FlowRun } from "../api/flow-runs.js";
import { isApiError, type StewardClient } from "../client/index.js";
import type { Settings } from "../config/settings.js";
import { StewardError } from "../core/errors.js";
import { flowLoadingKey } from "../core/flow-loading.js";
import { isTerminal, StateType } from "../core/states.js";
import { clientFor } from "../sdk/config.js";
import { AbortError, CancelledError } from "../sdk/errors.js";
import type { Flow } from "../sdk/flow.js";
import { proposeFlowRunState } from "../client/propose-state.js";
import { loadFlowFromEntrypoint } from "./entrypoint.js";
import { runPullSteps } from "./pull-steps.js";
import { runFlowWith } from "./run-flow.js";

/** Options of {@link executeFlowRun}. */
export interface ExecuteFlowRunOptions {
  readonly flowRunId: string;
  /** Settings with the API URL the run belongs to. */
  readonly settings: Settings;
  /** @default the SDK's shared client for `settings.apiUrl` */
  readonly client?: StewardClient;
  /** Where pull steps start. @default process.cwd() */
  readonly cwd?: string;
  /** Move the process into the directory the pull steps chose (a flow's relative paths then work). @default true */
  readonly chdir?: boolean;
  /** Environment of pull steps. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Progress lines (pull steps, loading). @default stderr */
  readonly log?: (line: string) => void;
  /** The run as the caller just read it (a worker handing it to a warm process). @default read from the API */
  readonly flowRun?: FlowRun;
  /** The run's deployment as the caller just read it. @default read from the API */
  readonly deployment?: Deployment;
  /** Told once the flow is loaded (pull steps run, entrypoint imported), before it runs. */
  readonly onLoaded?: () => void;
  /**
   * Flows this process loaded for earlier runs (a reused process): a run of the same deployment
   * version finds its flow here and skips the pull steps and the import. @default none
   */
  readonly loadedFlows?: LoadedFlows;
}

/** Flows loaded in this process, by deployment version (core/flow-loading.ts). */
export type LoadedFlows = Map<string, { readonly flow: Flow; readonly cwd: string }>;

/**
 * Runs an existing flow run in this process, as `steward flow-run execute` does for a worker:
 * reads the run and its deployment, runs the deployment's pull steps, imports the entrypoint and
 * runs the flow, adopting the run (RUNNING, waiting until its scheduled time, then its final state).
 * When the flow cannot even start (deployment gone, pull step failed, entrypoint missing or
 * broken) the run is marked FAILED with the reason.
 *
 * @returns how it ended: `completed` (also when the API said not to run it), `cancelled` (the
 *   run was cancelled while it ran) or `failed` (any other end: the run has its final state).
 * @throws StewardError FLOW_RUN_NOT_FOUND when the run does not exist.
 */
export async function executeFlowRun(options: ExecuteFlowRunOptions): Promise<FlowRunEnd> {
  const { settings, flowRunId } = options;
  const apiUrl = settings.apiUrl;
  if (!apiUrl) {
    throw new StewardError(
      "CONFIG_INVALID",
      "`steward flow-run execute` needs the API the run belongs to: set STEWARD_API_URL.",
    );
  }
  const client = options.client ?? clientFor(apiUrl, settings.apiKey);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const run = options.flowRun ?? (await readRun(client, flowRunId));
  let flow: Flow;
  try {
    flow = await prepare(run, client, options, log);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    log(`Flow run '${run.name}' could not start: ${reason}`);
    await failBeforeStart(client, run, reason);
    return "failed";
  }
  options.onLoaded?.();
  try {
    await runFlowWith(flow, run.parameters, { settings, client, flowRunId, flowRun: run });
    return "completed";
  } catch (error) {
    // The API refused to start it (it ran elsewhere or ended): not this process's failure.
    if (error instanceof AbortError) {
      log(error.message);
      return "completed";
    }
    return error instanceof CancelledError ? "cancelled" : "failed";
  }
}

/** How {@link executeFlowRun} ended. */
export type FlowRunEnd = "completed" | "failed" | "cancelled";

async function readRun(client: StewardClient, flowRunId: string): Promise<FlowRun> {
  try {
    return await client.call("readFlowRun", { params: { id: flowRunId } });
  } catch (error) {
    if (!isApiError(error, 404)) throw error;
    throw new StewardError(
      "FLOW_RUN_NOT_FOUND",
      `Flow run ${flowRunId} does not exist in the API at ${client.apiUrl}. Check the id (\`steward flow-run ls\`) and STEWARD_API_URL.`,
    );
  }
}

/** Everything before the flow starts: deployment, pull steps, entrypoint. Throws with a reason. */
async function prepare(
  run: FlowRun,
  client: StewardClient,
  options: ExecuteFlowRunOptions,
  log: (line: string) => void,
): Promise<Flow> {
  const deployment = options.deployment ?? (await readDeployment(client, run));
  const key = flowLoadingKey(deployment);
  const loaded = options.loadedFlows?.get(key);
  if (loaded !== undefined) {
    if (options.chdir ?? true) process.chdir(loaded.cwd);
    return loaded.flow;
  }
  if (!deployment.entrypoint) {
    throw new Error(
      `its deployment '${deployment.name}' has no entrypoint. Redeploy it with one, e.g. \`steward deploy flows/etl.ts:etl --name ${deployment.name} --pool …\`.`,
    );
  }
  const cwd = await runPullSteps(deployment.pull_steps, {
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? process.env,
    log,
  });
  if (options.chdir ?? true) process.chdir(cwd);
  log(`Loading ${deployment.entrypoint} from ${cwd}`);
  const flow = await loadFlowFromEntrypoint(deployment.entrypoint, cwd);
  options.loadedFlows?.set(key, { flow, cwd });
  return flow;
}

async function readDeployment(client: StewardClient, run: FlowRun): Promise<Deployment> {
  if (!run.deployment_id) {
    throw new Error(
      "it has no deployment, so there is no entrypoint to load. Only runs created from a deployment can be executed; run ad-hoc flows with `steward flow run`.",
    );
  }
  try {
    return await client.call("readDeployment", { params: { id: run.deployment_id } });
  } catch (error) {
    if (!isApiError(error, 404)) throw error;
    throw new Error(`its deployment (${run.deployment_id}) was deleted.`);
  }
}

async function failBeforeStart(client: StewardClient, run: FlowRun, reason: string): Promise<void> {
  if (run.state_type && isTerminal(run.state_type)) return;
  await proposeFlowRunState(client, run.id, {
    type: StateType.FAILED,
    name: "Failed",
    message: `Flow run could not start: ${reason}`,
  });
}

/**
 * Marks a flow run CRASHED because its process is going away (SIGTERM, the worker died), unless
 * the run is being cancelled (the worker finishes that) or has already ended. Best effort: the
 * caller is about to exit and should bound the wait.
 */
export async function crashUnlessCancelling(
  client: StewardClient,
  flowRunId: string,
  message: string,
): Promise<void> {
  const run = await client.call("readFlowRun", { params: { id: flowRunId } });
  const type = run.state_type;
  if (!type || isTerminal(type) || type === StateType.CANCELLING) return;
  await proposeFlowRunState(client, flowRunId, { type: StateType.CRASHED, name: "Crashed", message });
}
