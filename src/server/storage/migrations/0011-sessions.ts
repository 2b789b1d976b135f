import type { Kysely } from "kysely";
import { columnTypes } from "./column-types.js";

/**
 * UI sessions. `token_hash` is the SHA-256 of the cookie's random token, so the database never
 * holds a usable session; `key_hash` is the hash of the API key the session was opened with, and
 * every request re-checks that key, so revoking it ends its sessions at once. `csrf_token` is
 * what the UI must send with each write.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("session")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("created", t.time, (c) => c.notNull())
    .addColumn("expires", t.time, (c) => c.notNull())
    .addColumn("key_hash", "text", (c) => c.notNull())
    .addColumn("csrf_token", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("ix_session_expires").on("session").column("expires").execute();
}
