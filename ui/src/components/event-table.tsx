/**
 * @module A table of events, newest first: time, event name, resource, and a one-line summary.
 * The Events feed and the automation page's firings use it; a row opens the event's page.
 */
import { Link, useNavigate } from "react-router";
import type { Event } from "../../../src/api/events.js";
import { paths } from "../app/paths.js";
import { eventSummary, resourceHref, resourceName } from "../pages/events/event-text.js";
import { DateTime } from "./time.js";
import { TableScroll } from "./table-scroll.js";

/** The resource cell: its name (linked when the UI has a page for it) and its id beneath. */
export function ResourceCell({ event }: { event: Event }) {
  const id = event.resource["steward.resource.id"] ?? "";
  const name = resourceName(event.resource);
  const href = resourceHref(event.resource, event);
  return (
    <div className="event-resource">
      {href ? (
        <Link to={href} onClick={(click) => click.stopPropagation()}>
          {name}
        </Link>
      ) : (
        <span>{name}</span>
      )}
      {name !== id && <span className="muted small mono">{id}</span>}
    </div>
  );
}

/**
 * Events as rows; clicking a row (or its name) opens the event. `hideResource` leaves out the
 * resource column where every event is about the same resource (an automation's own events).
 */
export function EventTable({
  events,
  testId = "event-table",
  hideResource = false,
}: {
  events: readonly Event[];
  testId?: string;
  hideResource?: boolean;
}) {
  const navigate = useNavigate();
  return (
    <TableScroll label="Events">
      <table className="table event-table" data-testid={testId}>
        <thead>
          <tr>
            <th>Occurred</th>
            <th>Event</th>
            {!hideResource && <th>Resource</th>}
            <th>Summary</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr
              key={event.id}
              data-event-id={event.id}
              data-event-name={event.event}
              className="clickable"
              onClick={() => void navigate(paths.event(event.id))}
            >
              <td>
                <DateTime value={event.occurred} />
              </td>
              <td className="mono">
                <Link to={paths.event(event.id)} onClick={(click) => click.stopPropagation()}>
                  {event.event}
                </Link>
              </td>
              {!hideResource && (
                <td>
                  <ResourceCell event={event} />
                </td>
              )}
              <td className="wrap event-summary">{eventSummary(event)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
