import type { Db } from "./database.js";
import type { DialectOps } from "./dialect-ops.js";

/** What every part of the store shares: the database, its dialect's SQL, and the clock. */
export interface StoreContext {
  readonly db: Db;
  readonly ops: DialectOps;
  /** Epoch milliseconds; injectable so tests can control `estimated_run_time` and timestamps. */
  readonly now: () => number;
}

/**
 * Rows per multi-row INSERT. SQLite allows 32,766 bound parameters per statement and PostgreSQL
 * 65,535; at ≤ 16 columns, 500 rows stay well inside both while keeping statements few.
 */
export const INSERT_CHUNK_ROWS = 500;

/** Ids per `IN (…)` list, for the same reason. */
export const IN_LIST_CHUNK = 1000;

/** `items` in consecutive slices of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
