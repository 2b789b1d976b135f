import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { DatabaseErrorKind, DialectOps } from "../dialect-ops.js";

/** PostgreSQL flavours of the dialect-specific SQL. Tags are `jsonb` arrays. */
export const postgresOps: DialectOps = {
  name: "postgres",
  tagsContainAll(column, tags): RawBuilder<SqlBool> {
    return sql<SqlBool>`${sql.ref(column)} @> ${JSON.stringify(tags)}::jsonb`;
  },
  tagsContainAny(column, tags): RawBuilder<SqlBool> {
    return sql<SqlBool>`${sql.ref(column)} ?| ${[...tags]}::text[]`;
  },
  tagsEmpty(column): RawBuilder<SqlBool> {
    return sql<SqlBool>`${sql.ref(column)} = '[]'::jsonb`;
  },
  lockRuns: async (trx, table, ids) => {
    if (ids.length === 0) return;
    await sql`select 1 from ${sql.table(table)} where id in (${sql.join([...ids])}) order by id for update`.execute(
      trx,
    );
  },
  classifyError,
};

// SQLSTATE classes: https://www.postgresql.org/docs/current/errcodes-appendix.html
const UNAVAILABLE_SQLSTATES = new Set([
  "40001", // serialization_failure
  "40P01", // deadlock_detected
  "55P03", // lock_not_available
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
]);
const INVALID_INPUT_SQLSTATES = new Set([
  "22021", // character_not_in_repertoire (NUL in text)
  "22P05", // untranslatable_character (\u0000 in jsonb)
  "22P02", // invalid_text_representation (e.g. a malformed uuid)
]);
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);

function classifyError(error: unknown): DatabaseErrorKind | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string") {
    if (code === "23505") return "unique";
    if (code === "23503") return "foreign_key";
    if (code === "53100") return "full"; // disk_full
    if (UNAVAILABLE_SQLSTATES.has(code) || code.startsWith("08") || NETWORK_CODES.has(code)) {
      return "unavailable";
    }
    if (INVALID_INPUT_SQLSTATES.has(code)) return "invalid_input";
  }
  // node-postgres reports a dropped connection as a plain Error without a code; a query sent on
  // it afterwards (a transaction's ROLLBACK, which then replaces the first error) is "not queryable".
  if (
    error instanceof Error &&
    /Connection terminated|connection timeout|not queryable/i.test(error.message)
  ) {
    return "unavailable";
  }
  return null;
}
