/**
 * @module The shapes the store's modules share: parsed request bodies and the results of creates and
 * state proposals. It sits below store.ts, so the repos, mappers and queries can name these
 * without importing the store interface that is built from them.
 */
import type { z } from "zod";
import type { FlowRun, OrchestrationResult } from "../../api/index.js";

/** Parsed (defaults applied) request bodies, as the routes hand them to the store. */
export type Parsed<T extends z.ZodType> = z.output<T>;

/** The result of an idempotent create: `created` is false when an existing row was returned. */
export interface Upserted<T> {
  readonly value: T;
  readonly created: boolean;
}

/**
 * Flow-run fields that no client body sets directly but server features do: the deployment and
 * work-queue routing, the scheduler's marks. All optional; absent means null / false.
 */
export interface FlowRunCreateExtras {
  readonly deployment_id?: string | null;
  readonly deployment_version?: string | null;
  readonly work_queue_id?: string | null;
  readonly work_queue_name?: string | null;
  readonly work_pool_id?: string | null;
  readonly work_pool_name?: string | null;
  readonly auto_scheduled?: boolean;
  readonly created_by?: FlowRun["created_by"];
}

/** The result of a state proposal: `written` is true when a new state row was stored (HTTP 201). */
export interface SetStateOutcome {
  readonly result: OrchestrationResult;
  readonly written: boolean;
}
