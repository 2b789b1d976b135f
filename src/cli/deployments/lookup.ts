import type { Deployment } from "../../api/deployments.js";
import type { StewardClient } from "../../client/client.js";
import { isApiError } from "../../client/errors.js";
import { CliError, UsageError } from "../errors.js";
import { closestNames } from "../suggest.js";

/** A deployment's address: `flow-name/deployment-name`. */
export interface DeploymentName {
  readonly flow: string;
  readonly name: string;
}

/** Splits `FLOW/DEPLOYMENT` at its slash (flow names cannot contain one); undefined if malformed. */
export function parseDeploymentName(text: string): DeploymentName | undefined {
  const slash = text.indexOf("/");
  const flow = text.slice(0, slash).trim();
  const name = text.slice(slash + 1).trim();
  return slash < 0 || !flow || !name ? undefined : { flow, name };
}

/** `flow/name` of a deployment. */
export function fullName(deployment: Pick<Deployment, "flow_name" | "name">): string {
  return `${deployment.flow_name}/${deployment.name}`;
}

async function knownNames(client: StewardClient): Promise<string[]> {
  try {
    return (await client.call("filterDeployments", { body: {} })).map(fullName).sort();
  } catch {
    return []; // only for the suggestion; the "not found" message stands without it
  }
}

/**
 * Reads a deployment by `FLOW/DEPLOYMENT`. An unknown one fails with the closest known names, or
 * the list of them when there are only a few.
 */
export async function readDeploymentByName(client: StewardClient, text: string): Promise<Deployment> {
  const parsed = parseDeploymentName(text);
  if (!parsed) {
    throw new UsageError(
      `${JSON.stringify(text)} is not a deployment name: write FLOW/DEPLOYMENT, e.g. hello/hello. ` +
        notFoundHint(text, await knownNames(client)),
    );
  }
  const { flow, name } = parsed;
  try {
    return await client.call("readDeploymentByName", { params: { flow_name: flow, deployment_name: name } });
  } catch (error) {
    if (!isApiError(error, 404) || error.code === "ROUTE_NOT_FOUND") throw error;
    const names = await knownNames(client);
    throw new CliError(`Deployment "${flow}/${name}" not found. ${notFoundHint(`${flow}/${name}`, names)}`);
  }
}

function notFoundHint(wanted: string, names: string[]): string {
  if (names.length === 0) {
    return "There are no deployments yet: create one with `steward deploy path/to/file.ts:flow --name NAME --pool POOL`.";
  }
  const close = closestNames(wanted, names);
  if (close.length > 0)
    return `Did you mean ${close.join(", ")}? List them all with \`steward deployment ls\`.`;
  if (names.length <= 5) return `Known deployments: ${names.join(", ")}.`;
  return "List deployments with `steward deployment ls`.";
}
