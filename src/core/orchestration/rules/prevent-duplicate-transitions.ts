import { reject, type TransitionRule } from "../rule.js";

/**
 * A proposal carrying the transition id of the current state is a client retrying a request whose
 * answer it lost: answer with the current state and write nothing, so retries are idempotent.
 */
export const preventDuplicateTransitions: TransitionRule = {
  name: "PreventDuplicateTransitions",
  from: "any",
  to: "any",
  apply: ({ initial, proposed }) => {
    const current = initial.details.transition_id;
    if (current === null || current === undefined || current !== proposed.details.transition_id) {
      return undefined;
    }
    return reject(null, "This run has already made this state transition.");
  },
};
