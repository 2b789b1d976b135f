import { newId } from "../core/ids.js";
import type { StateType } from "../core/states.js";
import type { ParameterValidationError } from "./errors.js";
import type { FlowDefinition } from "./flow-definition.js";
import { retryDelaySeconds } from "./retry-policy.js";
import type { ProposalWait } from "./state-proposal.js";

/**
 * Where a flow run's states go. The runner drives every run through the same steps; a tracked run
 * proposes each state to the API (which may delay, redirect or refuse it), an untracked one only
 * applies the flow's own retry policy.
 */
export interface FlowRunReporter {
  readonly id: string;
  readonly name: string;
  readonly tracked: boolean;
  /** Attempts that entered RUNNING so far (the API's `run_count` for tracked runs). */
  readonly runCount: number;
  /**
   * Moves the run to RUNNING, first waiting as long as the API says (a run claimed before its
   * scheduled time waits for it; `onWait` hears of each wait). Throws AbortError or
   * CancelledError when it must not run, or the signal's reason when it aborts meanwhile.
   */
  begin(signal: AbortSignal, onWait?: (wait: ProposalWait) => void): Promise<void>;
  /** Moves the run to COMPLETED. Throws CancelledError when the run was cancelled meanwhile. */
  complete(value: unknown): Promise<void>;
  /** Moves the run to FAILED, or to AwaitingRetry: resolves with the ms to wait before retrying, or null. */
  fail(error: unknown, message: string, stateName: string): Promise<number | null>;
  /** Moves the run to CANCELLED (unless it already is). */
  cancel(message: string): Promise<void>;
  /** Fails a run that never started (invalid parameters). */
  failFast(error: ParameterValidationError): Promise<void>;
  /** Stops background work (the cancellation check). */
  dispose(): void;
}

/** Called with every state a flow run enters, to mirror it onto the parent's subflow task run. */
export type StateMirror = (
  type: StateType,
  name: string,
  message: string | null,
  scheduledTime?: string,
) => void;

/** An untracked flow run: runs, retries and times out in-process, reporting to no one. */
export class LocalFlowRun implements FlowRunReporter {
  readonly id = newId();
  readonly tracked = false;
  runCount = 0;
  readonly #definition: FlowDefinition;
  readonly #mirror: StateMirror;

  constructor(
    readonly name: string,
    definition: FlowDefinition,
    mirror: StateMirror,
  ) {
    this.#definition = definition;
    this.#mirror = mirror;
  }

  async begin(): Promise<void> {
    this.runCount++;
    this.#mirror("RUNNING", this.runCount > 1 ? "Retrying" : "Running", null);
  }

  async complete(): Promise<void> {
    this.#mirror("COMPLETED", "Completed", null);
  }

  async fail(_error: unknown, message: string, stateName: string): Promise<number | null> {
    const { options } = this.#definition;
    if (this.runCount > (options.retries ?? 0)) {
      this.#mirror("FAILED", stateName, message);
      return null;
    }
    const delayMs = Math.round(retryDelaySeconds(options, this.runCount) * 1000);
    this.#mirror("SCHEDULED", "AwaitingRetry", message, new Date(Date.now() + delayMs).toISOString());
    return delayMs;
  }

  async cancel(message: string): Promise<void> {
    this.#mirror("CANCELLED", "Cancelled", message);
  }

  async failFast(error: ParameterValidationError): Promise<void> {
    this.#mirror("FAILED", "Failed", error.message);
  }

  dispose(): void {}
}
