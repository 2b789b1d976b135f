/** @module How events look in the terminal: a table row, a stream line, a detail view. */
import type { Event } from "../../api/events.js";
import type { Column } from "../table.js";
import { formatLogTimestamp } from "../format.js";

/** Columns of `steward events ls`. */
export const EVENT_COLUMNS: readonly Column[] = [
  { header: "OCCURRED" },
  { header: "EVENT", maxWidth: 48 },
  { header: "RESOURCE", maxWidth: 60 },
  { header: "NAME", maxWidth: 40 },
];

/** One row of {@link EVENT_COLUMNS}. */
export function eventRow(event: Event): string[] {
  return [
    formatLogTimestamp(event.occurred),
    event.event,
    event.resource["steward.resource.id"] ?? "-",
    event.resource["steward.resource.name"] ?? "-",
  ];
}

/** One line of `steward events stream`: time, name, resource id (and name), as a log reads. */
export function eventLine(event: Event): string {
  const name = event.resource["steward.resource.name"];
  const resource = event.resource["steward.resource.id"] ?? "-";
  return `${formatLogTimestamp(event.occurred)}  ${event.event}  ${resource}${name ? ` (${name})` : ""}`;
}
