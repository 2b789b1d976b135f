import { type Kysely, type SqlBool, sql } from "kysely";
import { columnTypes } from "./column-types.js";

/**
 * The scheduler.
 *
 * - `deployment.catchup_policy`: what a claim does with runs that went Late while no worker was
 *   there (run_all / run_latest / skip). Existing deployments get the default, run_latest.
 * - `flow_run.schedule_id`: the schedule an auto-scheduled run came from (NULL for every other
 *   run). `created_by` holds it too, but as JSON; a plain column can be indexed and grouped on
 *   in both dialects. No foreign key: a deleted schedule's finished runs keep their history.
 * - One partial index serves both of the scheduler's loop queries: "count and latest future
 *   SCHEDULED run per schedule of these deployments" and, at claim time, "Late runs of this
 *   deployment". It only holds auto-scheduled SCHEDULED runs, so it stays small however many
 *   finished runs pile up.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .alterTable("deployment")
    .addColumn("catchup_policy", "text", (c) => c.notNull().defaultTo("run_latest"))
    .execute();
  await db.schema.alterTable("flow_run").addColumn("schedule_id", t.id).execute();
  await db.schema
    .createIndex("ix_flow_run__deployment_id_schedule_id_next_scheduled_start_time")
    .on("flow_run")
    .columns(["deployment_id", "schedule_id", "next_scheduled_start_time"])
    .where(sql<SqlBool>`state_type = 'SCHEDULED' and schedule_id is not null`)
    .execute();
}
