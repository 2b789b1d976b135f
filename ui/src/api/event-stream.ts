/**
 * @module Live events: `GET /api/events/stream` (server-sent `event: event` messages, each an Event
 * as JSON; the matching events of the last 15 minutes come first). The Events page and the
 * automation page show them as they happen instead of polling `POST /events/filter`.
 */
import { useEffect, useState } from "react";
import type { Event, EventFilter } from "../../../src/api/events.js";
import { apiUrl } from "./client.js";
import type { LiveStatus } from "./live.js";

/** Most events a stream keeps in memory: older ones are read through history paging. */
export const MAX_LIVE_EVENTS = 500;

export interface EventStreamOptions {
  /** False turns the stream off (a time range that ends in the past needs no live edge). */
  readonly enabled?: boolean;
  /** Ask for the recent events first (the server's default: the last 15 minutes). */
  readonly backfill?: boolean;
}

/** What {@link useEventStream} returns: the events seen, newest first, and the connection's state. */
export interface EventStream {
  readonly events: readonly Event[];
  readonly status: LiveStatus;
}

/** The stream's URL for a filter (the `occurred` part is left to the server's backfill window). */
export function eventStreamUrl(filter: EventFilter, backfill = true): string {
  const { occurred: _ignored, ...rest } = filter;
  const params = new URLSearchParams({ filter: JSON.stringify(rest), backfill: String(backfill) });
  return `${apiUrl}/events/stream?${params.toString()}`;
}

/** Inserts `incoming` into `current` (newest first), without duplicates, keeping at most `max`. */
export function mergeEvents(current: readonly Event[], incoming: readonly Event[], max: number): Event[] {
  const seen = new Set(current.map((event) => event.id));
  const fresh = incoming.filter((event) => !seen.has(event.id));
  if (fresh.length === 0) return current as Event[];
  return [...fresh, ...current].sort(newestFirst).slice(0, max);
}

/** Newest `occurred` first; ties by id (UUIDv7, so by creation). */
export function newestFirst(a: Event, b: Event): number {
  if (a.occurred !== b.occurred) return a.occurred < b.occurred ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * Follows the events matching `filter` while mounted. A new filter starts a new stream (and a new
 * list). Messages are batched per animation frame so a burst of events renders once.
 */
export function useEventStream(filter: EventFilter, options: EventStreamOptions = {}): EventStream {
  const { enabled = true, backfill = true } = options;
  // A string: the effect below restarts only when the filter really changes, not on every render.
  const url = eventStreamUrl(filter, backfill);
  const [events, setEvents] = useState<Event[]>([]);
  const [status, setStatus] = useState<LiveStatus>("connecting");
  useEffect(() => {
    setEvents([]);
    if (!enabled) {
      setStatus("offline");
      return;
    }
    setStatus("connecting");
    const source = new EventSource(url);
    let pending: Event[] = [];
    let frame: number | undefined;
    const flush = () => {
      frame = undefined;
      const batch = pending;
      pending = [];
      setEvents((current) => mergeEvents(current, batch, MAX_LIVE_EVENTS));
    };
    source.addEventListener("open", () => setStatus("live"));
    source.addEventListener("event", (message) => {
      setStatus("live");
      try {
        pending.push(JSON.parse((message as MessageEvent<string>).data) as Event);
      } catch {
        return; // a malformed message is skipped; the next one carries on
      }
      // A hidden tab gets no animation frames: keep only what the list could show anyway.
      if (pending.length > 2 * MAX_LIVE_EVENTS) pending = pending.slice(-MAX_LIVE_EVENTS);
      frame ??= requestAnimationFrame(flush);
    });
    source.addEventListener("error", () =>
      setStatus(source.readyState === EventSource.CLOSED ? "offline" : "connecting"),
    );
    return () => {
      source.close();
      if (frame !== undefined) cancelAnimationFrame(frame);
    };
  }, [url, enabled]);
  return { events, status };
}
