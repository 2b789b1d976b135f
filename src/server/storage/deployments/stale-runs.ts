/**
 * @module Removing a deployment's runs that no longer apply: after an upsert, update or pause, its
 * future auto-scheduled runs (the scheduler makes new ones from the current schedules); when it is
 * deleted, every run that has not started yet.
 */
import { type SqlBool, sql } from "kysely";
import type { Db } from "../database.js";

/** Prefect keeps these: they already wait for a deployment concurrency slot. */
const AWAITING_SLOT = "AwaitingConcurrencySlot";

/** Deletes runs matched by `where` and their logs (logs have no foreign key, see migration 0002). */
async function deleteRuns(
  trx: Db,
  deploymentId: string,
  where: ReturnType<typeof sql<SqlBool>>,
): Promise<number> {
  const ids = trx.selectFrom("flow_run").select("id").where("deployment_id", "=", deploymentId).where(where);
  await trx.deleteFrom("log").where("flow_run_id", "in", ids).execute();
  const result = await trx
    .deleteFrom("flow_run")
    .where("deployment_id", "=", deploymentId)
    .where(where)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Deletes the deployment's auto-scheduled SCHEDULED runs due from `now` on that never ran
 * (run_count 0). Manual runs, runs already claimed (PENDING) and overdue ones stay.
 */
export function deleteFutureAutoScheduledRuns(trx: Db, deploymentId: string, now: number): Promise<number> {
  return deleteRuns(
    trx,
    deploymentId,
    sql<SqlBool>`flow_run.auto_scheduled = ${sql.lit(true)}
      and flow_run.state_type = 'SCHEDULED'
      and flow_run.run_count = 0
      and (flow_run.state_name is null or flow_run.state_name <> ${AWAITING_SLOT})
      and flow_run.next_scheduled_start_time >= ${now}`,
  );
}

/** Deletes the deployment's SCHEDULED runs that never started; finished and running ones stay. */
export function deleteUnstartedRuns(trx: Db, deploymentId: string): Promise<number> {
  return deleteRuns(
    trx,
    deploymentId,
    sql<SqlBool>`flow_run.state_type = 'SCHEDULED' and flow_run.start_time is null`,
  );
}
