/**
 * @module A table of events, newest first: time, event name, resource, and a one-line summary.
 * The Events feed and the automation page's firings use it; a row opens the event's page.
 * Resources show as their names, linked to their pages; names the events lack are looked up once
 * for the page (resource-lookup.ts).
 */
import { Link, useNavigate } from "react-router";
import type { Event, Resource } from "../../../src/api/events.js";
import { paths } from "../app/paths.js";
import { eventSummaryParts, resourceHref, resourceLabel, resourceName } from "../pages/events/event-text.js";
import { type NameResources, useResourceLookup } from "../pages/events/resource-lookup.js";
import { DateTime } from "./time.js";
import { TableScroll } from "./table-scroll.js";

/**
 * A resource by name ("flow run fancy-otter" with `withKind`), linked to its page when the UI has
 * one; a click on it does not also open the row's event.
 */
export function ResourceLink({
  resource,
  event,
  withKind = false,
}: {
  resource: Resource;
  event?: Pick<Event, "related" | "resource">;
  withKind?: boolean;
}) {
  const href = resourceHref(resource, event);
  const text = withKind ? resourceLabel(resource) : resourceName(resource);
  return href ? (
    <Link to={href} onClick={(click) => click.stopPropagation()} data-testid="resource-link">
      {text}
    </Link>
  ) : (
    <span>{text}</span>
  );
}

/** The resource cell: its name (linked when the UI has a page for it) and its id beneath. */
export function ResourceCell({ event, named = (r) => r }: { event: Event; named?: NameResources }) {
  const resource = named(event.resource);
  const id = resource["steward.resource.id"] ?? "";
  return (
    <div className="event-resource">
      <ResourceLink resource={resource} event={event} />
      {resourceName(resource) !== id && <span className="muted small mono">{id}</span>}
    </div>
  );
}

/** The one-line summary, its "about" resource by name and linked. */
export function EventSummary({ event, named }: { event: Event; named?: NameResources }) {
  const parts = eventSummaryParts(event, named);
  return (
    <>
      {parts.text}
      {parts.about && (
        <>
          {" about "}
          <ResourceLink resource={parts.about} event={event} withKind />
        </>
      )}
    </>
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
  const named = useResourceLookup(events);
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
                  <ResourceCell event={event} named={named} />
                </td>
              )}
              <td className="wrap event-summary">
                <EventSummary event={event} named={named} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
