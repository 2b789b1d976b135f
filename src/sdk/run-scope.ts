/**
 * @module The state of the runs in progress: which flow run and task run the current async call chain
 * belongs to, and what a top-level flow run shares with its tasks and subflows (its session). This
 * module owns that state; the logger, the runners, events and the public run context read it here.
 * It imports no other module of the SDK that could import it back (only types and the process-wide slot).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { LogCreate } from "../api/logs.js";
import type { TaskRunStateRecord } from "../api/task-runs.js";
import type { StewardClient } from "../client/index.js";
import type { Settings } from "../config/settings.js";
import type { Batcher } from "./batcher.js";
import { processWide } from "./process-wide.js";
import type { FlowRunInfo, TaskRunInfo } from "./run-info.js";

/**
 * What a top-level flow run and all its tasks and subflows share: the settings, the API client and
 * the two batchers. Untracked sessions have no client and no batchers.
 */
export interface RunSession {
  readonly settings: Settings;
  readonly client: StewardClient | null;
  readonly logs: Batcher<LogCreate> | null;
  readonly taskStates: Batcher<TaskRunStateRecord> | null;
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

/** Holds the scope of the flow or task run the current async call chain belongs to. */
const storage = processWide("run-scope.v1", () => new AsyncLocalStorage<RunScope>());

/** The current scope, or undefined outside any run. */
export function currentScope(): RunScope | undefined {
  return storage.getStore();
}

/** Runs `fn` with `scope` as the current run scope. */
export function runInScope<T>(scope: RunScope, fn: () => T): T {
  return storage.run(scope, fn);
}
