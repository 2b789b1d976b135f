import type { StateType } from "../states.js";

/**
 * A state as the orchestration rules see it: plain data, times as UTC epoch milliseconds.
 * `details` mirrors the API's `state_details` (snake_case keys, `scheduled_time` in ms here).
 */
export interface RuleState {
  readonly type: StateType;
  readonly name: string;
  readonly timestamp: number;
  readonly message: string | null;
  readonly data: unknown;
  readonly details: RuleStateDetails;
}

export interface RuleStateDetails {
  readonly scheduled_time?: number | null;
  readonly transition_id?: string | null;
  readonly retriable?: boolean | null;
  readonly cache_key?: string | null;
  /** Identifies one `pause()` call site, so a pause that already fired is not repeated. */
  readonly pause_key?: string | null;
  /** When a paused run gives up waiting (epoch ms, like `scheduled_time`). */
  readonly pause_timeout?: number | null;
  /** True for a suspend: the process exits and the run is rescheduled on resume. */
  readonly pause_reschedule?: boolean | null;
  readonly [key: string]: unknown;
}

/** What the rules need to know about the run whose state is changing. */
export interface RuleRun {
  readonly kind: "flow_run" | "task_run";
  /** Current state, or null for a run that has none yet. */
  readonly state: RuleState | null;
  readonly runCount: number;
  readonly deploymentId: string | null;
  readonly infrastructurePid: string | null;
  readonly policy: RulePolicy;
  /** For task runs: the state type of the flow run they belong to (null when unknown/none). */
  readonly flowRunStateType?: StateType | null;
  /** For subflow runs: the parent's task run that tracks this run (subflows cannot suspend). */
  readonly parentTaskRunId?: string | null;
}

export interface RulePolicy {
  readonly retries: number | null;
  /** Seconds; a list is indexed by attempt (last entry repeats). */
  readonly retryDelay: number | readonly number[] | null;
  readonly retryJitterFactor: number | null;
  readonly retryType: "in_process" | "reschedule" | null;
  readonly pauseKeys: readonly string[];
  readonly resuming: boolean;
}

/** Inputs of one orchestration decision. `random` is injected so jitter is testable. */
export interface ProposalContext {
  readonly run: RuleRun;
  readonly proposed: RuleState;
  readonly force: boolean;
  readonly now: number;
  readonly random?: () => number;
}

/** Changes to the run's policy that a rule asks for alongside its decision. */
export interface PolicyChanges {
  readonly retryType?: "in_process" | "reschedule" | null;
  readonly pauseKeys?: readonly string[];
  readonly resuming?: boolean;
}

/**
 * The answer to a proposal.
 * - ACCEPT: write `state` (possibly renamed or amended by the rules).
 * - REJECT: write `state` instead of the proposed one, or, when `state` is null, write nothing and
 *   answer with the current state.
 * - WAIT: write nothing; the client proposes again after `delaySeconds`.
 * - ABORT: write nothing; the client must give up on this transition.
 */
export type Decision =
  | {
      readonly status: "ACCEPT";
      readonly state: RuleState;
      readonly reason: string | null;
      readonly policy?: PolicyChanges;
    }
  | {
      readonly status: "REJECT";
      readonly state: RuleState | null;
      readonly reason: string;
      readonly policy?: PolicyChanges;
    }
  | { readonly status: "WAIT"; readonly delaySeconds: number; readonly reason: string }
  | { readonly status: "ABORT"; readonly reason: string };

/** The run's bookkeeping columns, recomputed whenever a state is written. */
export interface RunBookkeeping {
  readonly runCount: number;
  readonly startTime: number | null;
  readonly endTime: number | null;
  /** Milliseconds spent in RUNNING, summed over attempts. */
  readonly totalRunTimeMs: number;
  readonly expectedStartTime: number | null;
  readonly nextScheduledStartTime: number | null;
}
