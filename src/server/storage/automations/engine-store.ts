/**
 * @module What the automations engine keeps in the database (migration 0009): its cursor into the
 * event table and its trigger state (one compare-and-set write per batch), and the durable queue
 * of triggered actions that the executor works through.
 */
import type { StoreContext } from "../context.js";
import { claimJobs, finishJob, listJobs, nextJobDue } from "./action-jobs.js";
import { commitEngineState, loadEngineState } from "./engine-state.js";
import type { ActionJob, EngineCommit, EngineSnapshot, JobOutcome } from "./types.js";

export type * from "./types.js";

/** The engine's persistence; see server/events/automation-engine.ts and actions/executor.ts. */
export interface AutomationEngineStore {
  /** The cursor, the state version and every stored bucket / child firing. */
  load(): Promise<EngineSnapshot>;
  /**
   * Writes a batch (cursor, changed entries, queued jobs, events) in one transaction when the
   * stored version is still `commit.expectedVersion`. Returns the new version, or null when
   * another replica wrote first (nothing was written; reload and carry on).
   */
  commit(commit: EngineCommit): Promise<number | null>;
  /** Claims up to `limit` due jobs for `leaseMs` (expired leases are claimable again). */
  claimJobs(limit: number, leaseMs: number): Promise<ActionJob[]>;
  /** Records an attempt: done, failed, or retried at `outcome.nextAttemptAt`; writes its events. */
  finishJob(id: string, outcome: JobOutcome): Promise<void>;
  /** When the next waiting job is due (epoch ms), or null. */
  nextJobDue(): Promise<number | null>;
  /** Jobs, newest first: one automation's, or all. */
  jobs(automationId?: string, limit?: number): Promise<ActionJob[]>;
}

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
