import { type Kysely, sql } from "kysely";
import { columnTypes, EMPTY_JSON_ARRAY } from "./column-types.js";

/**
 * What the automations engine keeps so that a restart resumes where it stopped.
 *
 * - `automation_engine_state`: one row; the engine's cursor into the event table and a version
 *   bumped by every write. Each batch's writes compare-and-set the version, so two server replicas
 *   never both process the same events.
 * - `automation_bucket`: the open counting windows of event triggers and the child firings of
 *   compound / sequence triggers, one row per (automation, trigger path, key). `automation_updated`
 *   is the automation's `updated` when the row was written: a replaced automation starts afresh.
 *   No foreign key to `automation`: the engine drops a deleted automation's rows itself.
 * - `automation_action_job`: the durable queue of triggered actions. Claimed jobs hold a lease;
 *   one whose executor died becomes claimable again when the lease runs out. Retries reschedule
 *   the row (`next_attempt_at`), so a restart loses none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("automation_engine_state")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("cursor", "text")
    .addColumn("version", t.time, (c) => c.notNull())
    .addColumn("updated", t.time, (c) => c.notNull())
    .execute();
  await sql`insert into automation_engine_state (id, cursor, version, updated) values (1, null, 0, 0)`.execute(
    db,
  );

  await db.schema
    .createTable("automation_bucket")
    .addColumn("automation_id", t.id, (c) => c.notNull())
    .addColumn("trigger_path", "text", (c) => c.notNull())
    .addColumn("bucket_key", "text", (c) => c.notNull())
    .addColumn("automation_updated", t.time, (c) => c.notNull())
    .addColumn("data", t.json, (c) => c.notNull())
    .addColumn("updated", t.time, (c) => c.notNull())
    .addPrimaryKeyConstraint("pk_automation_bucket", ["automation_id", "trigger_path", "bucket_key"])
    .execute();

  await db.schema
    .createTable("automation_action_job")
    .addColumn("id", t.id, (c) => c.primaryKey())
    .addColumn("created", t.time, (c) => c.notNull())
    .addColumn("updated", t.time, (c) => c.notNull())
    .addColumn("automation_id", t.id, (c) => c.notNull())
    .addColumn("automation_name", "text", (c) => c.notNull())
    .addColumn("firing_id", t.id, (c) => c.notNull())
    .addColumn("action_index", "integer", (c) => c.notNull())
    .addColumn("action_type", "text", (c) => c.notNull())
    .addColumn("action", t.json, (c) => c.notNull())
    .addColumn("triggering_event", t.json)
    .addColumn("bucket", "text", (c) => c.notNull())
    // PENDING → RUNNING → SUCCEEDED | FAILED (or PENDING again for a retry).
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", t.time, (c) => c.notNull())
    .addColumn("lease_until", t.time)
    .addColumn("result", t.json)
    .addColumn("attempt_log", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_ARRAY))
    .execute();
  // The executor's loop query: due PENDING jobs, and RUNNING ones whose lease ran out.
  await db.schema
    .createIndex("ix_automation_action_job__status_next_attempt_at")
    .on("automation_action_job")
    .columns(["status", "next_attempt_at"])
    .execute();
  await db.schema
    .createIndex("ix_automation_action_job__automation_id_created")
    .on("automation_action_job")
    .columns(["automation_id", "created"])
    .execute();
}
