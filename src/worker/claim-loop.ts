import type { ClaimedFlowRun } from "../api/claims.js";
import type { StewardClient } from "../client/index.js";
import { Backoff } from "./backoff.js";
import { sleepUnlessAborted } from "./waiting.js";
import type { CapacityLimiter } from "./limiter.js";
import { describeError, type WorkerLog } from "./worker-log.js";

/** Most runs asked for in one claim when the worker has no limit (or many free slots). */
export const MAX_CLAIM_BATCH = 10;

/** Options of {@link runClaimLoop}; `T` is what one claim answers per run. */
export interface ClaimLoopOptions<T = ClaimedFlowRun> {
  /** A client whose requests end when `signal` aborts, with no retries of its own. */
  readonly client: StewardClient;
  readonly poolName: string;
  readonly workerName: string;
  /**
   * Claims up to `limit` runs, long-polling `waitSeconds`; replaces the work-pool claim (a runner
   * claims by deployment). `poolName` then only names the source in log lines.
   */
  readonly claim?: (limit: number, waitSeconds: number) => Promise<T[]>;
  /** What is claimed from, in log lines. @default `work pool '<poolName>'` */
  readonly source?: string;
  /** Only these queues; empty or absent: all queues of the pool. */
  readonly workQueues?: readonly string[];
  readonly limiter: CapacityLimiter;
  readonly prefetchSeconds: number;
  /** How long one claim may wait on the server for a run to become due. */
  readonly waitSeconds: number;
  /** Claim once, then return. */
  readonly once: boolean;
  /** Stops the loop (and ends a claim in flight). */
  readonly signal: AbortSignal;
  /** Receives each claimed run with one slot already taken; it must release the slot. */
  readonly onClaimed: (claimed: T) => void;
  readonly log: WorkerLog;
  readonly backoff?: Backoff;
}

/**
 * Claims runs for as long as the worker runs: waits for a free slot, long-polls the pool for at
 * most that many due runs (which the server moves to PENDING atomically), hands each one over with
 * its slot, and goes again. Errors never end the loop: it backs off (exponentially, with jitter,
 * capped) and logs one line per failure.
 */
export async function runClaimLoop<T = ClaimedFlowRun>(options: ClaimLoopOptions<T>): Promise<void> {
  const { limiter, signal, log } = options;
  const backoff = options.backoff ?? new Backoff();
  while (!signal.aborted) {
    await limiter.waitForFree(signal);
    if (signal.aborted) return;
    const wanted = reserve(limiter, Math.min(limiter.free, MAX_CLAIM_BATCH));
    let claimed: T[];
    try {
      const waitSeconds = options.once ? 0 : options.waitSeconds;
      claimed = options.claim
        ? await options.claim(wanted, waitSeconds)
        : ((await claim(options, wanted)) as unknown as T[]);
      backoff.reset();
    } catch (error) {
      for (let i = 0; i < wanted; i++) limiter.release();
      if (signal.aborted) return;
      const delay = backoff.next();
      log.warn(
        `Claiming runs from ${options.source ?? `work pool '${options.poolName}'`} failed (${describeError(error)}); retrying in ${(delay / 1000).toFixed(1)} s.`,
      );
      if (options.once) return;
      await sleepUnlessAborted(delay, signal);
      continue;
    }
    // Slots asked for but not filled go back before the runs are handed over.
    for (let i = claimed.length; i < wanted; i++) limiter.release();
    for (const run of claimed) options.onClaimed(run);
    if (options.once) return;
  }
}

function reserve(limiter: CapacityLimiter, count: number): number {
  let taken = 0;
  while (taken < count && limiter.tryAcquire()) taken++;
  return taken;
}

function claim<T>(options: ClaimLoopOptions<T>, limit: number): Promise<ClaimedFlowRun[]> {
  const queues = options.workQueues ?? [];
  return options.client.call("claimFlowRuns", {
    params: { name: options.poolName },
    body: {
      worker_name: options.workerName,
      ...(queues.length > 0 ? { work_queue_names: [...queues] } : {}),
      limit,
      prefetch_seconds: options.prefetchSeconds,
      wait_seconds: options.once ? 0 : options.waitSeconds,
    },
  });
}
