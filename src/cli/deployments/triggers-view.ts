/** @module A deployment's triggers (the automations it owns) as `steward deployment inspect` shows them. */
import type { Automation, Trigger } from "../../api/automations.js";
import type { StewardClient } from "../../client/client.js";
import { isApiError } from "../../client/errors.js";

/** The automations `deploymentId` owns; empty on a server that has no automations yet. */
export async function deploymentTriggers(client: StewardClient, deploymentId: string): Promise<Automation[]> {
  try {
    return await client.call("filterAutomations", {
      body: { owner_resource: { any_: [`steward.deployment.${deploymentId}`] } },
    });
  } catch (error) {
    if (isApiError(error, 404) && error.code === "ROUTE_NOT_FOUND") return [];
    throw error;
  }
}

/** One short paragraph per trigger: name, on/off, what it waits for, what it runs with. */
export function describeTriggers(automations: readonly Automation[]): string {
  if (automations.length === 0) return "-";
  return automations
    .map((automation) => {
      const action = automation.actions.find((a) => a.type === "run-deployment");
      const parameters = action?.type === "run-deployment" ? action.parameters : null;
      const lines = [
        `${automation.name}${automation.enabled ? "" : " (paused)"}: ${describeTrigger(automation.trigger)}`,
      ];
      if (parameters) lines.push(`  parameters ${JSON.stringify(parameters)}`);
      return lines.join("\n");
    })
    .join("\n");
}

/** `on order.created (3 within 60s) where steward.resource.id=order.*`. */
export function describeTrigger(trigger: Trigger): string {
  if (trigger.type !== "event") return `${trigger.type} of ${trigger.triggers.length} triggers`;
  const names = trigger.expect.length > 0 ? trigger.expect.join(" | ") : "any event";
  const proactive = trigger.posture === "Proactive";
  const count = trigger.threshold > 1 || proactive ? ` (${trigger.threshold}` : "";
  const within = typeof trigger.within === "number" ? `${trigger.within}s` : trigger.within;
  const window = count ? ` within ${within})` : "";
  const match = Object.entries(trigger.match)
    .map(([label, value]) => `${label}=${Array.isArray(value) ? value.join("|") : value}`)
    .join(", ");
  return `${proactive ? "when missing" : "on"} ${names}${count}${window}${match ? ` where ${match}` : ""}`;
}
