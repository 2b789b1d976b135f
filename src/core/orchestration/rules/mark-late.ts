import { StateName, StateType } from "../../states.js";
import { reject, states, type TransitionRule } from "../rule.js";

/**
 * "Late" is a label for a SCHEDULED run whose time has passed. The late-runs service may race with
 * a worker that has just claimed the run, so a Late proposal for a run that moved on is ignored.
 */
export const ensureOnlyScheduledFlowsMarkedLate: TransitionRule = {
  name: "EnsureOnlyScheduledFlowsMarkedLate",
  from: "any",
  to: states(StateType.SCHEDULED),
  apply: ({ initial, proposed }) => {
    if (proposed.name !== StateName.Late) return undefined;
    if (initial.type === StateType.SCHEDULED && initial.name !== StateName.Late) return undefined;
    return reject(null, "Only SCHEDULED runs that are not already Late can be marked Late.");
  },
};
