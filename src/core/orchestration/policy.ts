import type { Rule } from "./rule.js";
import {
  bypassCancellingFlowRunsWithNoInfra,
  enforceCancellingToCancelledTransition,
} from "./rules/cancelling.js";
import { acceptFirstState } from "./rules/first-state.js";
import { ensureOnlyScheduledFlowsMarkedLate } from "./rules/mark-late.js";
import { handlePausingFlows, handleResumingPausedFlows } from "./rules/pausing.js";
import { preventDuplicateTransitions } from "./rules/prevent-duplicate-transitions.js";
import { preventPendingTransitions } from "./rules/prevent-pending-transitions.js";
import { renameReruns, retryFailedFlows, retryFailedTasks } from "./rules/retries.js";
import { copyScheduledTime, waitForScheduledTime } from "./rules/scheduled-time.js";
import { preventRunningTasksFromStoppedFlows } from "./rules/stopped-flows.js";
import {
  handleFlowTerminalStateTransitions,
  handleTaskTerminalStateTransitions,
  preventResultDataLoss,
} from "./rules/terminal-transitions.js";

/**
 * The flow-run rules, in Prefect's CoreFlowPolicy order. Deployment concurrency
 * (ValidateDeploymentConcurrencyAtRunning, SecureFlowConcurrencySlots) belongs right after
 * PreventPendingTransitions; add it with `insertRulesAfter(CORE_FLOW_POLICY, "PreventPendingTransitions", …)`.
 */
export const CORE_FLOW_POLICY: readonly Rule[] = [
  acceptFirstState,
  preventDuplicateTransitions,
  handleFlowTerminalStateTransitions,
  enforceCancellingToCancelledTransition,
  bypassCancellingFlowRunsWithNoInfra,
  preventPendingTransitions,
  ensureOnlyScheduledFlowsMarkedLate,
  handlePausingFlows,
  handleResumingPausedFlows,
  copyScheduledTime,
  waitForScheduledTime,
  retryFailedFlows,
];

/** The flow-run rules for forced proposals: only the ones that protect data or skip dead teardowns. */
export const MINIMAL_FLOW_POLICY: readonly Rule[] = [
  acceptFirstState,
  preventResultDataLoss,
  bypassCancellingFlowRunsWithNoInfra,
];

/** The task-run rules, in Prefect's CoreTaskPolicy order (without caching and tag concurrency). */
export const CORE_TASK_POLICY: readonly Rule[] = [
  acceptFirstState,
  handleTaskTerminalStateTransitions,
  preventRunningTasksFromStoppedFlows,
  copyScheduledTime,
  waitForScheduledTime,
  retryFailedTasks,
  renameReruns,
];

/** Forced task-run proposals are written as they are, as in Prefect's MinimalTaskPolicy. */
export const MINIMAL_TASK_POLICY: readonly Rule[] = [acceptFirstState];

/**
 * A copy of `policy` with `rules` inserted right after the rule named `anchor`. Throws when the
 * anchor is missing, because a rule silently left out of a policy is a correctness bug.
 */
export function insertRulesAfter(policy: readonly Rule[], anchor: string, ...rules: Rule[]): Rule[] {
  const index = policy.findIndex((rule) => rule.name === anchor);
  if (index < 0) {
    const names = policy.map((rule) => rule.name).join(", ");
    throw new Error(`No rule named "${anchor}" in the policy; pick one of: ${names}.`);
  }
  return [...policy.slice(0, index + 1), ...rules, ...policy.slice(index + 1)];
}
