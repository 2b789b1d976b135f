/**
 * @module The claim long-poll: a worker's claim waits on the server until a run can be claimed,
 * so a new run starts within milliseconds instead of after a worker's poll interval.
 */
import type { ClaimFlowRuns, WorkerFlowRunResponse } from "../../api/index.js";
import type { Parsed, Store } from "../storage/store.js";
import { Wakeup } from "./wakeup.js";

/**
 * Longest single sleep. A waiting claim looks again at least this often, which also marks its
 * queues polled, so the foreman (60 s) never turns a queue NOT_READY under a waiting worker.
 */
export const MAX_SLEEP_MS = 30_000;

/** Options of {@link claimWithLongPoll}. */
export interface LongPollOptions {
  /** Ends the wait early with `[]`: the client went away, or the server is closing. */
  readonly signal?: AbortSignal;
  /** Clock (epoch ms). @default Date.now */
  readonly now?: () => number;
}

/**
 * Claims runs for a worker, waiting up to `request.wait_seconds` for one to become claimable.
 *
 * Each attempt is one claim transaction. Between attempts it sleeps until the first of: the store
 * signals that runs may have become claimable (`claims.onChange`: a run created or rescheduled, a
 * slot freed, a pool or queue resumed — on PostgreSQL also from other server processes), the next
 * scheduled run comes within the prefetch window, or the wait is over (one last attempt, then
 * `[]`). It subscribes before the first attempt, so a change during an attempt is never missed.
 */
export async function claimWithLongPoll(
  claims: Pick<Store["claims"], "claim" | "nextDueTime" | "onChange">,
  poolName: string,
  request: Parsed<typeof ClaimFlowRuns>,
  options: LongPollOptions = {},
): Promise<WorkerFlowRunResponse[]> {
  const now = options.now ?? Date.now;
  const deadline = now() + request.wait_seconds * 1000;
  const wakeup = new Wakeup();
  const unsubscribe = claims.onChange(() => wakeup.fire());
  try {
    for (;;) {
      wakeup.reset();
      const claimed = await claims.claim(poolName, request);
      if (claimed.length > 0) return claimed;
      if (options.signal?.aborted || now() >= deadline) return [];
      if (wakeup.fired) continue;
      const sleep = await sleepMs(claims, poolName, request, deadline, now);
      if ((await wakeup.wait(sleep, options.signal)) === "aborted") return [];
    }
  } finally {
    unsubscribe();
  }
}

/** Until the next run is due (minus prefetch), the deadline, or MAX_SLEEP_MS, whichever is first. */
async function sleepMs(
  claims: Pick<Store["claims"], "nextDueTime">,
  poolName: string,
  request: Parsed<typeof ClaimFlowRuns>,
  deadline: number,
  now: () => number,
): Promise<number> {
  const due = await claims.nextDueTime(poolName, request.work_queue_names);
  const left = Math.min(deadline - now(), MAX_SLEEP_MS);
  if (due === null) return left;
  // A due run that could not be claimed waits for a slot: only a change can help, not a timer.
  // The extra millisecond lands the next attempt just after the run is due, not just before.
  const dueIn = due - request.prefetch_seconds * 1000 - now() + 1;
  return dueIn > 1 ? Math.min(left, dueIn) : left;
}
