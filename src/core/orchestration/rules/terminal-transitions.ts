import { isTerminal, StateType } from "../../states.js";
import {
  abort,
  amend,
  type RuleContext,
  type RuleResult,
  reject,
  states,
  type TransitionRule,
} from "../rule.js";
import { isPersistedCompletion, isPersistedResult } from "../state-builders.js";
import type { RuleState } from "../types.js";

const TERMINAL = states(StateType.COMPLETED, StateType.FAILED, StateType.CANCELLED, StateType.CRASHED);

/** A finished run has no infrastructure to cancel, nothing to pause, and cannot crash any more. */
const NEVER_AFTER_TERMINAL = states(StateType.CANCELLING, StateType.PAUSED, StateType.CRASHED);

function abortIfNeverAfterTerminal({ initial, proposed }: RuleContext): RuleResult {
  if (!NEVER_AFTER_TERMINAL.has(proposed.type)) return undefined;
  return abort(
    `The run is already ${initial.type} and cannot become ${proposed.type}; ` +
      "propose SCHEDULED or RUNNING to run it again.",
  );
}

const ALREADY_COMPLETED =
  "The run already COMPLETED with a persisted result, which a rerun would replace; " +
  "create a new run instead, or use force to override.";

/**
 * Flow runs leaving a terminal state. Such runs may be rerun (that is how "Retry" in the UI works),
 * except when that would discard a persisted result or reschedule a run no worker could pick up.
 * A rerun starts with fresh pause bookkeeping, and `retry_type` records whether a worker must start
 * it again ("reschedule") or the proposing process runs it itself (null).
 */
export const handleFlowTerminalStateTransitions: TransitionRule = {
  name: "HandleFlowTerminalStateTransitions",
  from: TERMINAL,
  to: "any",
  apply: (ctx) => {
    const { initial, proposed, run } = ctx;
    const aborted = abortIfNeverAfterTerminal(ctx);
    if (aborted) return aborted;
    if (isPersistedCompletion(initial) && wouldLoseResult(proposed)) {
      return reject(null, ALREADY_COMPLETED);
    }
    if (proposed.type === StateType.SCHEDULED && run.deploymentId === null) {
      return abort(
        "Cannot reschedule a run that has no deployment: no worker could pick it up. " +
          "Propose RUNNING from the process that runs it instead.",
      );
    }
    if (isTerminal(proposed.type)) return undefined;
    const retryType = proposed.type === StateType.SCHEDULED ? "reschedule" : null;
    return amend({ policy: { pauseKeys: [], resuming: false, retryType } });
  },
};

/** A persisted COMPLETED may only be followed by another final state that keeps a stored result. */
function wouldLoseResult(proposed: RuleState): boolean {
  if (!isTerminal(proposed.type)) return true;
  return proposed.type === StateType.COMPLETED && !isPersistedResult(proposed.data);
}

/**
 * Task runs leaving a terminal state. A task whose persisted result exists never runs again (the
 * flow reads the stored result instead). Otherwise a rerun resets the run count, so that a task
 * rerun by a flow retry gets its own retries again; the bookkeeping applies the same reset when the
 * state is written (see `nextBookkeeping`).
 */
export const handleTaskTerminalStateTransitions: TransitionRule = {
  name: "HandleTaskTerminalStateTransitions",
  from: TERMINAL,
  to: "any",
  apply: (ctx) => {
    const aborted = abortIfNeverAfterTerminal(ctx);
    if (aborted) return aborted;
    if (isPersistedCompletion(ctx.initial)) return reject(null, ALREADY_COMPLETED);
    return isTerminal(ctx.proposed.type) ? undefined : amend({ runCount: 0 });
  },
};

/**
 * Forced proposals skip almost every rule, but must still not replace a persisted COMPLETED by a
 * COMPLETED without a stored result: that would silently lose the only pointer to the data.
 */
export const preventResultDataLoss: TransitionRule = {
  name: "PreventResultDataLoss",
  from: states(StateType.COMPLETED),
  to: states(StateType.COMPLETED),
  apply: ({ initial, proposed }) => {
    if (!isPersistedResult(initial.data) || isPersistedResult(proposed.data)) return undefined;
    return reject(
      null,
      "The run already COMPLETED with a persisted result; a COMPLETED state without one " +
        "would lose it. Propose a state that carries the stored result.",
    );
  },
};
