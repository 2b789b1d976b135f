/**
 * @module `steward flow-run execute --warm`: a flow-run process started before its run. It loads
 * everything a run needs (the engine, the SDK, the TypeScript loader's code), tells the worker it
 * is ready, and waits on its IPC channel for one run (see worker/warm-protocol.ts). It then takes
 * on the environment and working directory the worker gives it — exactly those a cold start would
 * have had — and runs that run as `steward flow-run execute ID` does. When the worker goes away
 * first, it exits quietly: it never ran anything. A run handed over for reuse (the deployment's
 * `reuse_processes`) keeps it: it reports the run done and waits for the next, keeping the flow
 * it loaded; a signal or the worker's death during a run still ends it, as it ends a cold one.
 */
import type { Deployment } from "../../api/deployments.js";
import type { FlowRun } from "../../api/flow-runs.js";
import type { LoadedFlows } from "../../engine/execute.js";
import {
  isWarmAssignment,
  type RunDone,
  WARM_READY,
  type WarmAssignment,
} from "../../worker/warm-protocol.js";
import { CliContext } from "../context.js";
import { handleError, UsageError } from "../errors.js";
import { executeFlowRunCommand, runFlowRunHere } from "./execute.js";

/** The process title of a warm process ready for a run. */
export const WARM_TITLE = "steward flow-run (warm, waiting)";

/**
 * Waits for a run, then executes it (the command's work); with `reuse`, reports it done and waits
 * for the next. Returns once the worker is gone (closed the channel) while no run is going.
 */
export async function executeWhenAssigned(ctx: CliContext): Promise<void> {
  if (process.send === undefined || !process.connected) {
    throw new UsageError(
      "`steward flow-run execute --warm` is started by a worker, which hands it a run; run `steward flow-run execute ID` yourself.",
    );
  }
  await preload();
  process.send(WARM_READY);
  const loadedFlows: LoadedFlows = new Map();
  for (;;) {
    const assignment = await nextAssignment();
    if (assignment === undefined) return;
    takeOn(ctx.io.env, assignment);
    const runCtx = new CliContext({ ...ctx.io, cwd: assignment.cwd });
    const known = {
      // The worker's own reads of the run and its deployment, a moment old.
      flowRun: assignment.flowRun as FlowRun,
      deployment: (assignment.deployment ?? undefined) as Deployment | undefined,
    };
    if (!assignment.reuse) return executeFlowRunCommand(runCtx, assignment.flowRunId, known);
    const outcome = await runFlowRunHere(runCtx, assignment.flowRunId, { ...known, loadedFlows });
    // Stopped (a signal, the worker's death) or cancelled: the process ends, as a cold one would,
    // and with it whatever the run started (the worker kills its process group).
    if (outcome.kind === "stopped" || outcome.kind === "cancelled") throw outcome.error;
    const exitCode =
      outcome.kind === "failed" ? handleError(outcome.error, runCtx.io, "steward flow-run execute") : 0;
    const done: RunDone = {
      type: "steward.run.done",
      flowRunId: assignment.flowRunId,
      exitCode,
      rssBytes: process.memoryUsage.rss(),
    };
    process.title = WARM_TITLE;
    process.send(done);
  }
}

/**
 * What every run loads, loaded now, so a run only imports its own entrypoint: the engine, the
 * package's entry (what `import … from "steward"` gives the flow), the TypeScript loader
 * (registered for this directory's tsconfig; a run that starts under another registers it again)
 * and a connection to the API.
 */
async function preload(): Promise<void> {
  const api = process.env.STEWARD_API_URL;
  const [engine] = await Promise.all([
    import("../../engine/index.js"),
    import("../../index.js"),
    // A first request (open to all) readies fetch and a connection for the run's first call.
    api
      ? fetch(`${api}/health`).then(
          (answer) => answer.text(),
          () => "",
        )
      : Promise.resolve(""),
  ]);
  await engine.ensureTypeScriptLoader();
}

/** The worker's next assignment, or undefined once the channel closes without one. */
function nextAssignment(): Promise<WarmAssignment | undefined> {
  return new Promise((resolve) => {
    if (!process.connected) return resolve(undefined);
    const onMessage = (message: unknown) => {
      if (!isWarmAssignment(message)) return;
      done();
      resolve(message);
    };
    const onDisconnect = () => {
      done();
      resolve(undefined);
    };
    const done = () => {
      process.off("message", onMessage);
      process.off("disconnect", onDisconnect);
    };
    process.on("message", onMessage);
    process.once("disconnect", onDisconnect);
    // A run's orphan guard lets go of the channel; waiting for the next run holds it again.
    process.channel?.ref();
    // What `ps` shows while it waits (then the run it took): people and tests can tell them apart.
    process.title = WARM_TITLE;
  });
}

/** Makes `env` (the process's environment) the run's, and moves into its directory. */
function takeOn(env: NodeJS.ProcessEnv, assignment: WarmAssignment): void {
  process.title = `steward flow-run ${assignment.flowRunId}`;
  for (const name of Object.keys(env)) if (!(name in assignment.env)) delete env[name];
  Object.assign(env, assignment.env);
  process.chdir(assignment.cwd);
}
