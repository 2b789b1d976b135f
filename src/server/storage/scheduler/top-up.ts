/**
 * @module The scheduler's top-up: pages through the schedulable deployments by id, works out which
 * runs each active schedule is missing (one aggregate query per page), trims that to the cap on
 * waiting runs per deployment, and inserts them in short idempotent batches.
 */
import type { StoreContext } from "../context.js";
import { limitsOf } from "../limits.js";
import { applyCatchup } from "./catch-up.js";
import type { CappedDeployment } from "./cap.js";
import { insertScheduledRuns } from "./insert-runs.js";
import { deploymentPage, type PlannedRun, planPage, type SchedulableDeployment } from "./plan.js";

/** Deployments read per page (Prefect's DEPLOYMENT_BATCH_SIZE). */
export const DEPLOYMENT_PAGE = 100;

/** Options of a top-up. */
export interface TopUpOptions {
  /** The time to schedule from (epoch ms). @default the store's clock */
  readonly now?: number;
  /** Only these deployments (the fast path after a change); all when absent. */
  readonly deploymentIds?: readonly string[];
}

/** What a top-up did. */
export interface TopUpResult {
  /** Deployments looked at. */
  readonly deployments: number;
  /** Active schedules looked at. */
  readonly schedules: number;
  /** Runs inserted (planned runs that already existed are not counted). */
  readonly inserted: number;
  /** Wall-clock time taken, in milliseconds. */
  readonly elapsedMs: number;
  /** Late runs the catch-up policies cancelled before planning (see catch-up.ts). */
  readonly skipped: number;
  /** Deployments at the cap on waiting runs (STEWARD_SERVER_SCHEDULER_MAX_SCHEDULED_RUNS). */
  readonly capped: readonly CappedDeployment[];
}

/**
 * Creates the missing SCHEDULED runs of every active schedule of every unpaused, routable
 * deployment (or of `deploymentIds`). Safe to run concurrently with itself, here or in another
 * replica: a run that already exists is skipped by its idempotency key. Wakes claim waiters
 * when it inserted anything.
 */
export async function topUp(ctx: StoreContext, options: TopUpOptions = {}): Promise<TopUpResult> {
  const started = performance.now();
  const now = options.now ?? ctx.now();
  const ids = options.deploymentIds === undefined ? undefined : [...new Set(options.deploymentIds)];
  let deployments = 0;
  let schedules = 0;
  let inserted = 0;
  let skipped = 0;
  const capped: CappedDeployment[] = [];
  let cursor: string | undefined;
  if (ids?.length === 0) return { deployments, schedules, inserted, elapsedMs: 0, skipped, capped };
  const cap = limitsOf(ctx).maxScheduledRunsPerDeployment;
  for (;;) {
    const page = await deploymentPage(ctx.db, { after: cursor, ids, limit: DEPLOYMENT_PAGE });
    if (page.deployments.length === 0) break;
    skipped += await catchUp(ctx, page.deployments, now);
    const plan = await planPage(ctx.db, page.deployments, now, cap);
    deployments += page.deployments.length;
    schedules += plan.schedules;
    capped.push(...plan.capped);
    inserted += await insertPlanned(ctx, plan.runs);
    cursor = page.cursor;
    if (page.deployments.length < DEPLOYMENT_PAGE) break;
  }
  return { deployments, schedules, inserted, elapsedMs: performance.now() - started, skipped, capped };
}

/**
 * Applies the catch-up policies to Late runs nobody claimed, as a claim would: with no worker
 * polling, `skip` and `run_latest` would otherwise leave every Late run in place (and the cap
 * full of them). Runs of `run_all` deployments stay.
 */
async function catchUp(
  ctx: StoreContext,
  deployments: readonly SchedulableDeployment[],
  now: number,
): Promise<number> {
  const deploymentIds = deployments.map((deployment) => deployment.id);
  return ctx.db.transaction().execute((trx) => applyCatchup(ctx, trx, { deploymentIds }, now));
}

async function insertPlanned(ctx: StoreContext, runs: readonly PlannedRun[]): Promise<number> {
  if (runs.length === 0) return 0;
  const inserted = await insertScheduledRuns(ctx, runs);
  // Claim long-polls sleep until the earliest due run; new runs may be due sooner.
  if (inserted > 0) ctx.notifyRunsChanged();
  return inserted;
}
