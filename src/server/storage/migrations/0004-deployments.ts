import { type Kysely, sql } from "kysely";
import { type ColumnTypes, columnTypes, EMPTY_JSON_ARRAY, EMPTY_JSON_OBJECT } from "./column-types.js";

/**
 * Deployments and their schedules.
 *
 * A deployment keeps copies of its pool's and queue's names next to `work_queue_id` so lists show
 * them without joins, and so a deployment whose queue was deleted (the id goes NULL) still says
 * where it used to run. Flow runs already have `deployment_id` (migration 0001) with no foreign
 * key: a deleted deployment's finished runs keep their history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await createDeployment(db, t);
  await createDeploymentSchedule(db, t);
}

const lit = (t: ColumnTypes, value: boolean) => sql.lit(t.bool === "boolean" ? value : value ? 1 : 0);

async function createDeployment(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable("deployment")
    .addColumn("id", t.id, (c) => c.primaryKey())
    .addColumn("created", t.time, (c) => c.notNull())
    .addColumn("updated", t.time, (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("flow_id", t.id, (c) => c.notNull().references("flow.id").onDelete("cascade"))
    .addColumn("version", "text")
    .addColumn("description", "text")
    .addColumn("entrypoint", "text")
    .addColumn("parameters", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_OBJECT))
    .addColumn("parameter_openapi_schema", t.json)
    .addColumn("enforce_parameter_schema", t.bool, (c) => c.notNull().defaultTo(lit(t, true)))
    .addColumn("job_variables", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_OBJECT))
    .addColumn("work_queue_id", t.id, (c) => c.references("work_queue.id").onDelete("set null"))
    .addColumn("work_queue_name", "text")
    .addColumn("work_pool_name", "text")
    .addColumn("paused", t.bool, (c) => c.notNull().defaultTo(lit(t, false)))
    .addColumn("concurrency_limit", "integer")
    .addColumn("concurrency_options", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_OBJECT))
    .addColumn("tags", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_ARRAY))
    .addColumn("labels", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_OBJECT))
    .addColumn("pull_steps", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_ARRAY))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("NOT_READY"))
    .addColumn("status_updated", t.time, (c) => c.notNull())
    .addColumn("last_polled", t.time)
    .execute();

  const index = (name: string) => db.schema.createIndex(name).on("deployment");
  // The upsert key; its leading column also serves "deployments of a flow" and the cascade.
  await index("uq_deployment__flow_id_name").unique().columns(["flow_id", "name"]).execute();
  // Claims and the foreman reach deployments through their queue.
  await index("ix_deployment__work_queue_id").column("work_queue_id").execute();
  // List orders (NAME_ASC is the default) and the scheduler's "recently updated" loop.
  await index("ix_deployment__name").column("name").execute();
  await index("ix_deployment__updated").column("updated").execute();
  await index("ix_deployment__work_pool_name").column("work_pool_name").execute();
}

async function createDeploymentSchedule(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable("deployment_schedule")
    .addColumn("id", t.id, (c) => c.primaryKey())
    .addColumn("created", t.time, (c) => c.notNull())
    .addColumn("updated", t.time, (c) => c.notNull())
    .addColumn("deployment_id", t.id, (c) => c.notNull().references("deployment.id").onDelete("cascade"))
    .addColumn("schedule", t.json, (c) => c.notNull())
    .addColumn("active", t.bool, (c) => c.notNull().defaultTo(lit(t, true)))
    .addColumn("max_scheduled_runs", "integer")
    .addColumn("parameters", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_OBJECT))
    .addColumn("slug", "text")
    .execute();
  await db.schema
    .createIndex("ix_deployment_schedule__deployment_id")
    .on("deployment_schedule")
    .column("deployment_id")
    .execute();
  // Slugs name schedules within a deployment; unnamed schedules may be many.
  await db.schema
    .createIndex("uq_deployment_schedule__deployment_id_slug")
    .on("deployment_schedule")
    .unique()
    .columns(["deployment_id", "slug"])
    .where(sql.ref("slug"), "is not", null)
    .execute();
}
