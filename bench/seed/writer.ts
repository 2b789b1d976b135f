import type { RunChunk } from "./run-rows.js";

/** The tables the bulk part fills; their secondary indexes are rebuilt after it (see the writers). */
export const BULK_TABLES = ["flow_run", "flow_run_state", "log"] as const;

/** Where the bulk part of a seed goes: one implementation per dialect. */
export interface SeedWriter {
  /** Writes a chunk's runs and states, then the log lines of those runs. */
  writeChunk(chunk: RunChunk): Promise<void>;
  /** Runs one statement (`?` placeholders on SQLite, `$1…` on PostgreSQL). */
  exec(statement: string, parameters?: readonly unknown[]): Promise<void>;
  /** Rebuilds the indexes and commits what is still open (PostgreSQL: and vacuums and analyses, as autovacuum would). */
  finish(): Promise<void>;
  /** Releases the connection (rolling back if `finish` was not reached). */
  close(): Promise<void>;
}
