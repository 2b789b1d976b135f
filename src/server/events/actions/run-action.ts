/** @module Runs one action of a triggered job, turning any failure into an outcome with a reason. */
import { type Action } from "../../../api/automations.js";
import { StewardError } from "../../../core/errors.js";
import { type ActionContext, ActionFailure, type ActionOutcome } from "./action-context.js";
import { changeFlowRunState, cancelFlowRun, deleteFlowRun } from "./flow-run-actions.js";
import { callWebhook, sendNotification } from "./http-actions.js";
import {
  pauseAutomation,
  pauseDeployment,
  pauseWorkPool,
  pauseWorkQueue,
  runDeployment,
} from "./resource-actions.js";

function dispatch(ctx: ActionContext, action: Action): Promise<ActionOutcome> {
  switch (action.type) {
    case "do-nothing":
      return Promise.resolve({ ok: true, result: null });
    case "run-deployment":
      return runDeployment(ctx, action);
    case "pause-deployment":
    case "resume-deployment":
      return pauseDeployment(ctx, action, action.type === "pause-deployment");
    case "pause-work-pool":
    case "resume-work-pool":
      return pauseWorkPool(ctx, action, action.type === "pause-work-pool");
    case "pause-work-queue":
    case "resume-work-queue":
      return pauseWorkQueue(ctx, action, action.type === "pause-work-queue");
    case "pause-automation":
    case "resume-automation":
      return pauseAutomation(ctx, action, action.type === "pause-automation");
    case "cancel-flow-run":
      return cancelFlowRun(ctx);
    case "change-flow-run-state":
      return changeFlowRunState(ctx, action);
    case "delete-flow-run":
      return deleteFlowRun(ctx);
    case "call-webhook":
      return callWebhook(ctx, action);
    case "send-notification":
      return sendNotification(ctx, action);
  }
}

/**
 * Runs the action. A target that is gone, a refused change or a bad definition is a failure with
 * its reason (not retried); only HTTP calls report retryable failures.
 */
export async function runAction(ctx: ActionContext): Promise<ActionOutcome> {
  try {
    return await dispatch(ctx, ctx.action);
  } catch (error) {
    if (error instanceof ActionFailure || error instanceof StewardError) {
      return { ok: false, reason: error.message, retryable: false };
    }
    return {
      ok: false,
      reason: `unexpected error: ${error instanceof Error ? error.message : String(error)}`,
      retryable: false,
    };
  }
}
