import type { RawBuilder, SqlBool } from "kysely";
import type { Db } from "./database.js";

/** How a database error should be reported, independent of the driver that raised it. */
export type DatabaseErrorKind =
  /** Lock contention or an unreachable database: worth retrying (HTTP 503). */
  | "unavailable"
  /** A unique or primary-key constraint (HTTP 409). */
  | "unique"
  /** A row referring to one that does not exist, typically deleted concurrently (HTTP 409). */
  | "foreign_key"
  /** A value the database refuses to store (e.g. a NUL character in PostgreSQL text). */
  | "invalid_input"
  /** The disk (or the database's quota) is full: nothing can be written (HTTP 507). */
  | "full";

/**
 * The few places where SQLite and PostgreSQL need different SQL. Everything else is one Kysely
 * implementation; each dialect folder implements this interface.
 */
export interface DialectOps {
  readonly name: "sqlite" | "postgres";
  /** True when the JSON array in `column` holds every one of `tags` (non-empty). */
  tagsContainAll(column: string, tags: readonly string[]): RawBuilder<SqlBool>;
  /** True when the JSON array in `column` holds at least one of `tags` (non-empty). */
  tagsContainAny(column: string, tags: readonly string[]): RawBuilder<SqlBool>;
  /** True when the JSON array in `column` is empty. */
  tagsEmpty(column: string): RawBuilder<SqlBool>;
  /**
   * Locks run rows until the transaction `trx` ends, so that concurrent state changes of the
   * same run are decided one after the other (`SELECT … ORDER BY id FOR UPDATE` on PostgreSQL;
   * the order keeps two batches locking overlapping runs from deadlocking). On SQLite there is
   * nothing to do: the transaction already holds the database's write lock (`BEGIN IMMEDIATE`).
   */
  lockRuns(trx: Db, table: "flow_run" | "task_run", ids: readonly string[]): Promise<void>;
  /** Recognises driver errors worth translating; null for anything else. */
  classifyError(error: unknown): DatabaseErrorKind | null;
}
