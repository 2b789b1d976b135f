import { v7 as uuidv7 } from "uuid";
import type { OrchestrationResult, State, StateCreate } from "../api/states.js";
import type { StewardClient } from "./client.js";
import { sleep } from "./sleep.js";

/** The answer to a proposal, once WAITs are over: the state the run is now in (when known). */
export interface ProposalOutcome {
  /** True when the proposed state was written (or had already been, by a retried request). */
  readonly accepted: boolean;
  readonly status: OrchestrationResult["status"];
  /** The run's state after the proposal: ours, the one the API chose instead, or the current one. */
  readonly state: State | null;
  readonly reason: string | null;
}

/** A WAIT answer the proposal is about to sleep for. */
export interface ProposalWait {
  /** How long the API asked to wait before proposing again. */
  readonly delaySeconds: number;
  readonly reason: string | null;
  /** The run's current state (its `scheduled_time` says what it waits for). */
  readonly state: State | null;
}

/** How a proposal follows the API's answers. */
export interface ProposeOptions {
  /** Skip most orchestration rules (`force` in the API). @default false */
  readonly force?: boolean;
  /** Aborts a WAIT sleep: the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** WAIT answers followed before the last answer is returned as it is. @default Infinity */
  readonly maxWaits?: number;
  /** Longest single WAIT sleep, in seconds. @default Infinity */
  readonly maxWaitSeconds?: number;
  /** Told of each WAIT answer before its sleep (to say why nothing happens yet). */
  readonly onWait?: (wait: ProposalWait) => void;
  /** Retries of each request when the API is unreachable or busy. @default the client's */
  readonly retries?: number;
}

/**
 * Proposes `state` for a flow run and follows WAIT answers (sleeping `delay_seconds`, then
 * proposing again) until the API accepts, rejects or aborts. Each proposal carries a fresh
 * `transition_id`, so an HTTP retry of the same call is recognised by the API as a duplicate and
 * answered with the state it already wrote — which counts as accepted.
 */
export async function proposeFlowRunState(
  client: StewardClient,
  flowRunId: string,
  state: StateCreate,
  options: ProposeOptions = {},
): Promise<ProposalOutcome> {
  const maxWaits = options.maxWaits ?? Number.POSITIVE_INFINITY;
  for (let waits = 0; ; waits++) {
    const transitionId = uuidv7();
    const result = await client.call("setFlowRunState", {
      params: { id: flowRunId },
      body: {
        state: { ...state, state_details: { ...state.state_details, transition_id: transitionId } },
        force: options.force ?? false,
      },
      retries: options.retries,
    });
    if (result.status === "WAIT" && waits < maxWaits) {
      const seconds = Math.min(
        options.maxWaitSeconds ?? Number.POSITIVE_INFINITY,
        result.details.delay_seconds ?? 1,
      );
      options.onWait?.({ delaySeconds: seconds, reason: result.details.reason ?? null, state: result.state });
      await sleep(Math.max(0, seconds) * 1000, options.signal);
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
