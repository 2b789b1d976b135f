import { StateName, StateType } from "../../states.js";
import { abort, amend, states, type TransitionRule } from "../rule.js";

/** Details set on the first PENDING state by earlier rules, which the sub-states must keep. */
const CARRIED_DETAILS = ["scheduled_time", "deployment_concurrency_lease_id"] as const;

/**
 * Only one claimant may move a run to PENDING. Two workers can fetch the same run; the second
 * one's PENDING is aborted here and it skips the run. A run already PENDING may still move through
 * named sub-states (Pending → Submitting → InfrastructurePending), keeping its scheduled time.
 */
export const preventPendingTransitions: TransitionRule = {
  name: "PreventPendingTransitions",
  from: states(StateType.PENDING, StateType.CANCELLING, StateType.RUNNING, StateType.CANCELLED),
  to: states(StateType.PENDING),
  apply: ({ initial, proposed }) => {
    const isSubState =
      initial.type === StateType.PENDING &&
      proposed.name !== initial.name &&
      proposed.name !== StateName.Pending;
    if (!isSubState) {
      return abort(
        `This run is already ${initial.type}, so it was claimed before or has ended; skip it. ` +
          "To run it again, propose SCHEDULED first.",
      );
    }
    const carried = CARRIED_DETAILS.map((key) => [key, initial.details[key]] as const);
    const details = {
      ...proposed.details,
      ...Object.fromEntries(carried.filter(([, value]) => value != null)),
    };
    return amend({ proposed: { ...proposed, details } });
  },
};
