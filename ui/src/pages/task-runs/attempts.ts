/**
 * @module A task run's attempts, read from its state history. Each RUNNING state starts an attempt
 * (the SDK names the second and later ones Retrying); the next state ends it: AwaitingRetry
 * (SCHEDULED) when it failed and will be tried again, or the run's final state. The message of
 * that state is the attempt's error.
 */
import type { State } from "../../../../src/api/states.js";
import type { StateType } from "../../../../src/core/states.js";

/** One attempt of a task run. */
export interface Attempt {
  /** 1 for the first run, 2 for the first retry… */
  readonly number: number;
  /** Epoch ms when it started running. */
  readonly start: number;
  /** Epoch ms when it ended; null while it runs. */
  readonly end: number | null;
  /** The state that ended it (null while it runs). */
  readonly outcome: State | null;
  /** True when it ended in failure, whether or not a retry followed. */
  readonly failed: boolean;
}

const FAILURES: ReadonlySet<StateType> = new Set(["FAILED", "CRASHED"]);

/** The attempts in `states` (any order), oldest first. */
export function attemptsOf(states: readonly State[]): Attempt[] {
  const ordered = [...states].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  const attempts: Attempt[] = [];
  let open: { start: number } | null = null;
  for (const state of ordered) {
    const at = Date.parse(state.timestamp);
    if (state.type === "RUNNING") {
      // A RUNNING right after another (a re-sent state) continues the same attempt.
      if (open === null) open = { start: at };
      continue;
    }
    if (open === null) continue;
    attempts.push({
      number: attempts.length + 1,
      start: open.start,
      end: at,
      outcome: state,
      // AwaitingRetry is SCHEDULED, but the attempt before it failed.
      failed: FAILURES.has(state.type) || state.type === "SCHEDULED",
    });
    open = null;
  }
  if (open !== null)
    attempts.push({
      number: attempts.length + 1,
      start: open.start,
      end: null,
      outcome: null,
      failed: false,
    });
  return attempts;
}

/** States grouped by the task run they belong to (`state_details.task_run_id`). */
export function statesByTaskRun(states: readonly State[]): Map<string, State[]> {
  const groups = new Map<string, State[]>();
  for (const state of states) {
    const id = state.state_details.task_run_id;
    if (!id) continue;
    const group = groups.get(id);
    if (group) group.push(state);
    else groups.set(id, [state]);
  }
  return groups;
}

/** The state type an attempt's bar is coloured by: its outcome's, Failed for a retried failure. */
export function attemptColourType(attempt: Attempt): StateType {
  if (!attempt.outcome) return "RUNNING";
  return attempt.failed && attempt.outcome.type === "SCHEDULED" ? "FAILED" : attempt.outcome.type;
}
