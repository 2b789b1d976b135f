/** @module Actions on deployments, work pools, work queues and automations. */
import { DeploymentFlowRunCreate } from "../../../api/deployments.js";
import type { Action } from "../../../api/automations.js";
import { isJsonRecord } from "../../../core/job-template.js";
import { renderTemplate } from "../../../core/automations/index.js";
import { type ActionContext, ActionFailure, type ActionOutcome } from "./action-context.js";
import { inferredId, inferredName, inferredResource, selected } from "./targets.js";

type Of<T extends Action["type"]> = Extract<Action, { type: T }>;

function deploymentId(ctx: ActionContext, action: { source: string; deployment_id: string | null }): string {
  return action.source === "inferred"
    ? inferredId(ctx.event, "deployment")
    : selected(action.deployment_id, "deployment_id");
}

/** Creates a run of the deployment with templated parameters and job variables. */
export async function runDeployment(
  ctx: ActionContext,
  action: Of<"run-deployment">,
): Promise<ActionOutcome> {
  const id = deploymentId(ctx, action);
  const parameters = renderTemplate(action.parameters ?? {}, ctx.templateValues);
  const jobVariables = renderTemplate(action.job_variables ?? {}, ctx.templateValues);
  const run = await ctx.store.deployments.createFlowRun(
    id,
    DeploymentFlowRunCreate.parse({
      parameters: isJsonRecord(parameters) ? parameters : {},
      job_variables: isJsonRecord(jobVariables) ? jobVariables : {},
      // A job retried after a crash between creating the run and recording it finds the same run.
      idempotency_key: `automation:${ctx.job.firingId}:${ctx.job.actionIndex}`,
      context: { automation_id: ctx.job.automationId, firing_id: ctx.job.firingId },
    }),
  );
  return { ok: true, result: { flow_run_id: run.id, flow_run_name: run.name, deployment_id: id } };
}

/** Pauses or resumes the deployment. */
export async function pauseDeployment(
  ctx: ActionContext,
  action: Of<"pause-deployment" | "resume-deployment">,
  paused: boolean,
): Promise<ActionOutcome> {
  const id = deploymentId(ctx, action);
  if (!(await ctx.store.deployments.setPaused(id, paused)))
    throw new ActionFailure(`deployment ${id} no longer exists`);
  return { ok: true, result: { deployment_id: id, paused } };
}

/** Pauses or resumes the work pool. */
export async function pauseWorkPool(
  ctx: ActionContext,
  action: Of<"pause-work-pool" | "resume-work-pool">,
  paused: boolean,
): Promise<ActionOutcome> {
  const name =
    action.source === "inferred"
      ? inferredName(ctx.event, "work-pool")
      : selected(action.work_pool_name, "work_pool_name");
  if (!(await ctx.store.workPools.update(name, { is_paused: paused }))) {
    throw new ActionFailure(`work pool ${JSON.stringify(name)} no longer exists`);
  }
  return { ok: true, result: { work_pool_name: name, paused } };
}

/** Pauses or resumes the work queue (a queue event's pool is its related work pool). */
export async function pauseWorkQueue(
  ctx: ActionContext,
  action: Of<"pause-work-queue" | "resume-work-queue">,
  paused: boolean,
): Promise<ActionOutcome> {
  let pool: string;
  let queue: string;
  if (action.source === "inferred") {
    queue = inferredName(ctx.event, "work-queue");
    const queueResource = inferredResource(ctx.event, "work-queue");
    pool = queueResource?.["steward.work-pool.name"] ?? inferredName(ctx.event, "work-pool");
  } else {
    pool = selected(action.work_pool_name, "work_pool_name");
    queue = selected(action.work_queue_name, "work_queue_name");
  }
  if (!(await ctx.store.workQueues.update(pool, queue, { is_paused: paused }))) {
    throw new ActionFailure(
      `work queue ${JSON.stringify(queue)} of pool ${JSON.stringify(pool)} no longer exists`,
    );
  }
  return { ok: true, result: { work_pool_name: pool, work_queue_name: queue, paused } };
}

/** Switches the automation off (pause) or on (resume). */
export async function pauseAutomation(
  ctx: ActionContext,
  action: Of<"pause-automation" | "resume-automation">,
  paused: boolean,
): Promise<ActionOutcome> {
  const id =
    action.source === "inferred"
      ? inferredId(ctx.event, "automation")
      : selected(action.automation_id, "automation_id");
  if (!(await ctx.store.automations.setEnabled(id, !paused)))
    throw new ActionFailure(`automation ${id} no longer exists`);
  return { ok: true, result: { automation_id: id, enabled: !paused } };
}
