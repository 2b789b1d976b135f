/**
 * @module The disk guard and store limits of `steward server start`, from the settings: on SQLite
 * the guard watches the free space of the database file's volume and the file's size; on
 * PostgreSQL the server's free space is unknown here, so only the size cap
 * (`pg_database_size`) applies.
 */
import { dirname } from "node:path";
import type { Settings } from "../../config/settings.js";
import type { StoreLimits } from "../storage/limits.js";
import type { Store } from "../storage/store.js";
import { DiskGuard, freeBytesAt } from "./disk-guard.js";

/** The store's limits named by the STEWARD_SERVER_SCHEDULER_* settings. */
export function storeLimitsOf(settings: Settings): StoreLimits {
  const limits = settings.serverLimits;
  return {
    minScheduleIntervalSeconds: limits.schedulerMinIntervalSeconds,
    maxSchedulesPerDeployment: limits.schedulerMaxSchedules,
    maxScheduledRunsPerDeployment: limits.schedulerMaxScheduledRuns,
  };
}

/** The SQLite file of a `sqlite:` URL; undefined for PostgreSQL and in-memory databases. */
export function sqliteFile(databaseUrl: string): string | undefined {
  if (!databaseUrl.startsWith("sqlite:")) return undefined;
  const path = databaseUrl.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
  return path === ":memory:" ? undefined : path;
}

/** A disk guard for the server's database, checking every `intervalMs` (default 5 s). */
export function diskGuardFor(
  settings: Settings,
  store: Store,
  log: (line: string) => void,
  intervalMs?: number,
): DiskGuard {
  const file = sqliteFile(settings.databaseUrl);
  return new DiskGuard({
    freeBytes: async () => (file === undefined ? undefined : freeBytesAt(dirname(file))),
    databaseBytes: () => store.sizeBytes(),
    minFreeMb: settings.serverLimits.minFreeDiskMb,
    maxDatabaseMb: settings.serverLimits.maxDatabaseMb,
    intervalMs,
    log,
  });
}
