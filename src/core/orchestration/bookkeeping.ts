import { isTerminal, StateType } from "../states.js";
import type { RuleRun, RuleState, RunBookkeeping } from "./types.js";

/** Bookkeeping of a run that has no state yet. */
export function initialBookkeeping(): RunBookkeeping {
  return {
    runCount: 0,
    startTime: null,
    endTime: null,
    totalRunTimeMs: 0,
    expectedStartTime: null,
    nextScheduledStartTime: null,
  };
}

/** Extra facts about the run that the states alone do not tell. */
export interface BookkeepingOptions {
  /**
   * The flow run's policy says it is resuming from a pause (also through a suspend, where the
   * RUNNING follows SCHEDULED "Resuming" and PENDING rather than PAUSED).
   */
  readonly resuming?: boolean;
}

/**
 * The run's bookkeeping after the state `to` is written over `from` (null for the first state).
 * Call it with the state actually written: the proposed one, or the one a REJECT substituted.
 */
export function nextBookkeeping(
  kind: RuleRun["kind"],
  previous: RunBookkeeping,
  from: RuleState | null,
  to: RuleState,
  options: BookkeepingOptions = {},
): RunBookkeeping {
  return {
    runCount: nextRunCount(kind, previous.runCount, from, to, options),
    startTime: previous.startTime ?? (to.type === StateType.RUNNING ? to.timestamp : null),
    endTime: nextEndTime(previous.endTime, to),
    totalRunTimeMs: previous.totalRunTimeMs + timeSpentRunning(from, to),
    expectedStartTime: previous.expectedStartTime ?? scheduledTimeOf(to) ?? to.timestamp,
    nextScheduledStartTime: scheduledTimeOf(to),
  };
}

function nextRunCount(
  kind: RuleRun["kind"],
  runCount: number,
  from: RuleState | null,
  to: RuleState,
  options: BookkeepingOptions,
): number {
  // A task rerun after a terminal state gets its retries back (see HandleTaskTerminalStateTransitions).
  const leavesTerminal = from !== null && isTerminal(from.type) && !isTerminal(to.type);
  const base = kind === "task_run" && leavesTerminal ? 0 : runCount;
  if (to.type !== StateType.RUNNING) return base;
  // A resumed flow continues the same attempt; it is not a new one.
  const resumed = kind === "flow_run" && (from?.type === StateType.PAUSED || options.resuming === true);
  return resumed ? base : base + 1;
}

/** The first terminal time sticks; leaving the terminal states clears it for the rerun. */
function nextEndTime(endTime: number | null, to: RuleState): number | null {
  if (!isTerminal(to.type)) return null;
  return endTime ?? to.timestamp;
}

function timeSpentRunning(from: RuleState | null, to: RuleState): number {
  if (from?.type !== StateType.RUNNING) return 0;
  return Math.max(0, to.timestamp - from.timestamp);
}

/** Where a SCHEDULED state is due; null for every other type. */
function scheduledTimeOf(state: RuleState): number | null {
  if (state.type !== StateType.SCHEDULED) return null;
  return state.details.scheduled_time ?? state.timestamp;
}
