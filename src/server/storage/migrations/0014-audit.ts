import { type Kysely, sql } from "kysely";
import { type EventSql, postgresEventSql, sqliteEventSql } from "./0008-events-sql.js";
import { createPostgresEventTriggers, POSTGRES_EVENT_FUNCTIONS } from "./0008-events-postgres.js";
import { createSqliteEventTriggers, SQLITE_EVENT_TRIGGERS } from "./0008-events-sqlite.js";
import { type ColumnTypes, columnTypes } from "./column-types.js";

/**
 * The audit trail.
 *
 * `audit_record` keeps one row per write made through the API: who made it (the key, user or
 * flow run, with the role it used), what (the route, its resource and what it created), when,
 * from where, and how it ended. Rows outlive the keys and users they name (those are never deleted,
 * only revoked or disabled).
 *
 * The event triggers of 0008 are made again so that every event a change writes carries its
 * actor's labels (`steward.resource.actor`, `-kind`, `-role`, `-id`): the server hands the
 * database the actor of the work in progress, SQLite through the function `steward_actor()`
 * (registered on every connection, see sqlite/connect.ts), PostgreSQL through the session setting
 * `steward.actor` (see postgres/connect.ts). Without an actor (auth off, a tool) nothing is added.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await createAuditRecord(db, t);
  if (t.dialect === "sqlite") {
    for (const name of SQLITE_EVENT_TRIGGERS) await sql.raw(`drop trigger ${name}`).execute(db);
    await createSqliteEventTriggers(db, stamped(sqliteEventSql, SQLITE_ACTOR_STAMP));
  } else {
    for (const fn of POSTGRES_EVENT_FUNCTIONS) await sql.raw(`drop function ${fn} cascade`).execute(db);
    await createPostgresEventTriggers(db, stamped(postgresEventSql, POSTGRES_ACTOR_STAMP));
  }
}

/** The labels with the current actor's merged in (SQLite: a JSON merge patch). */
const SQLITE_ACTOR_STAMP = (labels: string) => `json_patch(${labels}, coalesce(steward_actor(), '{}'))`;

/** The labels with the current actor's merged in (PostgreSQL: jsonb concatenation). */
const POSTGRES_ACTOR_STAMP = (labels: string) =>
  `(${labels} || coalesce(nullif(current_setting('steward.actor', true), '')::jsonb, '{}'::jsonb))`;

/** `base`, with every event's resource labels passed through `stamp`. */
function stamped(base: EventSql, stamp: (labels: string) => string): EventSql {
  return { ...base, stamp, insert: (event) => base.insert({ ...event, resource: stamp(event.resource) }) };
}

async function createAuditRecord(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable("audit_record")
    .addColumn("id", t.id, (c) => c.primaryKey())
    .addColumn("occurred", t.time, (c) => c.notNull())
    .addColumn("actor_kind", "text", (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("actor_name", "text", (c) => c.notNull())
    .addColumn("actor_role", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("path", "text", (c) => c.notNull())
    .addColumn("resource_kind", "text")
    .addColumn("resource_id", "text")
    .addColumn("result_id", "text")
    .addColumn("detail", "text")
    .addColumn("status", "integer", (c) => c.notNull())
    .addColumn("address", "text")
    .execute();
  const index = (name: string, columns: string) =>
    db.schema.createIndex(name).on("audit_record").expression(sql.raw(columns)).execute();
  // Newest first, keyset paging, retention; what happened to one resource; what one actor did.
  await index("ix_audit_record__occurred_id", "occurred, id");
  await index("ix_audit_record__resource_id_occurred", "resource_id, occurred");
  await index("ix_audit_record__result_id_occurred", "result_id, occurred");
  await index("ix_audit_record__actor_name_occurred", "actor_name, occurred");
}
