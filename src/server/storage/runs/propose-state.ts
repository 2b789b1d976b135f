import type { OrchestrationResult, SetStateRequest, StateCreate } from "../../../api/index.js";
import {
  type Decision,
  normaliseProposedState,
  orchestrateFlowRun,
  orchestrateTaskRun,
  type RuleState,
} from "../../../core/orchestration/index.js";
import { msOrNull } from "../codec.js";
import type { StoreContext } from "../context.js";
import type { Db } from "../database.js";
import { ruleDetailsFromWire } from "../mappers/state.js";
import type { Parsed, SetStateOutcome } from "../types.js";
import { type LockedRun, lockFlowRun, lockTaskRun } from "./locked-run.js";
import { writePolicyOnly, writeState } from "./write-state.js";

/** A state as a client proposes it, in the rules' form (details times in ms, defaults filled). */
export function proposedRuleState(state: Parsed<typeof StateCreate>, now: number): RuleState {
  return normaliseProposedState(
    {
      type: state.type,
      name: state.name,
      message: state.message,
      data: state.data,
      details: ruleDetailsFromWire(state.state_details),
      timestamp: msOrNull(state.timestamp),
    },
    now,
  );
}

/**
 * The one write path for state changes, used by set_state and by run creation (with `force`):
 * lock the run, let the orchestration rules decide, and write what they decided — all inside the
 * caller's transaction `trx`. Returns undefined when the run does not exist. `locked`: the caller
 * already holds the run's row lock in `trx` (a claim's `FOR UPDATE SKIP LOCKED` candidates), so
 * taking it again would only cost a round trip.
 */
export async function proposeState(
  ctx: StoreContext,
  trx: Db,
  kind: "flow_run" | "task_run",
  id: string,
  request: Parsed<typeof SetStateRequest>,
  options: { readonly locked?: boolean } = {},
): Promise<SetStateOutcome | undefined> {
  const run =
    kind === "flow_run" ? await lockFlowRun(ctx, trx, id, options.locked) : await lockTaskRun(ctx, trx, id);
  if (run === undefined) return undefined;
  const now = ctx.now();
  return applyDecision(trx, run, decideState(run, request, now), now);
}

/** What the orchestration rules answer to `request` for `run` as it stands (read under lock). */
export function decideState(run: LockedRun, request: Parsed<typeof SetStateRequest>, now: number): Decision {
  const proposal = {
    run: run.rule,
    proposed: proposedRuleState(request.state, now),
    force: request.force,
    now,
  };
  return run.kind === "flow_run" ? orchestrateFlowRun(proposal) : orchestrateTaskRun(proposal);
}

async function applyDecision(
  trx: Db,
  run: LockedRun,
  decision: Decision,
  now: number,
): Promise<SetStateOutcome> {
  switch (decision.status) {
    case "ACCEPT":
    case "REJECT": {
      const type = decision.status === "ACCEPT" ? "accept_details" : "reject_details";
      if (decision.state === null) {
        if (decision.policy !== undefined) await writePolicyOnly(trx, run, decision.policy, now);
        return unwritten(run, decision.status, { type, reason: decision.reason });
      }
      const state = await writeState(trx, run, decision.state, decision.policy, now);
      const result: OrchestrationResult = {
        state,
        status: decision.status,
        details: { type, reason: decision.reason },
      };
      return { result, written: true };
    }
    case "WAIT":
      return unwritten(run, "WAIT", {
        type: "wait_details",
        reason: decision.reason,
        delay_seconds: decision.delaySeconds,
      });
    case "ABORT":
      return unwritten(run, "ABORT", { type: "abort_details", reason: decision.reason });
  }
}

function unwritten(
  run: LockedRun,
  status: OrchestrationResult["status"],
  details: OrchestrationResult["details"],
): SetStateOutcome {
  return { result: { state: run.current, status, details }, written: false };
}
