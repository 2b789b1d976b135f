/**
 * @module What a worker and a warm flow-run process say to each other over the child's IPC
 * channel. A warm process is `steward flow-run execute --warm`, started before any run is due:
 * it loads Node, the CLI, the engine and the TypeScript loader, says `ready`, and waits. The worker
 * hands it one run with the environment and working directory a cold start would have had; it
 * takes them on and runs that run exactly as `flow-run execute ID` would, then exits. A run
 * handed over with `reuse` (the deployment's `reuse_processes`) leaves the process running: it
 * says `done` and waits for the next run of the same deployment, whose flow it has loaded.
 */

/** Sent by the warm process once everything a run needs is loaded. */
export interface WarmReady {
  readonly type: "steward.warm.ready";
}

/**
 * Sent by the worker: the run to execute, in this environment and directory. The run and its
 * deployment as the worker just read them come along, which spares the process two requests.
 */
export interface WarmAssignment {
  readonly type: "steward.warm.run";
  readonly flowRunId: string;
  /** The flow run (API JSON). */
  readonly flowRun: object;
  /** Its deployment (API JSON), or null when the process should read it (none, or unknown). */
  readonly deployment: object | null;
  /** The whole environment of the run (it replaces the process's own). */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** Keep the process (and the flow it loads) for more runs: say `done` after this one. */
  readonly reuse: boolean;
}

/** Sent by a reused process after each run, when it is ready for the next. */
export interface RunDone {
  readonly type: "steward.run.done";
  readonly flowRunId: string;
  /** What `flow-run execute` would have exited with: 0 completed, 1 failed. */
  readonly exitCode: number;
  /** The process's resident memory after the run. */
  readonly rssBytes: number;
}

/** Whether an IPC message is a `done` message. */
export function isRunDone(message: unknown): message is RunDone {
  const m = message as Partial<RunDone> | null;
  return (
    m?.type === "steward.run.done" &&
    typeof m.flowRunId === "string" &&
    typeof m.exitCode === "number" &&
    typeof m.rssBytes === "number"
  );
}

/**
 * Sent by every flow-run process the worker started (warm or cold) once its flow is loaded: the
 * costly part of its start is over (see start-gate.ts).
 */
export interface RunLoaded {
  readonly type: "steward.run.loaded";
}

/** The `loaded` message. */
export const RUN_LOADED: RunLoaded = Object.freeze({ type: "steward.run.loaded" });

/** Whether an IPC message is the `loaded` message. */
export function isRunLoaded(message: unknown): message is RunLoaded {
  return (message as { type?: unknown } | null)?.type === RUN_LOADED.type;
}

/** The `ready` message. */
export const WARM_READY: WarmReady = Object.freeze({ type: "steward.warm.ready" });

/** Whether an IPC message is the `ready` message. */
export function isWarmReady(message: unknown): message is WarmReady {
  return (message as { type?: unknown } | null)?.type === WARM_READY.type;
}

/** Whether an IPC message is an assignment (with every field of the right kind). */
export function isWarmAssignment(message: unknown): message is WarmAssignment {
  const m = message as Partial<WarmAssignment> | null;
  return (
    m?.type === "steward.warm.run" &&
    typeof m.flowRunId === "string" &&
    typeof m.cwd === "string" &&
    typeof m.reuse === "boolean" &&
    typeof m.flowRun === "object" &&
    m.flowRun !== null &&
    typeof m.deployment === "object" &&
    typeof m.env === "object" &&
    m.env !== null &&
    Object.values(m.env).every((value) => typeof value === "string")
  );
}

/**
 * Environment variables Node reads only when it starts (options, module paths, CA certificates,
 * the thread pool): a run whose environment gives them other values than the warm process had
 * cannot be handed to it, and starts cold.
 */
const READ_AT_START = /^(NODE_|UV_)/;

/** Whether a process started with `started` can run with `wanted` as if it had been started so. */
export function fitsWarmProcess(
  started: Readonly<Record<string, string | undefined>>,
  wanted: Readonly<Record<string, string | undefined>>,
): boolean {
  const names = new Set([...Object.keys(started), ...Object.keys(wanted)]);
  for (const name of names) {
    if (READ_AT_START.test(name) && started[name] !== wanted[name]) return false;
  }
  return true;
}
