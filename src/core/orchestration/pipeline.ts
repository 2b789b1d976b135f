import { type Amend, matchesFilter, type Rule, type RuleResult } from "./rule.js";
import type { Decision, PolicyChanges, ProposalContext, RulePolicy, RuleRun, RuleState } from "./types.js";

/** The proposal as it moves through the rules. */
interface Working {
  readonly proposed: RuleState;
  readonly run: RuleRun;
  /** Policy changes asked for so far; they are kept only if the proposal is accepted. */
  readonly changes: PolicyChanges;
}

/**
 * Runs `rules` in order over one proposal. The first rule that answers REJECT, WAIT, ABORT or
 * ACCEPT decides; amendments accumulate; when no rule decides, the (amended) proposal is accepted.
 *
 * Policy changes that earlier rules asked for are dropped when a later rule rejects, waits or
 * aborts, because they were made for a transition that did not happen (Prefect's "fizzled" rules
 * undo theirs the same way). A rejecting rule's own policy changes are kept.
 */
export function runPolicy(rules: readonly Rule[], ctx: ProposalContext): Decision {
  let work: Working = { proposed: ctx.proposed, run: ctx.run, changes: {} };
  for (const rule of rules) {
    const result = applyRule(rule, work, ctx);
    if (result === undefined) continue;
    if (result.status === "AMEND") {
      work = applyAmend(work, result);
      continue;
    }
    return result.status === "ACCEPT" ? withChanges(result, work.changes) : result;
  }
  return withChanges({ status: "ACCEPT", state: work.proposed, reason: null }, work.changes);
}

function applyRule(rule: Rule, work: Working, ctx: ProposalContext): RuleResult {
  const initial = work.run.state;
  try {
    if (rule.from === "none") {
      return initial === null
        ? rule.apply({ run: work.run, proposed: work.proposed, now: ctx.now })
        : undefined;
    }
    if (initial === null) return undefined;
    if (!matchesFilter(rule.from, initial.type) || !matchesFilter(rule.to, work.proposed.type)) {
      return undefined;
    }
    const random = ctx.random ?? Math.random;
    return rule.apply({ run: work.run, initial, proposed: work.proposed, now: ctx.now, random });
  } catch (error) {
    // A broken rule must not write a state it never validated; the client gives up instead.
    const message = error instanceof Error ? error.message : String(error);
    return { status: "ABORT", reason: `Orchestration rule ${rule.name} failed: ${message}` };
  }
}

function applyAmend(work: Working, amendment: Amend): Working {
  const changes = { ...work.changes, ...amendment.policy };
  const run: RuleRun = {
    ...work.run,
    runCount: amendment.runCount ?? work.run.runCount,
    policy: applyPolicyChanges(work.run.policy, amendment.policy),
  };
  return { proposed: amendment.proposed ?? work.proposed, run, changes };
}

/** `policy` with `changes` applied (keys absent from `changes` are kept). */
export function applyPolicyChanges(policy: RulePolicy, changes: PolicyChanges | undefined): RulePolicy {
  if (!changes) return policy;
  return {
    ...policy,
    ...(changes.retryType !== undefined && { retryType: changes.retryType }),
    ...(changes.pauseKeys !== undefined && { pauseKeys: changes.pauseKeys }),
    ...(changes.resuming !== undefined && { resuming: changes.resuming }),
  };
}

function withChanges(decision: Extract<Decision, { status: "ACCEPT" }>, changes: PolicyChanges): Decision {
  const merged = { ...changes, ...decision.policy };
  return Object.keys(merged).length > 0 ? { ...decision, policy: merged } : decision;
}
