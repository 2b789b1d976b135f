import type { FirstStateRule } from "../rule.js";

/**
 * A run without a state takes whatever it is first given: there is no transition to police yet,
 * and runs are created SCHEDULED (deployments), PENDING or RUNNING (ad-hoc calls) alike.
 */
export const acceptFirstState: FirstStateRule = {
  name: "AcceptFirstState",
  from: "none",
  apply: ({ proposed }) => ({ status: "ACCEPT", state: proposed, reason: null }),
};
