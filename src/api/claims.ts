import { type z } from "zod";
import { Deployment } from "./deployments.js";
import { WorkerFlowRunResponse } from "./work-pools.js";

/**
 * One run a claim handed to a worker: where it came from, and its deployment as it was at the
 * claim, so the worker starts it without reading the deployment again. `deployment` is null for a
 * run without one, and for a run whose deployment was deleted (the worker then finds that out).
 */
export const ClaimedFlowRun = WorkerFlowRunResponse.extend({
  deployment: Deployment.nullable(),
});
export type ClaimedFlowRun = z.infer<typeof ClaimedFlowRun>;
