import { StateName, StateType } from "../../states.js";
import { amend, type RuleContext, reject, states, type TransitionRule } from "../rule.js";
import { awaitingRetryState } from "../state-builders.js";
import type { Decision, PolicyChanges, RulePolicy } from "../types.js";

/**
 * Seconds to wait before retry number `runCount` (1 after the first failure). A list is indexed by
 * attempt and its last entry repeats; jitter spreads retries of many runs that failed together
 * (a flaky dependency) so they do not all hit it again at the same moment.
 */
export function retryDelaySeconds(policy: RulePolicy, runCount: number, random: () => number): number {
  const base = baseDelaySeconds(policy.retryDelay, runCount);
  const factor = policy.retryJitterFactor;
  if (!factor) return base;
  return Math.max(0, base * (1 + factor * (random() * 2 - 1)));
}

function baseDelaySeconds(delay: RulePolicy["retryDelay"], runCount: number): number {
  if (typeof delay === "number") return delay;
  if (!delay || delay.length === 0) return 0;
  return delay[Math.max(0, Math.min(runCount - 1, delay.length - 1))] ?? 0;
}

function hasRetriesLeft({ run }: RuleContext): boolean {
  return run.policy.retries !== null && run.runCount <= run.policy.retries;
}

function retryDecision(ctx: RuleContext, policy?: PolicyChanges): Decision {
  const delayMs = Math.round(retryDelaySeconds(ctx.run.policy, ctx.run.runCount, ctx.random) * 1000);
  const retry = awaitingRetryState(ctx.now, ctx.now + delayMs, ctx.proposed);
  return reject(retry, "Retrying", policy);
}

/**
 * A failed flow run with retries left goes back to SCHEDULED ("AwaitingRetry") instead. The same
 * process runs the retry (`retry_type` "in_process", which workers skip when polling), and pause
 * keys are forgotten so that the retried code may pause again. Without retries left, `retry_type`
 * is cleared so that a later manual retry is picked up by a worker.
 */
export const retryFailedFlows: TransitionRule = {
  name: "RetryFailedFlows",
  from: states(StateType.RUNNING),
  to: states(StateType.FAILED),
  apply: (ctx) => {
    if (!hasRetriesLeft(ctx)) return amend({ policy: { retryType: null } });
    return retryDecision(ctx, { retryType: "in_process", pauseKeys: [], resuming: false });
  },
};

/**
 * A failed task run with retries left goes back to SCHEDULED ("AwaitingRetry"), unless the task
 * said the failure is not worth retrying (`state_details.retriable === false`).
 */
export const retryFailedTasks: TransitionRule = {
  name: "RetryFailedTasks",
  from: states(StateType.RUNNING),
  to: states(StateType.FAILED),
  apply: (ctx) => {
    if (ctx.proposed.details.retriable === false || !hasRetriesLeft(ctx)) return undefined;
    return retryDecision(ctx);
  },
};

/**
 * A task run entering RUNNING again is named for the reason: "Retrying" after an AwaitingRetry,
 * "Rerunning" otherwise, so the timeline shows at a glance which attempts were retries.
 */
export const renameReruns: TransitionRule = {
  name: "RenameReruns",
  from: "any",
  to: states(StateType.RUNNING),
  apply: ({ initial, proposed, run }) => {
    if (run.runCount <= 0) return undefined;
    const name = initial.name === StateName.AwaitingRetry ? StateName.Retrying : StateName.Rerunning;
    return amend({ proposed: { ...proposed, name } });
  },
};
