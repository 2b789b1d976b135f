/** @module A claim's answer: each claimed run with its deployment, read once per deployment. */
import type { ClaimedFlowRun, Deployment, WorkerFlowRunResponse } from "../../api/index.js";
import type { Store } from "../storage/store.js";

/**
 * Adds each run's deployment (as it is now, just after the claim) to the claimed runs, so the
 * worker starts them without a read of its own: one round trip fewer between a run's creation
 * and its process. Runs of the same deployment share one read.
 */
export async function withDeployments(
  deployments: Pick<Store["deployments"], "read">,
  claimed: readonly WorkerFlowRunResponse[],
): Promise<ClaimedFlowRun[]> {
  const ids = new Set(
    claimed.flatMap(({ flow_run }) => (flow_run.deployment_id ? [flow_run.deployment_id] : [])),
  );
  const read = new Map<string, Deployment | undefined>();
  await Promise.all([...ids].map(async (id) => read.set(id, await deployments.read(id))));
  return claimed.map((entry) => ({
    ...entry,
    deployment: (entry.flow_run.deployment_id && read.get(entry.flow_run.deployment_id)) || null,
  }));
}
