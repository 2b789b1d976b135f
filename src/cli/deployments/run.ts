import type { Deployment, DeploymentFlowRunCreate } from "../../api/deployments.js";
import type { StewardClient } from "../../client/client.js";
import { isApiError } from "../../client/errors.js";
import type { CliContext } from "../context.js";
import { formatTimestamp } from "../format.js";
import { issuesError } from "./api-issues.js";
import { parseJobVariables } from "./job-variables.js";
import { fullName, readDeploymentByName } from "./lookup.js";
import { type ParameterOptions, parseParameterOptions } from "./parameters.js";
import { parseStartTime } from "./start-time.js";
import { watchFlowRun } from "./watch.js";

/** Options of `steward deployment run`. */
export interface RunDeploymentOptions extends ParameterOptions {
  jobVariable?: string[];
  startIn?: string;
  startAt?: string;
  tag?: string[];
  flowRunName?: string;
  watch?: boolean;
}

/**
 * `steward deployment run FLOW/DEPLOYMENT`: creates a flow run of the deployment (now, or at
 * `--start-in` / `--start-at`) for its pool's workers; `--watch` follows it to the end.
 */
export async function runDeployment(
  ctx: CliContext,
  nameArgument: string,
  options: RunDeploymentOptions,
): Promise<void> {
  // Check the whole command line before any call, so typos fail fast with a usage error.
  const body: DeploymentFlowRunCreate = {
    parameters: parseParameterOptions(options),
    job_variables: parseJobVariables(options.jobVariable ?? []),
    tags: options.tag ?? [],
    name: options.flowRunName,
  };
  const startAt = parseStartTime(options);
  if (startAt) body.state = { type: "SCHEDULED", state_details: { scheduled_time: startAt.toISOString() } };
  const client = ctx.client();
  const deployment = await readDeploymentByName(client, nameArgument);
  const run = await createRun(client, deployment, body);
  const when = startAt ? `, scheduled for ${formatTimestamp(startAt.toISOString())}` : "";
  ctx.out.line(`Created flow run "${run.name}" (${run.id}) of deployment "${fullName(deployment)}"${when}.`);
  if (options.watch) {
    await watchFlowRun(ctx, run);
    return;
  }
  ctx.out.note(
    `A worker of pool "${deployment.work_pool_name ?? "?"}" will pick it up ` +
      `(\`steward worker start --pool ${deployment.work_pool_name ?? "POOL"}\`). ` +
      `Follow it with \`steward flow-run logs ${run.id} --follow\`.`,
  );
}

async function createRun(client: StewardClient, deployment: Deployment, body: DeploymentFlowRunCreate) {
  try {
    return await client.call("createFlowRunFromDeployment", { params: { id: deployment.id }, body });
  } catch (error) {
    if (isApiError(error, 422) || isApiError(error, 409)) {
      throw issuesError(
        error,
        `The API rejected the run of "${fullName(deployment)}"`,
        `Fix the listed fields and retry; \`steward deployment inspect ${fullName(deployment)}\` shows the parameter schema.`,
      );
    }
    throw error;
  }
}
