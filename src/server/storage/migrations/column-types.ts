import { type Kysely, PostgresAdapter, sql } from "kysely";

/**
 * The column types migrations use, per dialect. Migrations are append-only history: once a
 * migration has shipped, what it creates must never change, so neither may this mapping. A later
 * migration that wants another type adds a new helper instead of editing this one.
 */
export interface ColumnTypes {
  readonly dialect: "sqlite" | "postgres";
  /** UUIDs: native `uuid` on PostgreSQL, text on SQLite. */
  readonly id: "uuid" | "text";
  /** JSON documents: `jsonb` on PostgreSQL (indexable operators for tags), text on SQLite. */
  readonly json: "jsonb" | "text";
  /** Booleans: native on PostgreSQL, integers 0/1 on SQLite. */
  readonly bool: "boolean" | "integer";
  /** UTC epoch milliseconds. */
  readonly time: "bigint";
}

/** Picks the column types for the dialect `db` talks to. */
export function columnTypes(db: Kysely<unknown>): ColumnTypes {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return postgres
    ? { dialect: "postgres", id: "uuid", json: "jsonb", bool: "boolean", time: "bigint" }
    : { dialect: "sqlite", id: "text", json: "text", bool: "integer", time: "bigint" };
}

/** The SQL literal for an empty JSON array / object default, valid in both dialects. */
export const EMPTY_JSON_ARRAY = sql`'[]'`;
export const EMPTY_JSON_OBJECT = sql`'{}'`;
