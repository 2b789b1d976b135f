/**
 * @module Recognises database errors that mean "try again shortly" rather than "this request is
 * wrong" or "the server has a bug", so the API can answer 503 + Retry-After and clients retry;
 * and those that mean "the disk is full", so it answers 507 rather than 500.
 */

// SQLite: another connection holds the write lock longer than the busy timeout.
const SQLITE_RETRYABLE = /^SQLITE_(BUSY|LOCKED)/;

// PostgreSQL SQLSTATEs: serialization failure, deadlock, too many connections, server shutting
// down or not yet accepting connections, lock timeout.
const POSTGRES_RETRYABLE = new Set(["40001", "40P01", "53300", "57P01", "57P02", "57P03", "55P03"]);

// Node socket errors seen when the PostgreSQL server is down or restarting.
const CONNECTION_RETRYABLE = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND"]);

// SQLite's "database or disk is full" and PostgreSQL's disk_full SQLSTATE.
const STORAGE_FULL = new Set(["SQLITE_FULL", "53100"]);

/**
 * The code of a "disk full" database error (`SQLITE_FULL`, `53100`) that escaped the store's
 * translation (the events and automations repositories are not wrapped), looked up along the
 * `cause` chain; undefined for anything else.
 */
export function storageFullDatabaseError(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && STORAGE_FULL.has(code)) return code;
    current = current.cause;
  }
  return undefined;
}

/**
 * The code of a retryable database error (e.g. `SQLITE_BUSY`, `40001`, `ECONNREFUSED`), looked up
 * along the `cause` chain because query builders wrap driver errors; undefined for anything else.
 */
export function retryableDatabaseError(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && isRetryableCode(code)) return code;
    // node-postgres: the connection dropped, or a query was sent on one that had (not queryable).
    if (/connection terminated|not queryable/i.test(current.message)) return "connection terminated";
    current = current.cause;
  }
  return undefined;
}

function isRetryableCode(code: string): boolean {
  return SQLITE_RETRYABLE.test(code) || POSTGRES_RETRYABLE.has(code) || CONNECTION_RETRYABLE.has(code);
}
