import { CompiledQuery, type QueryResult } from "kysely";
import type { Database, Db } from "../database.js";
import type { DialectOps } from "../dialect-ops.js";

/**
 * Multi-row INSERTs for the batch hot paths (task-run state batches), written as SQL text with
 * placeholders instead of through Kysely's builder. The builder turns every value into a small
 * frozen node and compiles the tree each time; for 30,000 states that was ~80 ms of CPU plus the
 * garbage it left, about a third of the batch. Here a statement's text is built once per
 * (table, row count, suffix) and reused, and SQLite's statement cache (sqlite/connect.ts) reuses
 * its compiled form too. Everything else keeps using the query builder.
 */
export interface BulkInsert<T> {
  readonly table: keyof Database & string;
  readonly columns: readonly (keyof T & string)[];
  /** SQL after the VALUES list (ON CONFLICT …, RETURNING …); constant text only, never values. */
  readonly suffix?: string;
}

const statements = new Map<string, string>();
const STATEMENT_TEXT_CACHE = 64;

/** Inserts `rows` (one statement; the caller chunks) and returns what the driver answered. */
export async function bulkInsert<T extends object, R = unknown>(
  trx: Db,
  ops: DialectOps,
  spec: BulkInsert<T>,
  rows: readonly T[],
): Promise<QueryResult<R>> {
  const parameters: unknown[] = [];
  for (const row of rows) {
    for (const column of spec.columns) parameters.push(row[column] ?? null);
  }
  const text = statementText(ops, spec, rows.length);
  return trx.executeQuery<R>(CompiledQuery.raw(text, parameters));
}

function statementText<T>(ops: DialectOps, spec: BulkInsert<T>, rowCount: number): string {
  const key = `${ops.name}|${spec.table}|${spec.columns.join(",")}|${rowCount}|${spec.suffix ?? ""}`;
  const cached = statements.get(key);
  if (cached !== undefined) return cached;
  const width = spec.columns.length;
  const tuples: string[] = [];
  for (let r = 0; r < rowCount; r++) {
    const marks: string[] = [];
    for (let c = 1; c <= width; c++) marks.push(ops.name === "postgres" ? `$${r * width + c}` : "?");
    tuples.push(`(${marks.join(",")})`);
  }
  const columns = spec.columns.map((column) => `"${column}"`).join(",");
  const text = `insert into "${spec.table}" (${columns}) values ${tuples.join(",")} ${spec.suffix ?? ""}`;
  if (statements.size >= STATEMENT_TEXT_CACHE) statements.clear();
  statements.set(key, text);
  return text;
}
