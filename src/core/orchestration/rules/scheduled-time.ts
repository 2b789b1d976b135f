import { StateType } from "../../states.js";
import { amend, states, type TransitionRule, wait } from "../rule.js";

/**
 * A claimed run keeps the time it was scheduled for, so that the RUNNING proposal can still be
 * held back until then (see `waitForScheduledTime`). A time the claimant sends itself wins.
 */
export const copyScheduledTime: TransitionRule = {
  name: "CopyScheduledTime",
  from: states(StateType.SCHEDULED),
  to: states(StateType.PENDING),
  apply: ({ initial, proposed }) => {
    const scheduledTime = initial.details.scheduled_time;
    if (proposed.details.scheduled_time != null || scheduledTime == null) return undefined;
    return amend({
      proposed: { ...proposed, details: { ...proposed.details, scheduled_time: scheduledTime } },
    });
  },
};

/**
 * Workers may claim runs early to start infrastructure ahead of time; the run itself still starts
 * on time by the server's clock. The delay is rounded up so that a client that waits exactly that
 * long is not told to wait again.
 */
export const waitForScheduledTime: TransitionRule = {
  name: "WaitForScheduledTime",
  from: states(StateType.SCHEDULED, StateType.PENDING),
  to: states(StateType.RUNNING),
  apply: ({ initial, now }) => {
    const scheduledTime = initial.details.scheduled_time;
    if (scheduledTime == null || scheduledTime <= now) return undefined;
    return wait(Math.ceil((scheduledTime - now) / 1000), "Scheduled time is in the future.");
  },
};
