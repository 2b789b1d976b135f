import { StateName, StateType } from "../../states.js";
import { allStatesExcept, reject, states, type TransitionRule } from "../rule.js";
import { newState } from "../state-builders.js";

/**
 * CANCELLING means "infrastructure is being torn down"; the only way out is CANCELLED, reported by
 * whoever tore it down. Anything else (a late RUNNING from the dying process, say) is ignored.
 */
export const enforceCancellingToCancelledTransition: TransitionRule = {
  name: "EnforceCancellingToCancelledTransition",
  from: states(StateType.CANCELLING),
  to: allStatesExcept(StateType.CANCELLED),
  apply: () => reject(null, "The run is being cancelled; the only state it can move to is CANCELLED."),
};

/**
 * Cancelling a run that has nothing running (scheduled and not yet launched, resuming after a
 * suspend, suspended, or paused with no known process) needs no teardown, so it becomes CANCELLED
 * at once instead of waiting in CANCELLING for a worker that will never act.
 */
export const bypassCancellingFlowRunsWithNoInfra: TransitionRule = {
  name: "BypassCancellingFlowRunsWithNoInfra",
  from: states(StateType.SCHEDULED, StateType.PAUSED),
  to: states(StateType.CANCELLING),
  apply: ({ initial, run, now }) => {
    const noInfrastructure = run.infrastructurePid === null || run.infrastructurePid === "";
    const suspended = initial.type === StateType.PAUSED && initial.details.pause_reschedule === true;
    if (!noInfrastructure && !suspended && initial.name !== StateName.Resuming) return undefined;
    const cancelled = newState(StateType.CANCELLED, now, {
      message: "Cancelled before any infrastructure was running; there was nothing to tear down.",
    });
    return reject(cancelled, `The ${initial.type} run has no infrastructure to terminate.`);
  },
};
