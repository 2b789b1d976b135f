/**
 * @module How large the database is, for the disk guard: SQLite's pages in use (the file, not
 * counting a WAL not yet checkpointed), PostgreSQL's `pg_database_size`.
 */
import { sql } from "kysely";
import type { StoreContext } from "./context.js";

/** Bytes the database takes on disk. */
export async function databaseSizeBytes(ctx: Pick<StoreContext, "db" | "ops">): Promise<number> {
  const query =
    ctx.ops.name === "postgres"
      ? sql<{ size: number | string }>`select pg_database_size(current_database()) as size`
      : sql<{
          size: number | string;
        }>`select page_count * page_size as size from pragma_page_count(), pragma_page_size()`;
  const { rows } = await query.execute(ctx.db);
  return Number(rows[0]?.size ?? 0);
}
