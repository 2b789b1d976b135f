import type { Deployment } from "../../api/deployments.js";
import type { LoadedFlows } from "../../engine/execute.js";
import type { FlowRun } from "../../api/flow-runs.js";
import { LogLevel } from "../../core/states.js";
import { RUN_LOADED } from "../../worker/warm-protocol.js";
import type { watchForOrphaning } from "../../engine/orphan-guard.js";
import { processPipes } from "../broken-pipe.js";
import type { CliContext } from "../context.js";
import { CliError, UsageError } from "../errors.js";
import type { SignalSource } from "../io.js";
import { flowRunId } from "./lookup.js";

/** Exit codes of a flow-run process stopped by a signal, as a shell reports them (128 + signal). */
const SIGNAL_EXIT = { SIGTERM: 143, SIGINT: 130 } as const;
/** How long a process that is going away waits for its CRASHED report to reach the API. */
const LAST_REPORT_TIMEOUT_MS = 10_000;

/** Why the flow-run process stops before its flow is done. */
type Stop = { kind: "signal"; signal: keyof typeof SIGNAL_EXIT } | { kind: "orphaned"; reason: string };

/**
 * `steward flow-run execute [ID]`: what a worker starts for each flow run. Runs the deployment's
 * pull steps, loads its entrypoint and runs the flow, adopting the existing run. SIGTERM (or
 * Ctrl+C) stops it: the run is marked CRASHED unless it is being cancelled, which the worker
 * finishes. When the worker that started it dies, it marks the run CRASHED and exits too.
 */
export async function executeFlowRunCommand(
  ctx: CliContext,
  idArgument: string | undefined,
  known: KnownToProcess = {},
): Promise<void> {
  const outcome = await runFlowRunHere(ctx, runIdOf(ctx, idArgument), known);
  if (outcome.kind !== "completed") throw outcome.error;
}

/** What the process already has for a run: the run and deployment as read, flows it loaded before. */
export interface KnownToProcess {
  readonly flowRun?: FlowRun;
  readonly deployment?: Deployment;
  readonly loadedFlows?: LoadedFlows;
}

/**
 * How a run in this process ended: its flow completed (or the API said not to run it), failed
 * (the run has its final state; the process may take another run), was cancelled while it ran
 * (what the flow started may still run: the process must end), or was stopped by a signal or the
 * worker's death (the run is marked CRASHED; the process must end with the error).
 */
export type RunOutcome =
  | { readonly kind: "completed" }
  | { readonly kind: "failed" | "cancelled" | "stopped"; readonly error: CliError };

/** Runs flow run `id` in this process (see {@link executeFlowRunCommand}). */
export async function runFlowRunHere(
  ctx: CliContext,
  id: string,
  known: KnownToProcess,
): Promise<RunOutcome> {
  const settings = ctx.apiSettings();
  // Loaded on demand: only this command needs the engine.
  const engine = await import("../../engine/index.js");
  const { clientFor, configureSdk } = await import("../../sdk/config.js");
  const client = clientFor(settings.apiUrl ?? "", settings.apiKey);
  // Only the run named here is adopted; flows it calls as top-level flows get runs of their own.
  configureSdk({ settings, flowRunId: null, consoleWrite: (line, level) => writeLine(ctx, line, level) });
  let disarm = () => {};
  const stopped = new Promise<Stop>((resolve) => {
    disarm = armGuards(ctx, resolve, engine.watchForOrphaning);
  });
  try {
    const execution = engine.executeFlowRun({
      flowRunId: id,
      settings,
      client,
      cwd: ctx.cwd,
      env: ctx.io.env,
      log: (line) => ctx.out.note(line),
      // The worker that started this process queues other starts until this one is loaded.
      onLoaded: () => process.send?.(RUN_LOADED),
      ...known,
    });
    const outcome = await Promise.race([execution, stopped]);
    if (outcome === "completed") return { kind: "completed" };
    if (typeof outcome === "string") {
      const error = new CliError(
        `Flow run ${id} did not complete; see the lines above, or \`steward flow-run inspect ${id}\`.`,
      );
      return { kind: outcome, error };
    }
    const message = stopMessage(outcome);
    await withTimeout(engine.crashUnlessCancelling(client, id, message), LAST_REPORT_TIMEOUT_MS).catch(
      (error: unknown) => ctx.out.warn(`Could not mark flow run ${id} CRASHED: ${String(error)}`),
    );
    return { kind: "stopped", error: stopError(outcome, id, message) };
  } finally {
    disarm();
    configureSdk({ settings: undefined, flowRunId: undefined, consoleWrite: undefined });
  }
}

/** The run named on the command line, else the one the worker put in STEWARD_FLOW_RUN_ID. */
function runIdOf(ctx: CliContext, idArgument: string | undefined): string {
  const raw = idArgument ?? ctx.io.env.STEWARD_FLOW_RUN_ID;
  if (!raw) {
    throw new UsageError(
      "Name the flow run to execute: `steward flow-run execute ID` (or set STEWARD_FLOW_RUN_ID).",
    );
  }
  return flowRunId(raw);
}

/**
 * Listens for SIGTERM / SIGINT and — in a process a worker started (it sets STEWARD_WORKER_PID) —
 * for the worker's death. Returns a function that stops listening.
 */
function armGuards(
  ctx: CliContext,
  onStop: (stop: Stop) => void,
  watch: typeof watchForOrphaning,
): () => void {
  const signals: SignalSource = ctx.io.signals ?? process;
  const onTerm = () => onStop({ kind: "signal", signal: "SIGTERM" });
  const onInt = () => onStop({ kind: "signal", signal: "SIGINT" });
  signals.once("SIGTERM", onTerm);
  signals.once("SIGINT", onInt);
  const workerPid = Number(ctx.io.env.STEWARD_WORKER_PID) || undefined;
  let unwatch = () => {};
  if (workerPid !== undefined) {
    // Once the worker is gone, its end of our stdout is closed: writing must neither crash nor end
    // us (the orphan guard below marks the run CRASHED first).
    processPipes.keepRunning();
    for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
    unwatch = watch((reason) => onStop({ kind: "orphaned", reason }), { workerPid });
  }
  return () => {
    signals.off("SIGTERM", onTerm);
    signals.off("SIGINT", onInt);
    unwatch();
  };
}

/** The error that ends the command (and its exit code); an orphan first ends what it started. */
function stopError(stop: Stop, id: string, message: string): CliError {
  if (stop.kind === "orphaned") killOwnProcessGroup();
  return new CliError(
    `Flow run ${id} stopped: ${message}`,
    stop.kind === "signal" ? SIGNAL_EXIT[stop.signal] : 1,
  );
}

function stopMessage(stop: Stop): string {
  if (stop.kind === "orphaned") {
    return `The worker process exited (${stop.reason}), so the flow run's process stopped too: it never runs without its worker.`;
  }
  return stop.signal === "SIGTERM"
    ? "The flow run's process was terminated by SIGTERM (the worker shut down, or the process was stopped)."
    : "The flow run's process was interrupted by SIGINT (Ctrl+C).";
}

/** Processes the flow started (this process leads their group when a worker started it) go too. */
function killOwnProcessGroup(): void {
  try {
    process.kill(-process.pid, "SIGKILL");
  } catch {
    // Not a group leader (started by hand or through a wrapper): there is no group of ours to end.
  }
}

function writeLine(ctx: CliContext, line: string, level: number): void {
  (level >= LogLevel.WARNING ? ctx.io.stderr : ctx.io.stdout).write(`${line}\n`);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
