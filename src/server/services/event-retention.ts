import type { Store } from "../storage/store.js";
import type { PeriodicService } from "./service.js";
import { retentionService } from "./retention.js";

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
  const { store, ...rest } = options;
  return retentionService({
    ...rest,
    name: "event-retention",
    noun: "events",
    deleteBefore: (timestamp) => store.events.deleteBefore(timestamp),
  });
}
