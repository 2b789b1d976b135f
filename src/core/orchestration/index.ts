/**
 * The orchestration rules: pure functions that decide what happens to a proposed state, and the
 * bookkeeping that follows a written one. See DESIGN.md ("The server owns the state machine").
 */
export { type BookkeepingOptions, initialBookkeeping, nextBookkeeping } from "./bookkeeping.js";
export { normaliseProposedState, type ProposedStateInput } from "./normalise.js";
export { orchestrateFlowRun, orchestrateTaskRun } from "./orchestrate.js";
export { applyPolicyChanges, runPolicy } from "./pipeline.js";
export {
  CORE_FLOW_POLICY,
  CORE_TASK_POLICY,
  insertRulesAfter,
  MINIMAL_FLOW_POLICY,
  MINIMAL_TASK_POLICY,
} from "./policy.js";
export type {
  Amend,
  FirstStateContext,
  FirstStateRule,
  Rule,
  RuleContext,
  RuleResult,
  StateFilter,
  TransitionRule,
} from "./rule.js";
export { retryDelaySeconds } from "./rules/retries.js";
export { isPersistedResult, newState } from "./state-builders.js";
export * from "./types.js";
