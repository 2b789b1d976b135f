import type { Store } from "../storage/store.js";
import { PeriodicService } from "./service.js";

const DAY_MS = 86_400_000;

/** How the event-retention service is made. */
export interface EventRetentionOptions {
  readonly store: Pick<Store, "events">;
  /** Events that occurred more than this many days ago are deleted; 0 turns the service off. */
  readonly retentionDays: number;
  /** @default one hour */
  readonly intervalMs?: number;
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}

/**
 * Deletes events past their retention (`STEWARD_EVENTS_RETENTION_DAYS`, 7 days by default, as
 * Prefect keeps them): every state change and status change writes one, so without it the event
 * table would grow without bound on a busy server.
 */
export function eventRetentionService(options: EventRetentionOptions): PeriodicService {
  const now = options.now ?? Date.now;
  return new PeriodicService({
    name: "event-retention",
    intervalMs: options.intervalMs ?? 3_600_000,
    log: options.log,
    tick: async () => {
      if (options.retentionDays <= 0) return;
      const deleted = await options.store.events.deleteBefore(now() - options.retentionDays * DAY_MS);
      if (deleted > 0) {
        options.log?.(`event-retention: deleted ${deleted} events older than ${options.retentionDays} days`);
      }
    },
  });
}
