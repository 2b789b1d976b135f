/**
 * @module One event (`/events/:id`): when it happened, its resource and labels, its related
 * resources (linked to their pages when they are Steward's), its payload and the raw JSON.
 */
import { Link, useParams } from "react-router";
import type { Event, Resource } from "../../../../src/api/events.js";
import { isApiError, useApi } from "../../api/client.js";
import { paths } from "../../app/paths.js";
import { JsonView } from "../../components/code.js";
import { EventSummary } from "../../components/event-table.js";
import { EmptyState, ErrorMessage, Loading } from "../../components/messages.js";
import { Page } from "../../components/page.js";
import { Card } from "../../components/tabs.js";
import { DateTime } from "../../components/time.js";
import { eventSummary, resourceHref, resourceKind, resourceName } from "./event-text.js";
import { type NameResources, useResourceLookup } from "./resource-lookup.js";
import "./events.css";

const crumbs = [{ label: "Events", to: paths.events() }];

/** `/events/:id` */
export function EventPage() {
  const { id = "" } = useParams();
  const event = useApi("readEvent", { params: { id } }, { refetchInterval: false });
  if (event.error) {
    const missing = isApiError(event.error, 404) || isApiError(event.error, 422);
    return (
      <Page name="event" title="Event not found" crumbs={crumbs} ready>
        {missing ? (
          <EmptyState title="There is no such event">
            <p>
              No event has the id <code>{id}</code>: events are kept for the retention period (7 days by
              default), then deleted.
            </p>
            <Link to={paths.events()}>See recent events</Link>
          </EmptyState>
        ) : (
          <ErrorMessage error={event.error} title="Could not load the event" />
        )}
      </Page>
    );
  }
  if (!event.data)
    return (
      <Page name="event" title="Event" crumbs={crumbs} ready={false}>
        <Loading what="event" />
      </Page>
    );
  return <EventView event={event.data} />;
}

function EventView({ event }: { event: Event }) {
  const resourceId = event.resource["steward.resource.id"] ?? "";
  const named = useResourceLookup([event]);
  const summary = eventSummary(event, named);
  return (
    <Page
      name="event"
      documentTitle={event.event}
      title={<h1 className="mono event-title">{event.event}</h1>}
      crumbs={crumbs}
      actions={
        <Link className="button small" to={paths.events({ name: event.event })}>
          Events named like this
        </Link>
      }
      ready
    >
      <div className="stack">
        <Card>
          <dl className="details" data-testid="event-details">
            {summary && (
              <>
                <dt>Summary</dt>
                <dd data-testid="event-summary">
                  <EventSummary event={event} named={named} />
                </dd>
              </>
            )}
            <dt>Occurred</dt>
            <dd>
              <DateTime value={event.occurred} />
            </dd>
            <dt>Received</dt>
            <dd>
              <DateTime value={event.received} />
            </dd>
            <dt>Id</dt>
            <dd className="mono">{event.id}</dd>
            <dt>Follows</dt>
            <dd>
              {event.follows ? (
                <Link className="mono" to={paths.event(event.follows)}>
                  {event.follows}
                </Link>
              ) : (
                <span className="muted">—</span>
              )}
            </dd>
          </dl>
        </Card>
        <div className="grid grid-2">
          <Card
            title={
              resourceKind(resourceId) === "Resource" ? "Resource" : `Resource · ${resourceKind(resourceId)}`
            }
            actions={
              <Link className="small" to={paths.events({ resource: resourceId })}>
                Its events
              </Link>
            }
          >
            <div data-testid="event-resource">
              <ResourceTitle resource={named(event.resource)} event={event} />
              <Labels resource={event.resource} />
            </div>
          </Card>
          <Card title={`Related (${event.related.length})`}>
            <RelatedList event={event} named={named} />
          </Card>
        </div>
        <Card title="Payload">
          <div data-testid="event-payload">
            <JsonView value={event.payload} empty="No payload" />
          </div>
        </Card>
        <Card title="Raw JSON">
          <pre className="json" data-testid="event-raw" role="region" aria-label="Raw JSON" tabIndex={0}>
            {JSON.stringify(event, null, 2)}
          </pre>
        </Card>
      </div>
    </Page>
  );
}

/** The resource's name, linked to its page when the UI has one, and its id. */
function ResourceTitle({ resource, event }: { resource: Resource; event: Event }) {
  const href = resourceHref(resource, event);
  const name = resourceName(resource);
  return (
    <div className="event-resource-title">
      {href ? <Link to={href}>{name}</Link> : <strong>{name}</strong>}
      <span className="muted small mono">{resource["steward.resource.id"]}</span>
    </div>
  );
}

/** Every label of a resource, `steward.resource.id` first. */
function Labels({ resource }: { resource: Resource }) {
  const entries = Object.entries(resource).sort(([a], [b]) =>
    a === "steward.resource.id" ? -1 : b === "steward.resource.id" ? 1 : a.localeCompare(b),
  );
  return (
    <dl className="details labels">
      {entries.map(([label, value]) => (
        <div key={label} className="label-row">
          <dt className="mono">{label}</dt>
          <dd className="mono">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One block per related resource: role, name (linked), id, and its other labels. */
function RelatedList({ event, named }: { event: Event; named: NameResources }) {
  if (event.related.length === 0) return <div className="muted">No related resources.</div>;
  return (
    <ul className="related-list" data-testid="event-related">
      {event.related.map((resource, index) => {
        const id = resource["steward.resource.id"] ?? "";
        const rest = Object.entries(resource).filter(
          ([label]) =>
            !["steward.resource.id", "steward.resource.name", "steward.resource.role"].includes(label),
        );
        return (
          <li key={`${id}-${index}`} data-related-id={id} data-role={resource["steward.resource.role"]}>
            <span className="tag">{resource["steward.resource.role"]}</span>
            <ResourceTitle resource={named(resource)} event={event} />
            {rest.length > 0 && (
              <div className="muted small mono">
                {rest.map(([label, value]) => `${label}=${value}`).join("  ")}
              </div>
            )}
            <Link className="small" to={paths.events({ related: id })}>
              Events related to it
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
