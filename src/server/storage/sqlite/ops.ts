import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { DatabaseErrorKind, DialectOps } from "../dialect-ops.js";

/** SQLite flavours of the dialect-specific SQL. Tags are JSON text, read with `json_each`. */
export const sqliteOps: DialectOps = {
  name: "sqlite",
  tagsContainAll(column, tags): RawBuilder<SqlBool> {
    const distinct = [...new Set(tags)];
    return sql<SqlBool>`(select count(distinct value) from json_each(${sql.ref(column)}) where value in (${sql.join(distinct)})) = ${distinct.length}`;
  },
  tagsContainAny(column, tags): RawBuilder<SqlBool> {
    return sql<SqlBool>`exists (select 1 from json_each(${sql.ref(column)}) where value in (${sql.join([...tags])}))`;
  },
  tagsEmpty(column): RawBuilder<SqlBool> {
    return sql<SqlBool>`json_array_length(${sql.ref(column)}) = 0`;
  },
  lockRuns: async () => {},
  classifyError,
};

function classifyError(error: unknown): DatabaseErrorKind | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !code.startsWith("SQLITE_")) return null;
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return "unavailable";
  // The write is rolled back whole; the file stays intact and readable.
  if (code === "SQLITE_FULL") return "full";
  if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") return "unique";
  if (code === "SQLITE_CONSTRAINT_FOREIGNKEY") return "foreign_key";
  return null;
}
