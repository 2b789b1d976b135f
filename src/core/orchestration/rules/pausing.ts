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
import { newState } from "../state-builders.js";

/**
 * Pausing is something a running flow does to itself (`pause()` in its code), so only RUNNING runs
 * may pause. Each pause site has a key; once a key has fired, replaying the same code after a
 * resume must not pause again. A suspend ends the process, so it needs a deployment to start the
 * run again, and is refused for subflows, whose parent process would be left waiting.
 */
export const handlePausingFlows: TransitionRule = {
  name: "HandlePausingFlows",
  from: "any",
  to: states(StateType.PAUSED),
  apply: ({ initial, proposed, run }) => {
    const verb = proposed.details.pause_reschedule === true ? "suspend" : "pause";
    if (initial.type !== StateType.RUNNING) {
      return reject(null, `Cannot ${verb} a run that is ${initial.type}; only RUNNING runs can ${verb}.`);
    }
    const key = proposed.details.pause_key ?? null;
    if (key !== null && run.policy.pauseKeys.includes(key)) {
      return reject(null, `This ${verb} (key "${key}") has already fired; the run carries on.`);
    }
    if (verb === "suspend" && run.parentTaskRunId) {
      return abort("Cannot suspend a subflow run; suspend its parent flow run instead.");
    }
    if (verb === "suspend" && run.deploymentId === null) {
      return abort(
        "Cannot suspend a run without a deployment: nothing could start it again. Pause it instead.",
      );
    }
    return key === null ? undefined : amend({ policy: { pauseKeys: [...run.policy.pauseKeys, key] } });
  },
};

/**
 * A paused run may resume (RUNNING), be rescheduled after a suspend (SCHEDULED), be cancelled, or
 * finish; anything else is ignored. A pause that outlived its timeout can no longer resume: the run
 * fails instead. Marking the run "resuming" stops the resumed RUNNING from counting as a new attempt.
 */
export const handleResumingPausedFlows: TransitionRule = {
  name: "HandleResumingPausedFlows",
  from: states(StateType.PAUSED),
  to: "any",
  apply: (ctx) => refuseResume(ctx) ?? amend({ policy: { resuming: true } }),
};

function refuseResume({ initial, proposed, run, now }: RuleContext): RuleResult {
  if (!canLeavePause(proposed.type)) {
    return reject(null, `A PAUSED run cannot move to ${proposed.type}; resume it (RUNNING) or cancel it.`);
  }
  const suspended = initial.details.pause_reschedule === true;
  if (suspended && run.deploymentId === null) {
    return reject(null, "Cannot reschedule a suspended run without a deployment.");
  }
  const timeout = initial.details.pause_timeout;
  if (typeof timeout === "number" && timeout < now) {
    const verb = suspended ? "suspended" : "paused";
    const failed = newState(StateType.FAILED, now, {
      message: `The flow run was ${verb} and never resumed before its pause timeout.`,
    });
    return reject(failed, `The ${verb} run timed out and can no longer resume.`);
  }
  return undefined;
}

/**
 * Prefect lets a paused run go only to RUNNING, SCHEDULED or a final state; CANCELLING is allowed
 * too, so that a paused run whose process is still alive can be cancelled and torn down.
 */
function canLeavePause(type: StateType): boolean {
  return (
    type === StateType.RUNNING ||
    type === StateType.SCHEDULED ||
    type === StateType.CANCELLING ||
    isTerminal(type)
  );
}
