/**
 * @module The disk guard: every few seconds it looks at the free space of the database's volume
 * and the database's size, and while either is past its threshold the API refuses writes with a
 * 507 (see http/disk-guard-middleware.ts) and keeps serving reads, health, readiness and the UI.
 * A server whose disk fills up therefore stops growing its database instead of dying mid-write.
 * The probes are injected, so tests can make the disk "full".
 */
import { statfs } from "node:fs/promises";
import { PeriodicService, type Service } from "./service.js";

/** The setting of the free-space threshold, named in messages. */
export const MIN_FREE_SETTING = "STEWARD_SERVER_MIN_FREE_DISK_MB";
/** The setting of the size cap, named in messages. */
export const MAX_SIZE_SETTING = "STEWARD_SERVER_MAX_DATABASE_MB";

const MB = 1024 * 1024;

/** How the disk guard is made. */
export interface DiskGuardOptions {
  /** Free bytes on the database's volume; undefined when unknown (a remote PostgreSQL). */
  readonly freeBytes: () => Promise<number | undefined>;
  /** Bytes the database takes. */
  readonly databaseBytes: () => Promise<number>;
  /** Writes stop below this much free space; 0 turns the check off. */
  readonly minFreeMb: number;
  /** Writes stop at this database size; 0 means no cap. */
  readonly maxDatabaseMb: number;
  /** Pause between checks. @default 5000 */
  readonly intervalMs?: number;
  /** Where changes of state and failed checks are reported. */
  readonly log?: (line: string) => void;
}

/** The write gate that the 507 middleware asks. */
export interface WriteGate {
  /** Why writes are refused now, or undefined when they are allowed. */
  blocked(): string | undefined;
}

/** The disk guard service (see the module comment). */
export class DiskGuard implements Service, WriteGate {
  readonly name = "disk-guard";
  readonly #options: DiskGuardOptions;
  readonly #loop: PeriodicService;
  #reason: string | undefined;

  constructor(options: DiskGuardOptions) {
    this.#options = options;
    this.#loop = new PeriodicService({
      name: this.name,
      intervalMs: options.intervalMs ?? 5_000,
      log: options.log,
      tick: () => this.tick(),
    });
  }

  start(): Promise<void> {
    return this.#loop.start();
  }

  stop(): Promise<void> {
    return this.#loop.stop();
  }

  blocked(): string | undefined {
    return this.#reason;
  }

  /** One check; says so in the log when writes stop or start again. */
  async tick(): Promise<void> {
    const reason = await this.#check();
    if (reason !== this.#reason) {
      this.#options.log?.(
        reason === undefined
          ? "disk guard: space is back; writes are accepted again"
          : `disk guard: ${reason}`,
      );
    }
    this.#reason = reason;
  }

  async #check(): Promise<string | undefined> {
    const { minFreeMb, maxDatabaseMb } = this.#options;
    if (minFreeMb > 0) {
      const free = await this.#options.freeBytes();
      if (free !== undefined && free < minFreeMb * MB) {
        return `Only ${mb(free)} MB are free on the database's volume, below the ${minFreeMb} MB of ${MIN_FREE_SETTING}, so the server refuses writes; reads still work. Free space on that volume (or delete old runs, logs and events), or lower ${MIN_FREE_SETTING}.`;
      }
    }
    if (maxDatabaseMb > 0) {
      const size = await this.#options.databaseBytes();
      if (size >= maxDatabaseMb * MB) {
        return `The database takes ${mb(size)} MB, at its cap of ${maxDatabaseMb} MB (${MAX_SIZE_SETTING}), so the server refuses writes; reads still work. Delete old runs, logs and events (shorter retention settings), or raise ${MAX_SIZE_SETTING}.`;
      }
    }
    return undefined;
  }
}

function mb(bytes: number): string {
  return (bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0);
}

/** Free bytes (for unprivileged users) on the volume holding `path`. */
export async function freeBytesAt(path: string): Promise<number> {
  const stats = await statfs(path);
  return Number(stats.bavail) * Number(stats.bsize);
}
