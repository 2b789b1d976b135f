import { StateType } from "../../../core/states.js";
import { isoFromMs } from "../codec.js";
import type { StoreContext } from "../context.js";
import type { Db } from "../database.js";
import { proposeState } from "./propose-state.js";

/** Why a CANCEL_NEW deployment's run was cancelled at claim time. */
export const DEPLOYMENT_LIMIT_MESSAGE = "Deployment concurrency limit reached.";

/** The fields of a claim candidate that its state changes need. */
export interface ClaimedRun {
  readonly id: string;
  readonly next_scheduled_start_time: number;
}

// Both run on a claim's candidates, which the claim's transaction has locked (`FOR UPDATE SKIP
// LOCKED` on PostgreSQL; SQLite's write lock covers everything).

/**
 * SCHEDULED → PENDING for `claimant` (a worker or a runner), keeping the scheduled time (the
 * engine WAITs until then). False when the run had moved on under us.
 */
export async function moveToPending(
  ctx: StoreContext,
  trx: Db,
  run: ClaimedRun,
  claimant: string,
): Promise<boolean> {
  const outcome = await proposeState(ctx, trx, "flow_run", run.id, pendingRequest(run, claimant), {
    locked: true,
  });
  return outcome?.result.state?.type === StateType.PENDING;
}

/** The proposal that claims `run` for `claimant`: PENDING, forced, keeping the scheduled time. */
export function pendingRequest(run: ClaimedRun, claimant: string) {
  return {
    state: {
      type: StateType.PENDING,
      state_details: { scheduled_time: isoFromMs(run.next_scheduled_start_time), claimed_by: claimant },
    },
    force: true,
  } satisfies Parameters<typeof proposeState>[4];
}

/** A CANCEL_NEW deployment is full: its new run is cancelled instead of waiting. */
export async function cancelNew(ctx: StoreContext, trx: Db, run: ClaimedRun): Promise<void> {
  await proposeState(
    ctx,
    trx,
    "flow_run",
    run.id,
    { state: { type: StateType.CANCELLED, message: DEPLOYMENT_LIMIT_MESSAGE }, force: true },
    { locked: true },
  );
}
