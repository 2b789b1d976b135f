/**
 * @module Proposing flow-run states from the UI and saying, in words, what the server answered.
 * The server owns the state machine: a proposal may be accepted, replaced by another state
 * (REJECT with a state), refused (REJECT / ABORT) or delayed (WAIT).
 */
import type { FlowRun } from "../../../../src/api/flow-runs.js";
import type { OrchestrationResult, StateCreate } from "../../../../src/api/states.js";
import { isTerminal, type StateType } from "../../../../src/core/states.js";
import { callApi } from "../../api/client.js";

/** What the UI tells the person after a proposal: a tone for the banner and a sentence. */
export interface ProposalOutcome {
  readonly tone: "ok" | "error";
  readonly message: string;
  /** The state the run is in now, when the server set one. */
  readonly stateType?: StateType;
}

const label = (type: string) => type.charAt(0) + type.slice(1).toLowerCase();

/** Proposes `state` for a run and describes the answer. API errors (404, 422…) throw. */
export async function proposeFlowRunState(
  flowRunId: string,
  state: StateCreate,
  force = false,
): Promise<OrchestrationResult> {
  return callApi("setFlowRunState", { params: { id: flowRunId }, body: { state, force } });
}

/**
 * "The run is now Cancelled", "The server rejected Running (REJECT): the run is being cancelled…",
 * in the words of the server's reason. `previousStateId` tells a REJECT that wrote another state
 * apart from one that left the run as it was (both answer with the run's state).
 */
export function describeOutcome(
  proposed: StateType,
  result: OrchestrationResult,
  previousStateId: string | null,
): ProposalOutcome {
  const reason = result.details.reason ? `: ${result.details.reason}` : ".";
  const now = result.state?.type;
  switch (result.status) {
    case "ACCEPT":
      return {
        tone: "ok",
        message: `The run is now ${result.state?.name ?? label(proposed)}.`,
        stateType: now,
      };
    case "REJECT":
      // A rejection that sets another state is the server choosing a better one (e.g. CANCELLED
      // straight away for a run that had nothing running), not a refusal.
      if (result.state && result.state.id !== previousStateId)
        return {
          tone: "ok",
          message: `The server set ${result.state.name} instead of ${label(proposed)}${reason}`,
          stateType: now,
        };
      return { tone: "error", message: `The server rejected ${label(proposed)} (REJECT)${reason}` };
    case "ABORT":
      return { tone: "error", message: `The server refused ${label(proposed)} (ABORT)${reason}` };
    case "WAIT":
      return {
        tone: "error",
        message: `The server asked to wait ${result.details.delay_seconds ?? 0}s before ${label(proposed)} (WAIT)${reason}`,
      };
  }
}

/** True when cancelling makes sense: the run is not over yet. */
export function canCancel(run: Pick<FlowRun, "state_type">): boolean {
  return run.state_type !== null && !isTerminal(run.state_type) && run.state_type !== "CANCELLING";
}

/** The result of cancelling several runs. */
export interface CancelReport {
  readonly cancelled: number;
  /** Runs that could not be cancelled, with why. */
  readonly failed: readonly { readonly name: string; readonly reason: string }[];
}

/**
 * Proposes CANCELLING for each run that is not over (a few at a time, so a big selection does not
 * flood the server) and counts the ones that reached CANCELLING or CANCELLED.
 */
export async function cancelRuns(
  runs: readonly Pick<FlowRun, "id" | "name" | "state_id" | "state_type" | "state_name">[],
): Promise<CancelReport> {
  let cancelled = 0;
  const failed: { name: string; reason: string }[] = [];
  const queue = [...runs];
  const worker = async () => {
    for (let run = queue.shift(); run; run = queue.shift()) {
      if (!canCancel(run)) {
        failed.push({
          name: run.name,
          reason: `it is already ${run.state_name ?? label(run.state_type ?? "unknown")}`,
        });
        continue;
      }
      try {
        const result = await proposeFlowRunState(run.id, {
          type: "CANCELLING",
          message: "Cancelled from the UI",
        });
        if (result.state?.type === "CANCELLING" || result.state?.type === "CANCELLED") cancelled++;
        else
          failed.push({
            name: run.name,
            reason: describeOutcome("CANCELLING", result, run.state_id).message,
          });
      } catch (error) {
        failed.push({ name: run.name, reason: error instanceof Error ? error.message : String(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, queue.length) }, worker));
  return { cancelled, failed };
}
