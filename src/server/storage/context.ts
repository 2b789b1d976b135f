import type { Db } from "./database.js";
import type { DialectOps } from "./dialect-ops.js";
import type { StoreLimits } from "./limits.js";

/** What every part of the store shares: the database, its dialect's SQL, and the clock. */
export interface StoreContext {
  readonly db: Db;
  readonly ops: DialectOps;
  /** Epoch milliseconds; injectable so tests can control `estimated_run_time` and timestamps. */
  readonly now: () => number;
  /**
   * Wakes claim long-polls (here and, on PostgreSQL, in other server processes): call it after
   * the transaction that made runs claimable has committed — a run created or moved to SCHEDULED,
   * a slot freed, a pool, queue or deployment resumed or its limit raised. Cheap; calls within one
   * tick are coalesced. Called before the commit, a waiter on PostgreSQL may look too early and
   * miss the change until its next wake-up.
   */
  readonly notifyRunsChanged: () => void;
  /** Bounds on schedules and scheduled runs. @default DEFAULT_STORE_LIMITS */
  readonly limits?: StoreLimits;
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
