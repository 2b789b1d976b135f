import { type Kysely, sql } from "kysely";
import { columnTypes } from "./column-types.js";

/**
 * Users: people who sign in to the UI with a name and a password. `password_hash` is a
 * self-describing scrypt string (`scrypt$N$r$p$salt$hash`), never the password. A disabled user
 * keeps its row (`disabled` is when), like a revoked key. The table is `app_user` because `user`
 * is a reserved word on PostgreSQL.
 *
 * A session now belongs to an API key (`key_hash`) or to a user (`user_id`), exactly one of the
 * two (a check says so). SQLite cannot drop a NOT NULL, so there the session table is rebuilt with
 * its rows copied; PostgreSQL alters it in place. A user's sessions go with the user's row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("app_user")
    .addColumn("id", t.id, (c) => c.primaryKey())
    .addColumn("created", t.time, (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("disabled", t.time)
    .addColumn("last_login", t.time)
    .addColumn("password_changed", t.time, (c) => c.notNull())
    .execute();

  const oneCredential = sql`(key_hash is null) <> (user_id is null)`;
  if (t.dialect === "postgres") {
    await db.schema
      .alterTable("session")
      .alterColumn("key_hash", (c) => c.dropNotNull())
      .execute();
    await db.schema
      .alterTable("session")
      .addColumn("user_id", t.id, (c) => c.references("app_user.id").onDelete("cascade"))
      .execute();
    await db.schema
      .alterTable("session")
      .addCheckConstraint("ck_session_credential", oneCredential)
      .execute();
  } else {
    await db.schema
      .createTable("session_rebuilt")
      .addColumn("token_hash", "text", (c) => c.primaryKey())
      .addColumn("created", t.time, (c) => c.notNull())
      .addColumn("expires", t.time, (c) => c.notNull())
      .addColumn("key_hash", "text")
      .addColumn("user_id", t.id, (c) => c.references("app_user.id").onDelete("cascade"))
      .addColumn("csrf_token", "text", (c) => c.notNull())
      .addCheckConstraint("ck_session_credential", oneCredential)
      .execute();
    await sql`insert into session_rebuilt (token_hash, created, expires, key_hash, csrf_token)
      select token_hash, created, expires, key_hash, csrf_token from session`.execute(db);
    await db.schema.dropTable("session").execute();
    await db.schema.alterTable("session_rebuilt").renameTo("session").execute();
    await db.schema.createIndex("ix_session_expires").on("session").column("expires").execute();
  }
  await db.schema.createIndex("ix_session_user").on("session").column("user_id").execute();
}
