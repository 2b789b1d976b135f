/**
 * @module What the automations engine keeps in the database (migration 0009): its cursor into the
 * event table and its trigger state (one compare-and-set write per batch), and the durable queue
 * of triggered actions that the executor works through.
 */
import type { StoreContext } from "../context.js";
import { claimJobs, finishJob, listJobs, nextJobDue } from "./action-jobs.js";
import { commitEngineState, loadEngineState } from "./engine-state.js";
import type { AutomationEngineStore, EngineCommit, JobOutcome } from "./types.js";

export type * from "./types.js";

/** The engine's store on `ctx`. */
export function createAutomationEngineStore(ctx: StoreContext): AutomationEngineStore {
  return {
    load: () => loadEngineState(ctx),
    commit: (commit: EngineCommit) => commitEngineState(ctx, commit),
    claimJobs: (limit: number, leaseMs: number) => claimJobs(ctx, limit, leaseMs),
    finishJob: (id: string, outcome: JobOutcome) => finishJob(ctx, id, outcome),
    nextJobDue: () => nextJobDue(ctx),
    jobs: (automationId?: string, limit?: number) => listJobs(ctx, automationId, limit),
  };
}
