/**
 * @module A deployment's triggers as the automations it owns: "run this deployment when an event
 * matching … arrives". They are plain automations (the engine needs nothing special), owned by
 * `steward.deployment.<id>` so that redeploying replaces them and deleting the deployment removes them.
 */
import type { AutomationCreate, Deployment, DeploymentTrigger } from "../../api/index.js";
import type { Parsed, Store } from "../storage/store.js";

/** The owner resource of a deployment's triggers. */
export function deploymentOwner(deploymentId: string): string {
  return `steward.deployment.${deploymentId}`;
}

/** The automation that trigger number `index` (from 0) of `deployment` stands for. */
export function triggerAutomation(
  deployment: Pick<Deployment, "id" | "name" | "flow_name">,
  trigger: Parsed<typeof DeploymentTrigger>,
  index: number,
): Parsed<typeof AutomationCreate> {
  const { name, description, enabled, parameters, job_variables, type, ...eventFields } = trigger;
  return {
    name: name ?? `${deployment.flow_name}/${deployment.name} trigger ${index + 1}`,
    description,
    enabled,
    tags: [],
    trigger: { type, ...eventFields },
    actions: [
      { type: "run-deployment", source: "selected", deployment_id: deployment.id, parameters, job_variables },
    ],
    owner_resource: deploymentOwner(deployment.id),
  };
}

/** Replaces the automations `deployment` owns by one per trigger (an empty list removes them all). */
export async function replaceDeploymentTriggers(
  store: Pick<Store, "automations">,
  deployment: Pick<Deployment, "id" | "name" | "flow_name">,
  triggers: readonly Parsed<typeof DeploymentTrigger>[],
): Promise<void> {
  await store.automations.replaceOwnedBy(
    deploymentOwner(deployment.id),
    triggers.map((trigger, index) => triggerAutomation(deployment, trigger, index)),
  );
}
