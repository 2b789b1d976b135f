/** @module What the automations engine reads and writes through {@link AutomationEngineStore}. */
import type { EventCreate } from "../../../api/index.js";
import type { Parsed } from "../types.js";

/** One bucket or child firing of an automation's trigger (its data is the engine's JSON). */
export interface StoredTriggerEntry {
  readonly automationId: string;
  /** The automation's `updated` (epoch ms) when the entry was written. */
  readonly automationUpdated: number;
  readonly path: string;
  readonly key: string;
  readonly data: unknown;
}

/** Where the engine stands: its cursor, the version of its state, and every stored entry. */
export interface EngineSnapshot {
  readonly version: number;
  readonly cursor: string | null;
  readonly entries: StoredTriggerEntry[];
}

/** A triggered action, queued for the executor. */
export interface NewActionJob {
  readonly id: string;
  readonly automationId: string;
  readonly automationName: string;
  readonly firingId: string;
  readonly actionIndex: number;
  /** The action's definition as it was when the automation fired. */
  readonly action: { readonly type: string } & Record<string, unknown>;
  readonly triggeringEvent: unknown;
  readonly bucket: string;
}

/** One execution attempt of a job, kept on the job (the automation page shows them). */
export interface ActionAttempt {
  readonly attempt: number;
  /** ISO-8601. */
  readonly at: string;
  readonly ok: boolean;
  /** HTTP status, for calls. */
  readonly status?: number;
  /** The start of the response body, or the error. */
  readonly excerpt?: string;
}

export type ActionJobStatus = "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED";

/** A job as stored. */
export interface ActionJob extends NewActionJob {
  readonly created: number;
  readonly status: ActionJobStatus;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly result: unknown;
  readonly attemptLog: ActionAttempt[];
}

/** Events written with a change, in its transaction. */
export type EngineEvent = Parsed<typeof EventCreate>;

/** One batch of the engine, written in one transaction. */
export interface EngineCommit {
  /** The version read (or last written); the commit fails when the stored one differs. */
  readonly expectedVersion: number;
  readonly cursor: string | null;
  /** Every entry of these automations goes first (disabled, deleted or replaced ones). */
  readonly dropAutomations: readonly string[];
  readonly upserts: readonly StoredTriggerEntry[];
  readonly deletes: readonly Pick<StoredTriggerEntry, "automationId" | "path" | "key">[];
  readonly jobs: readonly NewActionJob[];
  readonly events: readonly EngineEvent[];
}

/** How a finished attempt is recorded. */
export interface JobOutcome {
  /** SUCCEEDED / FAILED end the job; PENDING schedules another attempt in `retryInMs`. */
  readonly status: Exclude<ActionJobStatus, "RUNNING">;
  readonly retryInMs?: number;
  readonly result: unknown;
  readonly attempt: ActionAttempt;
  /** Written in the same transaction (`steward.automation.action.executed|failed`). */
  readonly events: readonly EngineEvent[];
}

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
