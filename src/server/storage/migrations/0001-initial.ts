import { type CreateTableBuilder, type Kysely, sql } from "kysely";
import { type ColumnTypes, columnTypes, EMPTY_JSON_ARRAY, EMPTY_JSON_OBJECT } from "./column-types.js";

/**
 * Flows, flow runs, task runs and their state histories.
 *
 * Runs keep denormalised copies of their current state (`state_*`) and the bookkeeping columns so
 * the list and loop queries never need to join the state tables. `state_id` has no foreign key:
 * task-run states recorded in batches may arrive before or after the state that becomes current.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await createFlow(db, t);
  await createFlowRun(db, t);
  await createStateTable(db, t, "flow_run_state", "flow_run_id", "flow_run");
  await createTaskRun(db, t);
  await createStateTable(db, t, "task_run_state", "task_run_id", "task_run");
}

async function createFlow(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable("flow")
    .addColumn("id", t.id, (c) => c.primaryKey())
    .addColumn("created", t.time, (c) => c.notNull())
    .addColumn("updated", t.time, (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("tags", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_ARRAY))
    .addColumn("labels", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_OBJECT))
    .execute();
}

/** The current-state and bookkeeping columns that flow runs and task runs share. */
function addRunStateColumns<N extends string>(
  builder: CreateTableBuilder<N, never>,
  t: ColumnTypes,
): CreateTableBuilder<N, never> {
  return builder
    .addColumn("state_id", t.id)
    .addColumn("state_type", "text")
    .addColumn("state_name", "text")
    .addColumn("state_timestamp", t.time)
    .addColumn("run_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("expected_start_time", t.time)
    .addColumn("next_scheduled_start_time", t.time)
    .addColumn("start_time", t.time)
    .addColumn("end_time", t.time)
    .addColumn("total_run_time", t.time, (c) => c.notNull().defaultTo(0));
}

async function createFlowRun(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  let table = db.schema
    .createTable("flow_run")
    .addColumn("id", t.id, (c) => c.primaryKey())
    .addColumn("created", t.time, (c) => c.notNull())
    .addColumn("updated", t.time, (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("flow_id", t.id, (c) => c.notNull().references("flow.id").onDelete("cascade"))
    // Deployment and work-pool columns are filled by later features; nullable from the start so
    // that adding those features needs no table rewrite.
    .addColumn("deployment_id", t.id)
    .addColumn("deployment_version", "text")
    .addColumn("work_queue_id", t.id)
    .addColumn("work_queue_name", "text")
    .addColumn("work_pool_id", t.id)
    .addColumn("work_pool_name", "text")
    .addColumn("flow_version", "text")
    .addColumn("parameters", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_OBJECT))
    .addColumn("idempotency_key", "text")
    .addColumn("context", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_OBJECT))
    .addColumn("empirical_policy", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_OBJECT))
    .addColumn("tags", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_ARRAY))
    .addColumn("labels", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_OBJECT))
    .addColumn("parent_task_run_id", t.id)
    .addColumn("auto_scheduled", t.bool, (c) =>
      c.notNull().defaultTo(sql.lit(t.bool === "boolean" ? false : 0)),
    )
    .addColumn("infrastructure_pid", "text")
    .addColumn("job_variables", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_OBJECT))
    .addColumn("created_by", t.json);
  table = addRunStateColumns(table, t);
  await table.execute();

  const index = (name: string) => db.schema.createIndex(name).on("flow_run");
  await index("ix_flow_run__state_type_expected_start_time")
    .columns(["state_type", "expected_start_time"])
    .execute();
  await index("ix_flow_run__flow_id").column("flow_id").execute();
  await index("ix_flow_run__deployment_id").column("deployment_id").execute();
  await index("ix_flow_run__work_queue_id").column("work_queue_id").execute();
  await index("ix_flow_run__parent_task_run_id").column("parent_task_run_id").execute();
  // The scheduler and the claim loop only ever look for SCHEDULED runs by their next start.
  await index("ix_flow_run__next_scheduled_start_time_scheduled")
    .column("next_scheduled_start_time")
    .where(sql.ref("state_type"), "=", "SCHEDULED")
    .execute();
  await index("uq_flow_run__flow_id_idempotency_key")
    .unique()
    .columns(["flow_id", "idempotency_key"])
    .execute();
}

async function createTaskRun(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  let table = db.schema
    .createTable("task_run")
    .addColumn("id", t.id, (c) => c.primaryKey())
    .addColumn("created", t.time, (c) => c.notNull())
    .addColumn("updated", t.time, (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("flow_run_id", t.id, (c) => c.references("flow_run.id").onDelete("cascade"))
    .addColumn("task_key", "text", (c) => c.notNull())
    .addColumn("dynamic_key", "text", (c) => c.notNull())
    .addColumn("cache_key", "text")
    .addColumn("cache_expiration", t.time)
    .addColumn("task_version", "text")
    .addColumn("empirical_policy", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_OBJECT))
    .addColumn("tags", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_ARRAY))
    .addColumn("labels", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_OBJECT))
    .addColumn("task_inputs", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_OBJECT))
    .addColumn("flow_run_run_count", "integer", (c) => c.notNull().defaultTo(0));
  table = addRunStateColumns(table, t);
  await table.execute();

  // Its leading column also serves lookups and cascading deletes by flow_run_id, so a separate
  // task_run(flow_run_id) index would only slow down the batch inserts.
  await db.schema
    .createIndex("uq_task_run__flow_run_id_task_key_dynamic_key")
    .on("task_run")
    .unique()
    .columns(["flow_run_id", "task_key", "dynamic_key"])
    .execute();
}

async function createStateTable(
  db: Kysely<unknown>,
  t: ColumnTypes,
  table: "flow_run_state" | "task_run_state",
  runColumn: "flow_run_id" | "task_run_id",
  runTable: "flow_run" | "task_run",
): Promise<void> {
  await db.schema
    .createTable(table)
    .addColumn("id", t.id, (c) => c.primaryKey())
    .addColumn("created", t.time, (c) => c.notNull())
    .addColumn(runColumn, t.id, (c) => c.notNull().references(`${runTable}.id`).onDelete("cascade"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("timestamp", t.time, (c) => c.notNull())
    .addColumn("message", "text")
    .addColumn("data", t.json)
    .addColumn("details", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_OBJECT))
    .execute();
  await db.schema
    .createIndex(`ix_${table}__${runColumn}_timestamp`)
    .on(table)
    .columns([runColumn, "timestamp"])
    .execute();
}
