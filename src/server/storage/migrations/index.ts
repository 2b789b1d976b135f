import {
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
  Migrator,
} from "kysely";
import { StewardError } from "../../../core/errors.js";
import * as m0001 from "./0001-initial.js";
import * as m0002 from "./0002-logs.js";
import * as m0003 from "./0003-work-pools.js";
import * as m0004 from "./0004-deployments.js";
import * as m0005 from "./0005-scheduler.js";
import * as m0006 from "./0006-ui-indexes.js";
import * as m0007 from "./0007-tag-counts.js";
import * as m0008 from "./0008-events.js";
import * as m0009 from "./0009-automation-engine.js";
import * as m0010 from "./0010-api-keys.js";
import * as m0011 from "./0011-sessions.js";
import * as m0012 from "./0012-run-keys.js";
import * as m0013 from "./0013-users.js";
import * as m0014 from "./0014-audit.js";

/**
 * Every migration, in order. Append-only: a shipped migration is never edited or removed; a
 * change to the schema is a new numbered module added at the end. Listed statically (not read
 * from the folder) so migrations also run from the bundled `dist/`.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  "0001-initial": m0001,
  "0002-logs": m0002,
  "0003-work-pools": m0003,
  "0004-deployments": m0004,
  "0005-scheduler": m0005,
  "0006-ui-indexes": m0006,
  "0007-tag-counts": m0007,
  "0008-events": m0008,
  "0009-automation-engine": m0009,
  "0010-api-keys": m0010,
  "0011-sessions": m0011,
  "0012-run-keys": m0012,
  "0013-users": m0013,
  "0014-audit": m0014,
});

/** Names of the migrations, oldest first. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS);

const provider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};

export interface MigrateOptions {
  /**
   * PostgreSQL schema holding Kysely's migration bookkeeping tables. Kysely decides whether those
   * tables exist by looking at every schema, so an isolated schema must be named explicitly.
   */
  readonly schema?: string;
  /** Stop after this migration (for upgrade tests); latest when absent. */
  readonly to?: string;
}

/**
 * Brings the database schema up to date (or up to `options.to`). Kysely's migrator serialises
 * concurrent callers (an advisory lock on PostgreSQL; on SQLite a `BEGIN IMMEDIATE` transaction,
 * see sqlite/connect.ts), so two processes starting at once do not both migrate.
 */
export async function migrate(db: Kysely<unknown>, options: MigrateOptions = {}): Promise<string[]> {
  const migrator = new Migrator({ db, provider, migrationTableSchema: options.schema });
  const result: MigrationResultSet =
    options.to === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(options.to);
  if (result.error !== undefined) {
    const failed = result.results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new StewardError(
      "SERVICE_UNAVAILABLE",
      `Database migration ${failed} failed: ${reason}. The database was left at the last migration that succeeded; fix the cause (permissions, disk space, a database newer than this Steward) and start again.`,
      { cause: result.error },
    );
  }
  return (result.results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
