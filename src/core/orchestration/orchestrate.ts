import { runPolicy } from "./pipeline.js";
import { CORE_FLOW_POLICY, CORE_TASK_POLICY, MINIMAL_FLOW_POLICY, MINIMAL_TASK_POLICY } from "./policy.js";
import type { Rule } from "./rule.js";
import type { Decision, ProposalContext } from "./types.js";

/**
 * Decides a proposed flow-run state: the core policy, or the minimal one when `ctx.force` is set.
 * Pure: the caller reads the run under a lock, calls this, and writes what the decision says.
 * `rules` replaces the chosen policy (for example one extended with `insertRulesAfter`).
 */
export function orchestrateFlowRun(ctx: ProposalContext, rules?: readonly Rule[]): Decision {
  return runPolicy(rules ?? (ctx.force ? MINIMAL_FLOW_POLICY : CORE_FLOW_POLICY), ctx);
}

/** Decides a proposed task-run state; see `orchestrateFlowRun`. */
export function orchestrateTaskRun(ctx: ProposalContext, rules?: readonly Rule[]): Decision {
  return runPolicy(rules ?? (ctx.force ? MINIMAL_TASK_POLICY : CORE_TASK_POLICY), ctx);
}
