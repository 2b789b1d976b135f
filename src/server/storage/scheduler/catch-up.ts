/**
 * @module The catch-up policy (beyond Prefect): what a claim does with auto-scheduled runs that
 * went Late while no worker was there. `run_all` claims them all (Prefect's behaviour);
 * `run_latest` claims only the newest Late run of each schedule and cancels the older ones as
 * "Skipped"; `skip` cancels every Late run. Runs that are due but not Late are never touched.
 *
 * It runs as the first step of a claim, inside the claim's transaction (under the pool lock on
 * PostgreSQL, under the write lock on SQLite), so the claim that follows can only see what the
 * policy leaves.
 */
import { type SqlBool, sql } from "kysely";
import { StateName, StateType } from "../../../core/states.js";
import type { StoreContext } from "../context.js";
import type { Db } from "../database.js";
import { proposeState } from "../runs/propose-state.js";

/**
 * Due this long ago, a SCHEDULED run counts as Late even before the late-runs service has renamed
 * it (Prefect's 15 s, the default of `lateRunsAfterSeconds`); runs already named Late always count.
 */
export const CATCHUP_LATE_AFTER_MS = 15_000;

/** The name of a run the catch-up policy cancelled. */
export const SKIPPED_NAME = "Skipped";

/** Why a run was skipped, per policy. */
export function skippedMessage(policy: "run_latest" | "skip"): string {
  return policy === "run_latest"
    ? "Skipped by the catch-up policy run_latest: a newer run of this schedule is due"
    : "Skipped by the catch-up policy skip: the run went Late while no worker was available";
}

interface LateRun {
  readonly id: string;
  readonly deployment_id: string | null;
  readonly schedule_id: string | null | undefined;
  readonly next_scheduled_start_time: number | null;
  readonly catchup_policy: string;
}

/** Where a claim looks: the work queues it polls, or (for `serve`) the deployments it serves. */
export type CatchupScope =
  { readonly queueIds: readonly string[] } | { readonly deploymentIds: readonly string[] };

/**
 * Applies the catch-up policies of the deployments whose Late runs sit in `scope`; returns how
 * many runs it cancelled. Call it inside the claim's transaction, before selecting runs.
 */
export async function applyCatchup(
  ctx: StoreContext,
  trx: Db,
  scope: CatchupScope,
  now: number,
): Promise<number> {
  const ids = "queueIds" in scope ? scope.queueIds : scope.deploymentIds;
  if (ids.length === 0) return 0;
  const late = await lateRuns(ctx, trx, scope, now);
  let cancelled = 0;
  for (const run of toSkip(late)) {
    const policy = run.catchup_policy === "skip" ? "skip" : "run_latest";
    const outcome = await proposeState(ctx, trx, "flow_run", run.id, {
      state: { type: StateType.CANCELLED, name: SKIPPED_NAME, message: skippedMessage(policy) },
      force: true,
    });
    if (outcome?.written) cancelled++;
  }
  return cancelled;
}

/** Late auto-scheduled runs of non-run_all deployments in the queues, newest first. */
async function lateRuns(ctx: StoreContext, trx: Db, scope: CatchupScope, now: number): Promise<LateRun[]> {
  const q = trx
    .selectFrom("flow_run")
    .innerJoin("deployment", "deployment.id", "flow_run.deployment_id")
    .select([
      "flow_run.id",
      "flow_run.deployment_id",
      "flow_run.schedule_id",
      "flow_run.next_scheduled_start_time",
      "deployment.catchup_policy",
    ])
    .where(
      "queueIds" in scope
        ? sql<SqlBool>`flow_run.work_queue_id in (${sql.join([...scope.queueIds])})`
        : sql<SqlBool>`flow_run.deployment_id in (${sql.join([...scope.deploymentIds])})`,
    )
    .where(sql<SqlBool>`flow_run.state_type = 'SCHEDULED' and flow_run.schedule_id is not null`)
    .where("flow_run.next_scheduled_start_time", "<=", now)
    .where(
      sql<SqlBool>`(flow_run.state_name = ${StateName.Late} or flow_run.next_scheduled_start_time <= ${now - CATCHUP_LATE_AFTER_MS})`,
    )
    .where("deployment.catchup_policy", "<>", "run_all")
    .orderBy("flow_run.next_scheduled_start_time", "desc")
    .orderBy("flow_run.id", "desc");
  // Rows another transaction is changing (a claim elsewhere, a cancel) are left to it.
  return ctx.ops.name === "postgres" ? q.forUpdate(["flow_run"]).skipLocked().execute() : q.execute();
}

/** `skip`: all of them; `run_latest`: all but the newest of each schedule. Oldest first. */
function toSkip(late: readonly LateRun[]): LateRun[] {
  const keptSchedules = new Set<string>();
  const skip: LateRun[] = [];
  for (const run of late) {
    const schedule = `${run.deployment_id} ${run.schedule_id}`;
    if (run.catchup_policy !== "skip" && !keptSchedules.has(schedule)) {
      keptSchedules.add(schedule);
      continue;
    }
    skip.push(run);
  }
  return skip.reverse();
}
