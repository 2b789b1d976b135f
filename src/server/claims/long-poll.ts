/**
 * @module The claim long-poll: a worker's claim waits on the server until a run can be claimed,
 * so a new run starts within milliseconds instead of after a worker's poll interval.
 */
import type {
  ClaimDeploymentFlowRuns,
  ClaimFlowRuns,
  FlowRun,
  WorkerFlowRunResponse,
} from "../../api/index.js";
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
  /**
   * Called after each claim attempt has committed. Every attempt marks the polled queues (or
   * deployments) polled and READY, so this is how the UI hears of a waiting worker at once rather
   * than when its long-poll answers, up to 30 s later.
   */
  readonly onAttempt?: () => void;
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
export function claimWithLongPoll(
  claims: Pick<Store["claims"], "claim" | "nextDueTime" | "onChange">,
  poolName: string,
  request: Parsed<typeof ClaimFlowRuns>,
  options: LongPollOptions = {},
): Promise<WorkerFlowRunResponse[]> {
  return longPoll(
    {
      attempt: () => claims.claim(poolName, request),
      nextDueTime: () => claims.nextDueTime(poolName, request.work_queue_names),
      onChange: (listener) => claims.onChange(listener),
      waitSeconds: request.wait_seconds,
      prefetchSeconds: request.prefetch_seconds,
    },
    options,
  );
}

/**
 * Claims due runs of the served deployments (`POST /deployments/claim`), long-polling exactly as
 * {@link claimWithLongPoll} does for a pool.
 */
export function claimForDeploymentsWithLongPoll(
  claims: Pick<Store["claims"], "claimForDeployments" | "nextDueTimeForDeployments" | "onChange">,
  request: Parsed<typeof ClaimDeploymentFlowRuns>,
  options: LongPollOptions = {},
): Promise<FlowRun[]> {
  return longPoll(
    {
      attempt: () => claims.claimForDeployments(request),
      nextDueTime: () => claims.nextDueTimeForDeployments(request.deployment_ids),
      onChange: (listener) => claims.onChange(listener),
      waitSeconds: request.wait_seconds,
      prefetchSeconds: request.prefetch_seconds,
    },
    options,
  );
}

/** One kind of claim, as the long-poll loop sees it. */
interface Claimable<T> {
  /** One claim transaction. */
  attempt(): Promise<T[]>;
  /** Earliest due time among runs it could take once due (ms), or null. */
  nextDueTime(): Promise<number | null>;
  onChange(listener: () => void): () => void;
  readonly waitSeconds: number;
  readonly prefetchSeconds: number;
}

async function longPoll<T>(claimable: Claimable<T>, options: LongPollOptions): Promise<T[]> {
  const now = options.now ?? Date.now;
  const deadline = now() + claimable.waitSeconds * 1000;
  const wakeup = new Wakeup();
  const unsubscribe = claimable.onChange(() => wakeup.fire());
  try {
    for (;;) {
      wakeup.reset();
      const claimed = await claimable.attempt();
      options.onAttempt?.();
      if (claimed.length > 0) return claimed;
      if (options.signal?.aborted || now() >= deadline) return [];
      if (wakeup.fired) continue;
      const sleep = await sleepMs(claimable, deadline, now);
      if ((await wakeup.wait(sleep, options.signal)) === "aborted") return [];
    }
  } finally {
    unsubscribe();
  }
}

/** Until the next run is due (minus prefetch), the deadline, or MAX_SLEEP_MS, whichever is first. */
async function sleepMs<T>(claimable: Claimable<T>, deadline: number, now: () => number): Promise<number> {
  const due = await claimable.nextDueTime();
  const left = Math.min(deadline - now(), MAX_SLEEP_MS);
  if (due === null) return left;
  // A due run that could not be claimed waits for a slot: only a change can help, not a timer.
  // The extra millisecond lands the next attempt just after the run is due, not just before.
  const dueIn = due - claimable.prefetchSeconds * 1000 - now() + 1;
  return dueIn > 1 ? Math.min(left, dueIn) : left;
}
