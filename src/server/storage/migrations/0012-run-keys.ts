import type { Kysely } from "kysely";
import { columnTypes } from "./column-types.js";

/**
 * Flow-run keys: what a worker hands to the process of one run instead of its own key. Only the
 * key's SHA-256 is stored; the key reaches nothing but that run, its subflows and their task runs,
 * logs and events, and stops at `expires`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("run_key")
    .addColumn("key_hash", "text", (c) => c.primaryKey())
    .addColumn("flow_run_id", t.id, (c) => c.notNull())
    .addColumn("created", t.time, (c) => c.notNull())
    .addColumn("expires", t.time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("ix_run_key_expires").on("run_key").column("expires").execute();
}
