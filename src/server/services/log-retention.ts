import type { Store } from "../storage/store.js";
import { PeriodicService } from "./service.js";

const DAY_MS = 86_400_000;

/** How the log-retention service is made. */
export interface LogRetentionOptions {
  readonly store: Store;
  /** Lines older than this many days are deleted; 0 turns the service off. */
  readonly retentionDays: number;
  /** @default one hour */
  readonly intervalMs?: number;
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}

/**
 * Deletes run logs past their retention, so a busy server's log table stays bounded (Prefect
 * keeps them forever unless the user cleans up by hand).
 */
export function logRetentionService(options: LogRetentionOptions): PeriodicService {
  const now = options.now ?? Date.now;
  return new PeriodicService({
    name: "log-retention",
    intervalMs: options.intervalMs ?? 3_600_000,
    log: options.log,
    tick: async () => {
      const deleted = await options.store.logs.deleteBefore(now() - options.retentionDays * DAY_MS);
      if (deleted > 0) {
        options.log?.(`log-retention: deleted ${deleted} log lines older than ${options.retentionDays} days`);
      }
    },
  });
}
