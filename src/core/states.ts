/**
 * Terminology. A **flow** is a TypeScript function registered with `flow()`; a **flow run** is one
 * execution of it. A **task** is a function registered with `task()`; a **task run** is one call of
 * it inside a flow run. Every run moves through **states**: the server owns the state machine, and
 * clients *propose* a state, which the orchestration rules accept, reject, delay or abort.
 */

/** The state types a flow run or task run can be in. */
export const StateType = {
  SCHEDULED: "SCHEDULED",
  PENDING: "PENDING",
  RUNNING: "RUNNING",
  COMPLETED: "COMPLETED",
  FAILED: "FAILED",
  CANCELLED: "CANCELLED",
  CRASHED: "CRASHED",
  PAUSED: "PAUSED",
  CANCELLING: "CANCELLING",
} as const;

export type StateType = (typeof StateType)[keyof typeof StateType];

/** Every state type, in a stable order (for validation messages and enums). */
export const STATE_TYPES = Object.values(StateType) as readonly StateType[];

/** States a run never leaves on its own: the run is over. */
export const TERMINAL_STATE_TYPES: ReadonlySet<StateType> = new Set([
  StateType.COMPLETED,
  StateType.FAILED,
  StateType.CANCELLED,
  StateType.CRASHED,
]);

/** States in which a run holds its infrastructure (and any concurrency slot). */
export const ACTIVE_STATE_TYPES: ReadonlySet<StateType> = new Set([
  StateType.PENDING,
  StateType.RUNNING,
  StateType.CANCELLING,
]);

/** True when `type` is COMPLETED, FAILED, CANCELLED or CRASHED. */
export function isTerminal(type: StateType): boolean {
  return TERMINAL_STATE_TYPES.has(type);
}

/** The display name a state gets when the proposer gave none ("Running" for RUNNING). */
export function defaultStateName(type: StateType): string {
  return type.charAt(0) + type.slice(1).toLowerCase();
}

/** Well-known state names that orchestration rules look at. */
export const StateName = {
  Late: "Late",
  AwaitingRetry: "AwaitingRetry",
  Retrying: "Retrying",
  Rerunning: "Rerunning",
  TimedOut: "TimedOut",
  Crashed: "Crashed",
  Cancelled: "Cancelled",
  Pending: "Pending",
  Resuming: "Resuming",
} as const;

/** Numeric log levels, as Python's logging uses them (and Prefect's API stores them). */
export const LogLevel = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, CRITICAL: 50 } as const;
export type LogLevelName = keyof typeof LogLevel;
