import { type Kysely, sql } from "kysely";
import { type ColumnTypes, columnTypes, EMPTY_JSON_ARRAY, EMPTY_JSON_OBJECT } from "./column-types.js";
import { createPostgresEventTriggers } from "./0008-events-postgres.js";
import { createSqliteEventTriggers } from "./0008-events-sqlite.js";

/**
 * Events, webhooks and automations.
 *
 * `event` holds every event: those clients send, and those the server's own changes make. The
 * latter are written by triggers (0008-events-sqlite.ts, 0008-events-postgres.ts) in the same
 * transaction as the change, so no change goes without its event and no event outlives a change
 * that rolled back — whichever code path made the change.
 *
 * `seq` numbers events in insertion order. On SQLite one writer at a time makes that the commit
 * order, so the live tail reads by `seq`. On PostgreSQL transactions commit out of order, so each
 * event also records its transaction (`tx`); the tail reads by (tx, seq) and only below the oldest
 * transaction still running (see events/tail-sql.ts).
 *
 * `resource_id` and `related_ids` copy the ids out of the label maps, so filters by resource and
 * related resource compare plain values (and, on PostgreSQL, use a GIN index for exact ids).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await createEvent(db, t);
  await createWebhook(db, t);
  await createAutomation(db, t);
  await (t.dialect === "sqlite" ? createSqliteEventTriggers(db) : createPostgresEventTriggers(db));
}

async function createEvent(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  const postgres = t.dialect === "postgres";
  let table = db.schema
    .createTable("event")
    .addColumn("seq", postgres ? "bigserial" : "integer", (c) =>
      postgres ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn("id", t.id, (c) => c.notNull().unique())
    .addColumn("occurred", t.time, (c) => c.notNull())
    .addColumn("received", t.time, (c) => c.notNull())
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("resource_id", "text", (c) => c.notNull())
    .addColumn("resource", t.json, (c) => c.notNull())
    .addColumn("related", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_ARRAY))
    .addColumn("related_ids", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_ARRAY))
    .addColumn("payload", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_OBJECT))
    .addColumn("follows", t.id);
  if (postgres) {
    // The writing transaction; pg_current_xact_id() gives it an id if it had none yet.
    table = table.addColumn("tx", sql`xid8`, (c) => c.notNull().defaultTo(sql`pg_current_xact_id()`));
  }
  await table.execute();

  const index = (name: string, columns: string) =>
    db.schema.createIndex(name).on("event").expression(sql.raw(columns)).execute();
  // The feed (newest first, keyset paging), time ranges, the volume chart and retention.
  await index("ix_event__occurred_id", "occurred, id");
  // "Events named …" and "events about resource …", in the feed's order.
  await index("ix_event__event_occurred_id", "event, occurred, id");
  await index("ix_event__resource_id_occurred_id", "resource_id, occurred, id");
  if (postgres) {
    // The live tail (events/tail-sql.ts), and exact related-resource ids (`related_ids @> …`).
    await index("ix_event__tx_seq", "tx, seq");
    await sql`create index ix_event__related_ids on event using gin (related_ids jsonb_path_ops)`.execute(db);
  }
}

async function createWebhook(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable("webhook")
    .addColumn("id", t.id, (c) => c.primaryKey())
    .addColumn("created", t.time, (c) => c.notNull())
    .addColumn("updated", t.time, (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("description", "text")
    .addColumn("enabled", t.bool, (c) => c.notNull())
    .addColumn("template", t.json, (c) => c.notNull())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .execute();
}

async function createAutomation(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable("automation")
    .addColumn("id", t.id, (c) => c.primaryKey())
    .addColumn("created", t.time, (c) => c.notNull())
    .addColumn("updated", t.time, (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("enabled", t.bool, (c) => c.notNull())
    .addColumn("tags", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_ARRAY))
    .addColumn("trigger", t.json, (c) => c.notNull())
    .addColumn("actions", t.json, (c) => c.notNull())
    .addColumn("owner_resource", "text")
    .execute();
  // A deployment's triggers are read, replaced and deleted with it.
  await db.schema
    .createIndex("ix_automation__owner_resource")
    .on("automation")
    .column("owner_resource")
    .execute();
  await db.schema.createIndex("ix_automation__name").on("automation").column("name").execute();
}
