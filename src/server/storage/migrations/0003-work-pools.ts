import { type Kysely, type SqlBool, sql } from "kysely";
import { type ColumnTypes, columnTypes, EMPTY_JSON_OBJECT } from "./column-types.js";

/**
 * Work pools, their queues and workers; the flow-run heartbeat; the indexes of the claim query
 * and of the maintenance services.
 *
 * `work_pool.default_queue_id` has no foreign key: the pool and its default queue refer to each
 * other, and SQLite cannot add a constraint after the table exists. The store keeps it right (the
 * default queue cannot be deleted; deleting the pool cascades to its queues).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await createWorkPool(db, t);
  await createWorkQueue(db, t);
  await createWorker(db, t);
  await extendFlowRun(db, t);
}

const lit = (t: ColumnTypes, value: boolean) => sql.lit(t.bool === "boolean" ? value : value ? 1 : 0);

async function createWorkPool(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable("work_pool")
    .addColumn("id", t.id, (c) => c.primaryKey())
    .addColumn("created", t.time, (c) => c.notNull())
    .addColumn("updated", t.time, (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("is_paused", t.bool, (c) => c.notNull().defaultTo(lit(t, false)))
    .addColumn("concurrency_limit", "integer")
    .addColumn("base_job_template", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_OBJECT))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("NOT_READY"))
    .addColumn("status_updated", t.time, (c) => c.notNull())
    .addColumn("default_queue_id", t.id)
    .execute();
}

async function createWorkQueue(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable("work_queue")
    .addColumn("id", t.id, (c) => c.primaryKey())
    .addColumn("created", t.time, (c) => c.notNull())
    .addColumn("updated", t.time, (c) => c.notNull())
    .addColumn("work_pool_id", t.id, (c) => c.notNull().references("work_pool.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("is_paused", t.bool, (c) => c.notNull().defaultTo(lit(t, false)))
    .addColumn("concurrency_limit", "integer")
    // Not unique: a reshuffle moves priorities one row at a time, passing through duplicates.
    .addColumn("priority", "integer", (c) => c.notNull())
    .addColumn("last_polled", t.time)
    .addColumn("status", "text", (c) => c.notNull().defaultTo("NOT_READY"))
    .addColumn("status_updated", t.time, (c) => c.notNull())
    .execute();
  // Its leading column also serves the cascade from work_pool and "queues of a pool".
  await db.schema
    .createIndex("uq_work_queue__work_pool_id_name")
    .on("work_queue")
    .unique()
    .columns(["work_pool_id", "name"])
    .execute();
}

async function createWorker(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable("worker")
    .addColumn("id", t.id, (c) => c.primaryKey())
    .addColumn("created", t.time, (c) => c.notNull())
    .addColumn("updated", t.time, (c) => c.notNull())
    .addColumn("work_pool_id", t.id, (c) => c.notNull().references("work_pool.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("last_heartbeat_time", t.time, (c) => c.notNull())
    .addColumn("heartbeat_interval_seconds", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("ONLINE"))
    .addColumn("status_updated", t.time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("uq_worker__work_pool_id_name")
    .on("worker")
    .unique()
    .columns(["work_pool_id", "name"])
    .execute();
}

const ACTIVE = sql<SqlBool>`state_type in ('PENDING', 'RUNNING', 'CANCELLING')`;

async function extendFlowRun(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema.alterTable("flow_run").addColumn("last_heartbeat", t.time).execute();
  const index = (name: string) => db.schema.createIndex(name).on("flow_run");
  // The claim query walks one queue at a time, oldest due run first.
  await index("ix_flow_run__work_queue_id_next_scheduled_start_time_scheduled")
    .columns(["work_queue_id", "next_scheduled_start_time", "id"])
    .where(sql.ref("state_type"), "=", "SCHEDULED")
    .execute();
  // Slot accounting counts the runs holding a slot, per pool and queue, and per deployment; the
  // partial indexes stay small however many finished runs pile up.
  await index("ix_flow_run__work_pool_id_work_queue_id_active")
    .columns(["work_pool_id", "work_queue_id"])
    .where(ACTIVE)
    .execute();
  await index("ix_flow_run__deployment_id_active").column("deployment_id").where(ACTIVE).execute();
  // The zombie reaper, claim expiry and cancellation cleanup look for runs stuck in one state.
  await index("ix_flow_run__state_type_state_timestamp").columns(["state_type", "state_timestamp"]).execute();
}
