import type { Kysely } from "kysely";
import { columnTypes } from "./column-types.js";

/**
 * Log lines. No foreign keys: log batches may arrive after their run was deleted, and shipping
 * logs must never fail because of it. Deleting a run deletes its logs explicitly.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("log")
    .addColumn("id", t.id, (c) => c.primaryKey())
    .addColumn("created", t.time, (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("level", "integer", (c) => c.notNull())
    .addColumn("message", "text", (c) => c.notNull())
    .addColumn("timestamp", t.time, (c) => c.notNull())
    .addColumn("flow_run_id", t.id)
    .addColumn("task_run_id", t.id)
    .execute();
  await db.schema
    .createIndex("ix_log__flow_run_id_timestamp")
    .on("log")
    .columns(["flow_run_id", "timestamp"])
    .execute();
  // Retention deletes by time across all runs.
  await db.schema.createIndex("ix_log__timestamp").on("log").column("timestamp").execute();
}
