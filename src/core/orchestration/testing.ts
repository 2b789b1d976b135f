import { defaultStateName, type StateType } from "../states.js";
import type { Decision, ProposalContext, RulePolicy, RuleRun, RuleState } from "./types.js";

/**
 * Builders for orchestration inputs, so that tests (here and in the server) can state only what
 * matters for a case. Everything else gets a quiet default.
 */

/** A fixed clock for tests: 2025-01-01T00:00:00Z. */
export const TEST_NOW = Date.UTC(2025, 0, 1);

/** A state of `type` at `TEST_NOW`, named after its type unless `overrides` say otherwise. */
export function stateOf(type: StateType, overrides: Partial<RuleState> = {}): RuleState {
  return {
    type,
    name: defaultStateName(type),
    timestamp: TEST_NOW,
    message: null,
    data: null,
    details: {},
    ...overrides,
  };
}

/** A policy with no retries, no pauses and no retry type. */
export function policyOf(overrides: Partial<RulePolicy> = {}): RulePolicy {
  return {
    retries: null,
    retryDelay: null,
    retryJitterFactor: null,
    retryType: null,
    pauseKeys: [],
    resuming: false,
    ...overrides,
  };
}

/** A run of `kind` in `state` with an ad-hoc, never-run default. */
export function runOf(
  kind: RuleRun["kind"],
  state: RuleState | null,
  overrides: Partial<Omit<RuleRun, "kind" | "state">> = {},
): RuleRun {
  return {
    kind,
    state,
    runCount: 0,
    deploymentId: null,
    infrastructurePid: null,
    policy: policyOf(),
    ...overrides,
  };
}

/** A proposal of `proposed` for `run`, unforced, at `TEST_NOW`, with a fixed `random` of 0.5. */
export function proposalOf(
  run: RuleRun,
  proposed: RuleState,
  overrides: Partial<Omit<ProposalContext, "run" | "proposed">> = {},
): ProposalContext {
  return { run, proposed, force: false, now: TEST_NOW, random: () => 0.5, ...overrides };
}

/** A result reference as the SDK stores it for a persisted result. */
export const PERSISTED_RESULT = { type: "json", storage_key: "results/5f1c.json" } as const;

/**
 * A one-line summary of a decision for table-driven tests: "ACCEPT RUNNING/Running",
 * "REJECT null", "REJECT SCHEDULED/AwaitingRetry", "WAIT 30s" or "ABORT".
 */
export function summarise(decision: Decision): string {
  switch (decision.status) {
    case "ACCEPT":
      return `ACCEPT ${decision.state.type}/${decision.state.name}`;
    case "REJECT":
      return decision.state ? `REJECT ${decision.state.type}/${decision.state.name}` : "REJECT null";
    case "WAIT":
      return `WAIT ${decision.delaySeconds}s`;
    case "ABORT":
      return "ABORT";
  }
}
