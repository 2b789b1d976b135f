/** @module Storing client events, also inside a caller's transaction (the automations engine). */
import { newId } from "../../../core/ids.js";
import { type Event, type EventCreate, MAX_EVENT_BYTES } from "../../../api/index.js";
import { StewardError } from "../../../core/errors.js";
import { withCurrentActor } from "../../audit/actor.js";
import { chunks, INSERT_CHUNK_ROWS, type StoreContext } from "../context.js";
import type { Db } from "../database.js";
import { eventFromRow, type EventRow, eventRow } from "../mappers/event.js";
import { type BulkInsert, bulkInsert } from "../query/bulk-insert.js";
import type { Parsed } from "../types.js";

// An event id seen again is a client's retry: the stored event stands (as in Prefect).
const INSERT_EVENTS: BulkInsert<EventRow> = {
  table: "event",
  columns: [
    "id",
    "occurred",
    "received",
    "event",
    "resource_id",
    "resource",
    "related",
    "related_ids",
    "payload",
    "follows",
  ],
  suffix: "on conflict (id) do nothing",
};

/** Rows per INSERT: 10 columns, so 500 rows stay far inside both dialects' parameter limits. */
const EVENT_CHUNK_ROWS = INSERT_CHUNK_ROWS;

/**
 * Stores `events` inside the caller's transaction `trx` and returns them as stored: `id` (a
 * UUIDv7), `occurred` (now) and `received` (now) filled in. An event larger than
 * {@link MAX_EVENT_BYTES} as JSON is refused with INVALID_INPUT, and then none is stored. An id
 * that exists already is skipped (a retried send), its event returned as given.
 */
export async function insertEvents(
  trx: Db,
  ctx: StoreContext,
  events: readonly Parsed<typeof EventCreate>[],
): Promise<Event[]> {
  if (events.length === 0) return [];
  const now = ctx.now();
  const rows = events.map((event, index) => {
    const row = eventRow({ ...event, resource: withCurrentActor(event.resource) }, event.id ?? newId(), now);
    assertSize(row, index);
    return row;
  });
  for (const chunk of chunks(rows, EVENT_CHUNK_ROWS)) await bulkInsert(trx, ctx.ops, INSERT_EVENTS, chunk);
  return rows.map(eventFromRow);
}

function assertSize(row: EventRow, index: number): void {
  // The stored JSON texts are what a client sent, give or take a few bytes of field names.
  const bytes =
    Buffer.byteLength(row.resource) +
    Buffer.byteLength(row.related) +
    Buffer.byteLength(row.payload) +
    Buffer.byteLength(row.event) +
    120;
  if (bytes > MAX_EVENT_BYTES) {
    throw new StewardError(
      "INVALID_INPUT",
      `Event ${index} (${row.event}) is ${bytes} bytes as JSON, more than the limit of ${MAX_EVENT_BYTES}. Send large data elsewhere and put a reference to it in the payload.`,
    );
  }
}
