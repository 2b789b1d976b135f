import type { StewardClient } from "../client/index.js";
import { MissingContextError } from "./errors.js";
import { sdkState } from "./global-state.js";
import type { RunSession } from "./session.js";

/** What user code can learn about the flow run it is part of. */
export interface FlowRunInfo {
  /** Id of the flow run (a client-side UUIDv7 when untracked). */
  readonly id: string;
  /** Display name, e.g. "sturdy-leech". */
  readonly name: string;
  readonly flowName: string;
  /** The validated parameters (defaults applied). */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly tags: readonly string[];
  /** Which attempt is running: 1 on the first, 2 on the first retry… */
  readonly runCount: number;
  /** True when the run is reported to an API. */
  readonly tracked: boolean;
}

/** What user code can learn about the task run it is part of. */
export interface TaskRunInfo {
  readonly id: string;
  readonly name: string;
  /** Stable identity of the task function: `${name}-${hash of its source}`. */
  readonly taskKey: string;
  /** Which call of this task within the flow run: "0", "1"… */
  readonly dynamicKey: string;
  /** Which attempt is running: 1 on the first, 2 on the first retry… */
  readonly runCount: number;
}

/**
 * The run that the calling code belongs to. `taskRun` is set inside a task; `flowRun` is set inside
 * a flow (and inside its tasks).
 */
export interface RunContext {
  readonly flowRun: FlowRunInfo | undefined;
  readonly taskRun: TaskRunInfo | undefined;
  /** Client of the API the run reports to; null when untracked. */
  readonly client: StewardClient | null;
  /**
   * Aborted when the run is cancelled or times out. Pass it to `fetch` and other cancellable work
   * so a cancelled run stops promptly (JavaScript cannot interrupt a running function).
   */
  readonly signal: AbortSignal;
}

/** Internal state of one flow run while it executes. */
export interface FlowRunScope extends FlowRunInfo {
  runCount: number;
  readonly session: RunSession;
  /** Aborted (with a CancelledError) when the run is cancelled; never reset. */
  readonly cancellation: AbortController;
  /** The current attempt's signal: cancellation or this attempt's timeout. */
  signal: AbortSignal;
  /** Next dynamic key per task key; survives flow retries so every task run gets a fresh key. */
  readonly taskCounters: Map<string, number>;
  /** Task runs started and not finished, so an abandoned attempt can close them. */
  readonly openTasks: Set<OpenTaskRun>;
  readonly parent: FlowRunScope | undefined;
}

/** A task run in flight, as its flow run tracks it. */
export interface OpenTaskRun {
  /** Set when the flow run ended first; the task must then record nothing more. */
  closed: boolean;
  /** Records a final state for the task run on behalf of the flow run that is ending. */
  close(type: "CANCELLED" | "FAILED", name: string, message: string): void;
}

/** Internal state of one task run while it executes. */
export interface TaskRunScope extends TaskRunInfo {
  runCount: number;
  readonly flowRunId: string | null;
}

/** What the async-local storage holds for the current call chain. */
export interface RunScope {
  readonly flowRun: FlowRunScope | undefined;
  readonly taskRun: TaskRunScope | undefined;
  readonly signal: AbortSignal;
}

/** The current scope, or undefined outside any run. */
export function currentScope(): RunScope | undefined {
  return sdkState.storage.getStore();
}

/** Runs `fn` with `scope` as the current run scope. */
export function runInScope<T>(scope: RunScope, fn: () => T): T {
  return sdkState.storage.run(scope, fn);
}

/**
 * The flow run and task run the calling code belongs to.
 *
 * @throws MissingContextError when called outside a flow or task run.
 * @example
 * const etl = flow({ name: "etl" }, async () => {
 *   const { flowRun } = getRunContext();
 *   getRunLogger().info(`run ${flowRun?.name} attempt ${flowRun?.runCount}`);
 * });
 */
export function getRunContext(): RunContext {
  const scope = currentScope();
  if (!scope) {
    throw new MissingContextError(
      "getRunContext() was called outside a flow or task run. Call it from inside a function passed to flow() or task().",
    );
  }
  return {
    flowRun: scope.flowRun,
    taskRun: scope.taskRun,
    client: scope.flowRun?.session.client ?? null,
    signal: scope.signal,
  };
}
