import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { StateCreate } from "../../../api/index.js";
import { StateName, StateType } from "../../../core/states.js";
import { fromJson, isoFromMs, msOrNull } from "../codec.js";
import type { StoreContext } from "../context.js";
import type { JsonText } from "../database.js";
import type { Parsed } from "../types.js";
import type { Store } from "../store.js";
import { updateStatuses } from "./maintenance-foreman.js";
import { proposeState } from "./propose-state.js";

/** Runs looked at per query; a tick repeats while whole batches keep changing. */
export const MAINTENANCE_BATCH = 200;

/** The columns a rule reads to describe a stuck run in its new state. */
interface StuckRun {
  readonly id: string;
  readonly state_timestamp: number | null;
  readonly next_scheduled_start_time: number | null;
  readonly last_heartbeat: number | null;
  /** The current state's details as stored (JSON text), e.g. the time a claimed run is due. */
  readonly state_details: JsonText | null;
}

/** One maintenance rule: which runs are stuck, and the state each one is forced into. */
interface StuckRule {
  readonly stuck: (before: number) => RawBuilder<SqlBool>;
  readonly state: (run: StuckRun, now: number) => Parsed<typeof StateCreate>;
  /** Whether the change can free a slot or make a run claimable (wake claim waiters). */
  readonly wakesClaims: boolean;
}

/** The default name of a SCHEDULED state (the only one the late-runs rule renames). */
const SCHEDULED_NAME = "Scheduled";

const iso = (ms: number | null) => (ms === null ? "never" : isoFromMs(ms));

const LATE: StuckRule = {
  // Only runs still named "Scheduled": AwaitingRetry and the like keep their name (Prefect's rule).
  stuck: (before) =>
    sql<SqlBool>`state_type = 'SCHEDULED' and state_name = ${SCHEDULED_NAME} and next_scheduled_start_time <= ${before}`,
  state: (run) => ({
    type: StateType.SCHEDULED,
    name: StateName.Late,
    state_details: { scheduled_time: isoFromMs(run.next_scheduled_start_time ?? 0) },
  }),
  wakesClaims: false,
};

const ZOMBIE: StuckRule = {
  // Silent since `before`: no heartbeat since then, and RUNNING since before then (a run that
  // never sent one is judged by when it started RUNNING).
  stuck: (before) =>
    sql<SqlBool>`state_type = 'RUNNING' and state_timestamp < ${before} and (last_heartbeat is null or last_heartbeat < ${before})`,
  state: (run) => ({
    type: StateType.CRASHED,
    message: `Flow run's process stopped sending heartbeats (last at ${iso(run.last_heartbeat ?? run.state_timestamp)}); marked CRASHED by the zombie reaper`,
  }),
  wakesClaims: true,
};

const EXPIRED_CLAIM: StuckRule = {
  // Runs of a pool only: a run created PENDING outside pools is its creator's to start. A claimed
  // run whose process beats is alive, however long ago the claim: it waits for its scheduled time
  // (a worker may prefetch runs further ahead than this timeout).
  stuck: (before) =>
    sql<SqlBool>`state_type = 'PENDING' and state_timestamp < ${before} and work_queue_id is not null and (last_heartbeat is null or last_heartbeat < ${before})`,
  // Due again when the claim was due: rescheduling a claim made ahead of time to "now" would let
  // the next worker start it early.
  state: (run, now) => ({
    type: StateType.SCHEDULED,
    name: SCHEDULED_NAME,
    message: "Claim expired: the worker never started the run; rescheduled",
    state_details: { scheduled_time: isoFromMs(Math.max(now, claimedFor(run) ?? now)) },
  }),
  wakesClaims: true,
};

/** The time a PENDING run was claimed for (its state's `scheduled_time`), in ms, or null. */
function claimedFor(run: StuckRun): number | null {
  const details = fromJson<{ scheduled_time?: unknown }>(run.state_details, {});
  return typeof details.scheduled_time === "string" ? msOrNull(details.scheduled_time) : null;
}

const STUCK_CANCELLING: StuckRule = {
  stuck: (before) => sql<SqlBool>`state_type = 'CANCELLING' and state_timestamp < ${before}`,
  state: () => ({
    type: StateType.CANCELLED,
    message: "Cancellation timed out: no process acknowledged it; marked CANCELLED",
  }),
  wakesClaims: true,
};

/** The background services' work on runs and statuses; each call returns how many rows changed. */
export function createMaintenanceRepo(ctx: StoreContext): Store["maintenance"] {
  return {
    markLateRuns: (before) => forceStuck(ctx, LATE, before),
    updateStatuses: (now) => updateStatuses(ctx.db, now),
    reapZombies: (before) => forceStuck(ctx, ZOMBIE, before),
    expireClaims: (before) => forceStuck(ctx, EXPIRED_CLAIM, before),
    finishStuckCancellations: (before) => forceStuck(ctx, STUCK_CANCELLING, before),
  };
}

/**
 * Forces every run `rule` finds stuck into its new state, one short transaction per run, through
 * the shared write path (state row, bookkeeping). The run is locked and checked again first: it
 * may have moved on (started, sent a heartbeat, finished) since it was found, and a forced write
 * must never overwrite that.
 */
async function forceStuck(ctx: StoreContext, rule: StuckRule, before: number): Promise<number> {
  let changed = 0;
  for (;;) {
    const batch = await findStuck(ctx, rule, before, undefined);
    let changedNow = 0;
    for (const run of batch) if (await forceOne(ctx, rule, before, run.id)) changedNow++;
    changed += changedNow;
    // A full batch that changed nothing would be found again: stop rather than spin.
    if (batch.length < MAINTENANCE_BATCH || changedNow === 0) break;
  }
  if (changed > 0 && rule.wakesClaims) ctx.notifyRunsChanged();
  return changed;
}

async function findStuck(
  ctx: StoreContext,
  rule: StuckRule,
  before: number,
  id: string | undefined,
): Promise<StuckRun[]> {
  let q = ctx.db
    .selectFrom("flow_run")
    .leftJoin("flow_run_state as current_state", "current_state.id", "flow_run.state_id")
    .select([
      "flow_run.id",
      "flow_run.state_timestamp",
      "flow_run.next_scheduled_start_time",
      "flow_run.last_heartbeat",
      "current_state.details as state_details",
    ])
    .where(rule.stuck(before));
  if (id !== undefined) q = q.where("flow_run.id", "=", id);
  return q.orderBy("flow_run.state_timestamp").limit(MAINTENANCE_BATCH).execute();
}

async function forceOne(ctx: StoreContext, rule: StuckRule, before: number, id: string): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    await ctx.ops.lockRuns(trx, "flow_run", [id]);
    const [run] = await findStuck({ ...ctx, db: trx }, rule, before, id);
    if (run === undefined) return false;
    const outcome = await proposeState(ctx, trx, "flow_run", id, {
      state: rule.state(run, ctx.now()),
      force: true,
    });
    return outcome?.written === true;
  });
}
