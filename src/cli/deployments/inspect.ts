import type { Deployment } from "../../api/deployments.js";
import type { CliContext } from "../context.js";
import { formatJson, formatTimestamp } from "../format.js";
import { limitText, statusCell, styled } from "../work-pools/view.js";
import { fullName, readDeploymentByName } from "./lookup.js";
import { inspectSchedules } from "./schedules-view.js";
import { deploymentTriggers, describeTriggers } from "./triggers-view.js";

/** `steward deployment inspect FLOW/DEPLOYMENT`: every field of a deployment, and its triggers. */
export async function inspectDeployment(
  ctx: CliContext,
  nameArgument: string,
  options: { json?: boolean },
): Promise<void> {
  const client = ctx.client();
  const deployment = await readDeploymentByName(client, nameArgument);
  const triggers = await deploymentTriggers(client, deployment.id);
  if (options.json) {
    // `triggers` only when there are some: the JSON of a deployment without any stays the API's own.
    ctx.out.json(triggers.length > 0 ? { ...deployment, triggers } : deployment);
    return;
  }
  ctx.out.keyValue([...describeDeployment(ctx, deployment), ["Triggers", describeTriggers(triggers)]]);
}

function describeDeployment(ctx: CliContext, d: Deployment): [string, string][] {
  const limit =
    d.concurrency_limit === null
      ? "unlimited"
      : `${limitText(d.concurrency_limit)} (${d.concurrency_options.collision_strategy})`;
  return [
    ["ID", d.id],
    ["Name", fullName(d)],
    ["Flow id", d.flow_id],
    ["Description", d.description ?? "-"],
    ["Version", d.version ?? "-"],
    ["Entrypoint", d.entrypoint ?? "-"],
    ["Work pool", d.work_pool_name ?? "-"],
    ["Work queue", d.work_queue_name ?? "-"],
    ["Status", styled(statusCell(d.status, ctx.out.colors))],
    ["Last polled", d.last_polled ? formatTimestamp(d.last_polled) : "never"],
    ["Paused", d.paused ? "yes" : "no"],
    ["Schedules", inspectSchedules(d)],
    ["Catch-up policy", catchupText(d.catchup_policy)],
    ["Concurrency limit", limit],
    ["Tags", d.tags.length ? d.tags.join(", ") : "-"],
    ["Parameters", formatJson(d.parameters)],
    ["Enforce schema", d.enforce_parameter_schema ? "yes" : "no"],
    ["Parameter schema", formatJson(d.parameter_openapi_schema)],
    ["Job variables", formatJson(d.job_variables)],
    ["Pull steps", formatJson(d.pull_steps)],
    ["Created", formatTimestamp(d.created)],
    ["Updated", formatTimestamp(d.updated)],
  ];
}

/** The catch-up policy with what it means, so nobody has to look it up. */
function catchupText(policy: Deployment["catchup_policy"]): string {
  const meaning = {
    run_all: "every run missed while no worker was there runs",
    run_latest: "of the runs missed while no worker was there, only the newest runs",
    skip: "runs missed while no worker was there are skipped",
  }[policy];
  return `${policy} (${meaning})`;
}
