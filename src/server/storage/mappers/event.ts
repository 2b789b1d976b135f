import type { Event, EventCreate } from "../../../api/index.js";
import { isoFromMs, msFromIso, toJson } from "../codec.js";
import type { EventTable } from "../database.js";
import type { Parsed } from "../types.js";

/** The stored columns of an event (without the generated `seq` and PostgreSQL's `tx`). */
export type EventRow = Omit<EventTable, "seq">;

/**
 * The API form of an event row. Rows are not validated again: the store validated client events
 * on the way in, and the triggers' events are built by the migration in the same shapes.
 */
export function eventFromRow(row: EventRow): Event {
  return {
    id: row.id,
    occurred: isoFromMs(Number(row.occurred)),
    event: row.event,
    resource: JSON.parse(row.resource) as Event["resource"],
    related: JSON.parse(row.related) as Event["related"],
    payload: JSON.parse(row.payload) as Event["payload"],
    follows: row.follows,
    received: isoFromMs(Number(row.received)),
  };
}

/** The row of a client event, with its id and times filled in. */
export function eventRow(event: Parsed<typeof EventCreate>, id: string, now: number): EventRow {
  return {
    id,
    occurred: event.occurred === undefined ? now : msFromIso(event.occurred),
    received: now,
    event: event.event,
    resource_id: event.resource["steward.resource.id"] ?? "",
    resource: toJson(event.resource),
    related: toJson(event.related),
    related_ids: toJson(event.related.map((labels) => labels["steward.resource.id"] ?? "")),
    payload: toJson(event.payload),
    follows: event.follows ?? null,
  };
}
