import { defaultStateName, StateType } from "../states.js";
import type { RuleState, RuleStateDetails } from "./types.js";

/** A state as a client may propose it: only the type is required. */
export interface ProposedStateInput {
  readonly type: StateType;
  readonly name?: string | null;
  readonly timestamp?: number | null;
  readonly message?: string | null;
  readonly data?: unknown;
  readonly details?: RuleStateDetails | null;
}

/**
 * Fills in what a proposal may leave out, so the rules always see a complete state: the name
 * comes from the type ("Running"), the timestamp is `now`, and a SCHEDULED state without a time is
 * due `now` (a run scheduled "for no particular time" should start as soon as possible).
 */
export function normaliseProposedState(input: ProposedStateInput, now: number): RuleState {
  const details: RuleStateDetails = { ...input.details };
  const scheduled =
    input.type === StateType.SCHEDULED && details.scheduled_time == null
      ? { ...details, scheduled_time: now }
      : details;
  return {
    type: input.type,
    name: input.name || defaultStateName(input.type),
    timestamp: input.timestamp ?? now,
    message: input.message ?? null,
    data: input.data ?? null,
    details: scheduled,
  };
}
