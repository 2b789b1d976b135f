import type { StateCreate } from "../api/states.js";
import type { StewardClient } from "../client/index.js";
import { type ProposalOutcome, proposeFlowRunState } from "../client/propose-state.js";
import { isTerminal, StateType } from "../core/states.js";

/** The answer to a worker's proposal: whether it was written, and the run's state now. */
export type WorkerProposal = ProposalOutcome;

/**
 * Proposes a state for a flow run on behalf of the worker. A WAIT answer is followed a few times
 * only, and never for long: the worker's proposals are bookkeeping, never something to wait
 * minutes for.
 */
export function proposeState(
  client: StewardClient,
  flowRunId: string,
  state: StateCreate,
  force = false,
): Promise<WorkerProposal> {
  return proposeFlowRunState(client, flowRunId, state, { force, maxWaits: 5, maxWaitSeconds: 5 });
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
