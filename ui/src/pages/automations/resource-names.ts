/**
 * @module Names for the resource ids that triggers and actions hold (`steward.deployment.<id>` →
 * "etl/nightly"), so the sentences about automations read as people talk. One request per kind,
 * shared (by query key) with every other part of the page that lists the same things.
 */
import { useApi } from "../../api/client.js";
import type { ResourceNames } from "./automation-words.js";

/** Deployments, flows, work pools and automations by `steward.<kind>.<id>`. */
export function useResourceNames(): ResourceNames {
  const deployments = useApi("filterDeployments", { body: { limit: 200 } });
  const flows = useApi("filterFlows", { body: { limit: 200 } });
  const pools = useApi("filterWorkPools", { body: {} });
  const automations = useApi("filterAutomations", { body: {} });
  const names = new Map<string, string>();
  for (const d of deployments.data ?? []) names.set(`steward.deployment.${d.id}`, `${d.flow_name}/${d.name}`);
  for (const f of flows.data ?? []) names.set(`steward.flow.${f.id}`, f.name);
  for (const p of pools.data ?? []) names.set(`steward.work-pool.${p.id}`, p.name);
  for (const a of automations.data ?? []) names.set(`steward.automation.${a.id}`, a.name);
  return names;
}
