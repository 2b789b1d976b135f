import { defaultStateName, StateName, StateType } from "../states.js";
import type { RuleState, RuleStateDetails } from "./types.js";

/** Optional parts of a state built by a rule. */
export interface StateFields {
  readonly name?: string;
  readonly message?: string | null;
  readonly data?: unknown;
  readonly details?: RuleStateDetails;
}

/** A fresh state of `type` stamped `now`, named after its type unless `fields.name` says otherwise. */
export function newState(type: StateType, now: number, fields: StateFields = {}): RuleState {
  return {
    type,
    name: fields.name ?? defaultStateName(type),
    timestamp: now,
    message: fields.message ?? null,
    data: fields.data ?? null,
    details: fields.details ?? {},
  };
}

/** The SCHEDULED "AwaitingRetry" state a failed run is sent to when it has retries left. */
export function awaitingRetryState(now: number, scheduledTime: number, failed: RuleState): RuleState {
  return newState(StateType.SCHEDULED, now, {
    name: StateName.AwaitingRetry,
    message: failed.message,
    data: failed.data,
    details: { scheduled_time: scheduledTime },
  });
}

/**
 * True when `data` points at a stored result. Only such results are worth protecting: an
 * unpersisted result cannot be read back, so re-running the work loses nothing.
 */
export function isPersistedResult(data: unknown): boolean {
  if (typeof data !== "object" || data === null) return false;
  const record = data as Record<string, unknown>;
  return record.storage_key !== undefined && record.storage_key !== null && record.type !== "unpersisted";
}

/** True when `state` is COMPLETED with a persisted result. */
export function isPersistedCompletion(state: RuleState): boolean {
  return state.type === StateType.COMPLETED && isPersistedResult(state.data);
}
