/** @module What an action runs with, and what it answers. */
import type { Action } from "../../../api/automations.js";
import type { EventLike } from "../../../core/automations/index.js";
import type { ActionJob } from "../../storage/automations/engine-store.js";
import type { Store } from "../../storage/store.js";

/** The store sections actions act through (never HTTP to the server itself). */
export type ActionStore = Pick<
  Store,
  "deployments" | "flowRuns" | "workPools" | "workQueues" | "automations"
>;

/** One execution of one job. */
export interface ActionContext {
  readonly store: ActionStore;
  readonly fetch: typeof fetch;
  readonly job: ActionJob;
  readonly action: Action;
  /** The triggering event (null for a proactive firing that saw none). */
  readonly event: EventLike | null;
  /** What the action's templates see: `event`, `automation`. */
  readonly templateValues: Record<string, unknown>;
}

/** How an attempt went. `retryable` failures are tried again while the action allows retries. */
export type ActionOutcome =
  | { readonly ok: true; readonly result: unknown; readonly status?: number; readonly excerpt?: string }
  | {
      readonly ok: false;
      readonly reason: string;
      readonly retryable: boolean;
      readonly status?: number;
      readonly excerpt?: string;
    };

/** A failure with a reason meant for people (target gone, nothing selected, …). */
export class ActionFailure extends Error {
  override readonly name = "ActionFailure";
}
