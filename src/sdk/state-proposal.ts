import type { State } from "../api/states.js";

export { type ProposalOutcome, type ProposalWait, proposeFlowRunState } from "../client/propose-state.js";

/** Milliseconds from now until a state's `scheduled_time` (0 when due or unset). */
export function msUntilScheduled(state: State | null): number {
  const at = state?.state_details.scheduled_time;
  if (!at) return 0;
  return Math.max(0, Date.parse(at) - Date.now());
}
