/** @module Reading events in the order they became visible (the automations engine and live streams). */
import type { Event } from "../../../api/index.js";

/**
 * Where a tail left off, opaque to callers (they store and hand it back): on SQLite the last
 * event's sequence number, on PostgreSQL its transaction and sequence number.
 */
export type EventCursor = string;

/** A batch of {@link Store.events.tail}: the events, and the cursor after the last of them. */
export interface TailedEvents {
  readonly events: Event[];
  /** Pass it to the next call; unchanged (possibly null) when no event was returned. */
  readonly cursor: EventCursor | null;
}
