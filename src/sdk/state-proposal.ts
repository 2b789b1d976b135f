import { v7 as uuidv7 } from "uuid";
import type { OrchestrationResult, State, StateCreate } from "../api/states.js";
import type { StewardClient } from "../client/index.js";
import { sleep } from "./abort.js";

/** The answer to a proposal, once WAITs are over: the state the run is now in (when known). */
export interface ProposalOutcome {
  /** True when the proposed state was written (or had already been, by a retried request). */
  readonly accepted: boolean;
  readonly status: OrchestrationResult["status"];
  /** The run's state after the proposal: ours, the one the API chose instead, or the current one. */
  readonly state: State | null;
  readonly reason: string | null;
}

/**
 * Proposes `state` for a flow run and follows WAIT answers (sleeping `delay_seconds`, then
 * proposing again) until the API accepts, rejects or aborts. Each proposal carries a fresh
 * `transition_id`, so an HTTP retry of the same call is recognised by the API as a duplicate and
 * answered with the state it already wrote.
 */
export async function proposeFlowRunState(
  client: StewardClient,
  flowRunId: string,
  state: StateCreate,
  signal?: AbortSignal,
): Promise<ProposalOutcome> {
  for (;;) {
    const transitionId = uuidv7();
    const result = await client.call("setFlowRunState", {
      params: { id: flowRunId },
      body: { state: { ...state, state_details: { ...state.state_details, transition_id: transitionId } } },
    });
    if (result.status === "WAIT") {
      await sleep(Math.max(0, result.details.delay_seconds ?? 1) * 1000, signal);
      continue;
    }
    const ours = result.state?.state_details.transition_id === transitionId;
    return {
      accepted: result.status === "ACCEPT" || (result.status === "REJECT" && ours),
      status: result.status,
      state: result.state,
      reason: result.details.reason ?? null,
    };
  }
}

/** Milliseconds from now until a state's `scheduled_time` (0 when due or unset). */
export function msUntilScheduled(state: State | null): number {
  const at = state?.state_details.scheduled_time;
  if (!at) return 0;
  return Math.max(0, Date.parse(at) - Date.now());
}
