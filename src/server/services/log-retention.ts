import type { Store } from "../storage/store.js";
import type { PeriodicService } from "./service.js";
import { retentionService } from "./retention.js";

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
  const { store, ...rest } = options;
  return retentionService({
    ...rest,
    name: "log-retention",
    noun: "log lines",
    deleteBefore: (timestamp) => store.logs.deleteBefore(timestamp),
  });
}
