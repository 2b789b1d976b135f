/** @module Actions on the flow run the triggering event is about. */
import type { Action } from "../../../api/automations.js";
import type { FlowRun } from "../../../api/index.js";
import { SetStateRequest } from "../../../api/states.js";
import { isTerminal, StateType } from "../../../core/states.js";
import { type ActionContext, ActionFailure, type ActionOutcome } from "./action-context.js";
import { inferredId } from "./targets.js";

async function targetRun(ctx: ActionContext): Promise<FlowRun> {
  const id = inferredId(ctx.event, "flow-run");
  const run = await ctx.store.flowRuns.read(id);
  if (run === undefined) throw new ActionFailure(`flow run ${id} no longer exists`);
  return run;
}

function message(ctx: ActionContext, verb: string): string {
  return `${verb} by automation ${JSON.stringify(ctx.job.automationName)}`;
}

/**
 * Cancels the run as `steward flow-run cancel` does: proposes CANCELLING, which the server turns
 * into CANCELLED for a run that is not running yet; a running one stays CANCELLING until its
 * runner stops it.
 */
export async function cancelFlowRun(ctx: ActionContext): Promise<ActionOutcome> {
  const run = await targetRun(ctx);
  if (run.state_type !== null && run.state_type !== undefined && isTerminal(run.state_type)) {
    return { ok: true, result: { flow_run_id: run.id, state: run.state_name, note: "already finished" } };
  }
  const request = SetStateRequest.parse({
    state: { type: StateType.CANCELLING, name: "Cancelling", message: message(ctx, "Cancelled") },
  });
  const { result } = await ctx.store.flowRuns.setState(run.id, request);
  if ((result.status !== "ACCEPT" && result.status !== "REJECT") || result.state === null) {
    throw new ActionFailure(
      `flow run ${run.id} was not cancelled (${result.status}: ${result.details.reason ?? "no reason given"})`,
    );
  }
  return {
    ok: true,
    result: { flow_run_id: run.id, state: result.state.name, state_type: result.state.type },
  };
}

/** Forces the run into the action's state. */
export async function changeFlowRunState(
  ctx: ActionContext,
  action: Extract<Action, { type: "change-flow-run-state" }>,
): Promise<ActionOutcome> {
  const run = await targetRun(ctx);
  const request = SetStateRequest.parse({
    state: { type: action.state, name: action.name, message: action.message ?? message(ctx, "Changed") },
    force: true,
  });
  const { result } = await ctx.store.flowRuns.setState(run.id, request);
  if (result.status !== "ACCEPT" || result.state === null) {
    throw new ActionFailure(
      `flow run ${run.id} refused ${action.state} (${result.status}: ${result.details.reason ?? "no reason given"})`,
    );
  }
  return {
    ok: true,
    result: { flow_run_id: run.id, state: result.state.name, state_type: result.state.type },
  };
}

/** Deletes the run. */
export async function deleteFlowRun(ctx: ActionContext): Promise<ActionOutcome> {
  const id = inferredId(ctx.event, "flow-run");
  if (!(await ctx.store.flowRuns.delete(id))) throw new ActionFailure(`flow run ${id} no longer exists`);
  return { ok: true, result: { flow_run_id: id, deleted: true } };
}
