import type { CliContext } from "../context.js";
import { fullName, readDeploymentByName } from "./lookup.js";

/** `steward deployment pause|resume FLOW/DEPLOYMENT`. */
export async function setDeploymentPaused(
  ctx: CliContext,
  nameArgument: string,
  paused: boolean,
): Promise<void> {
  const client = ctx.client();
  const deployment = await readDeploymentByName(client, nameArgument);
  const params = { id: deployment.id };
  await client.call(paused ? "pauseDeployment" : "resumeDeployment", { params });
  const name = fullName(deployment);
  ctx.out.line(
    paused
      ? `Paused deployment "${name}": its schedules create no runs until \`steward deployment resume ${name}\`.`
      : `Resumed deployment "${name}".`,
  );
}

/** `steward deployment delete FLOW/DEPLOYMENT`: the deployment and its scheduled runs. */
export async function deleteDeployment(ctx: CliContext, nameArgument: string): Promise<void> {
  const client = ctx.client();
  const deployment = await readDeploymentByName(client, nameArgument);
  await client.call("deleteDeployment", { params: { id: deployment.id } });
  ctx.out.line(`Deleted deployment "${fullName(deployment)}" and its scheduled runs.`);
}
