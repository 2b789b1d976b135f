import type { Kysely } from "kysely";
import { columnTypes, EMPTY_JSON_ARRAY } from "./column-types.js";

/**
 * API keys. Only the SHA-256 of a key is stored (`key_hash`, hex): the database never holds a key,
 * so a copy of it grants nothing. `prefix` is the key's public start (`stw_1a2b3c4d`), to tell keys
 * apart in lists and logs. `pools` (JSON array of names) limits a worker key; empty: every pool.
 * A revoked key keeps its row, for the audit trail of what it did.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("api_key")
    .addColumn("id", t.id, (c) => c.primaryKey())
    .addColumn("created", t.time, (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("prefix", "text", (c) => c.notNull())
    .addColumn("key_hash", "text", (c) => c.notNull().unique())
    .addColumn("pools", t.json, (c) => c.notNull().defaultTo(EMPTY_JSON_ARRAY))
    .addColumn("expires", t.time)
    .addColumn("revoked", t.time)
    .addColumn("last_used", t.time)
    .execute();
}
