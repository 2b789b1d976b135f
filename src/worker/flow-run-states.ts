import { v7 as uuidv7 } from "uuid";
import type { OrchestrationResult, State, StateCreate } from "../api/states.js";
import type { StewardClient } from "../client/index.js";
import { isTerminal, StateType } from "../core/states.js";
import { sleepUnlessAborted } from "./waiting.js";

/** The answer to a worker's proposal: whether it was written, and the run's state now. */
export interface WorkerProposal {
  readonly accepted: boolean;
  readonly status: OrchestrationResult["status"];
  readonly state: State | null;
  readonly reason: string | null;
}

/** A WAIT answer is honoured this many times before the worker gives up on a proposal. */
const MAX_WAITS = 5;

/**
 * Proposes a state for a flow run on behalf of the worker. A transition id makes an HTTP retry of
 * the same proposal harmless; a WAIT answer is followed a few times (the worker's proposals are
 * bookkeeping, never something to wait minutes for).
 */
export async function proposeState(
  client: StewardClient,
  flowRunId: string,
  state: StateCreate,
  force = false,
): Promise<WorkerProposal> {
  for (let waits = 0; ; waits++) {
    const transitionId = uuidv7();
    const result = await client.call("setFlowRunState", {
      params: { id: flowRunId },
      body: {
        state: { ...state, state_details: { ...state.state_details, transition_id: transitionId } },
        force,
      },
    });
    if (result.status === "WAIT" && waits < MAX_WAITS) {
      await sleepUnlessAborted(Math.min(5, Math.max(0.1, result.details.delay_seconds ?? 1)) * 1000);
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

/**
 * Ends a cancelled run CANCELLED, unless it already ended (a run that completed just before the
 * cancellation arrived keeps its result). Forces the state when the rules refuse it, because the
 * run's processes are gone and nothing else would ever finish the cancellation.
 */
export async function markCancelled(
  client: StewardClient,
  flowRunId: string,
  message: string,
): Promise<void> {
  const run = await client.call("readFlowRun", { params: { id: flowRunId } });
  if (run.state_type && isTerminal(run.state_type)) return;
  const state: StateCreate = { type: StateType.CANCELLED, name: "Cancelled", message };
  const outcome = await proposeState(client, flowRunId, state);
  if (outcome.accepted || outcome.state?.type === StateType.CANCELLED) return;
  await proposeState(client, flowRunId, state, true);
}
