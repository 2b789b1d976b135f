/**
 * @module The Events page (`/events`): a volume chart and a feed of events, newest first, live
 * while the range reaches now, filtered by name, resource, related resource and time (in the URL).
 */
import { useEffect, useMemo, useRef } from "react";
import type { EventFilter } from "../../../../src/api/events.js";
import { useApi } from "../../api/client.js";
import { useEventFeed } from "../../api/event-feed.js";
import { CommandBlock } from "../../components/code.js";
import { EventTable } from "../../components/event-table.js";
import { EventVolumeChart } from "../../components/event-volume-chart.js";
import { EmptyState, ErrorMessage, Loading, QueryView } from "../../components/messages.js";
import { Page } from "../../components/page.js";
import { Card } from "../../components/tabs.js";
import { EventFilters } from "./event-filters.js";
import { eventFilterOf, eventsWindow, type EventsWindow, useEventsParams } from "./events-params.js";
import "./events.css";

/** `/events` */
export function EventsPage() {
  const [params, set, clear] = useEventsParams();
  const span = eventsWindow(params);
  const base = useMemo(() => eventFilterOf(params), [params.name, params.resource, params.related]);
  const filter: EventFilter = { ...base, occurred: { since: span.since, until: span.until } };
  const feed = useEventFeed(filter, { live: span.live });
  const filtered = Boolean(params.name || params.resource || params.related);
  return (
    <Page
      name="events"
      title="Events"
      ready={feed.loaded}
      actions={<LiveBadge live={span.live} status={feed.stream.status} />}
    >
      <EventFilters params={params} onChange={set} onClear={clear} />
      <div className="stack">
        <Card title="Volume">
          <Volume
            filter={base}
            span={span}
            newest={feed.stream.events[0]?.id}
            onSelect={(since, until) => set({ range: "custom", since, until })}
          />
        </Card>
        {feed.error ? (
          <ErrorMessage error={feed.error} title="Could not load events" />
        ) : !feed.loaded ? (
          <Loading what="events" />
        ) : feed.events.length === 0 ? (
          <EmptyEvents filtered={filtered} />
        ) : (
          <div data-testid="event-feed" data-count={feed.events.length}>
            <EventTable events={feed.events} />
            <div className="pager">
              <span>
                {feed.events.length.toLocaleString()} shown
                {feed.total !== undefined && ` · ${feed.total.toLocaleString()} in this range`}
              </span>
              {feed.hasMore && (
                <button type="button" className="small" disabled={feed.loadingMore} onClick={feed.loadMore}>
                  {feed.loadingMore ? "Loading…" : "Load older events"}
                </button>
              )}
            </div>
          </div>
        )}
      </div>
    </Page>
  );
}

/** "Live" while new events are added as they happen. */
function LiveBadge({ live, status }: { live: boolean; status: string }) {
  if (!live) return <span className="muted small">Range in the past: not live</span>;
  return (
    <span className="live small" data-testid="events-live" data-live={status}>
      <span
        className={`status-dot ${status === "live" ? "live-on" : status === "offline" ? "live-off" : ""}`}
      />
      {status === "live" ? "Live" : status === "offline" ? "Disconnected" : "Connecting…"}
    </span>
  );
}

/** The volume chart; refetched (at most every 2 s) when live events arrive. */
function Volume({
  filter,
  span,
  newest,
  onSelect,
}: {
  filter: EventFilter;
  span: EventsWindow;
  newest: string | undefined;
  onSelect: (since: string, until: string) => void;
}) {
  const counts = useApi(
    "countEvents",
    {
      body: { filter, since: span.since, until: span.until, bucket_seconds: span.bucketSeconds },
    },
    { placeholderData: (previous) => previous },
  );
  const { refetch } = counts;
  const lastRefetch = useRef(0);
  // Throttled, not debounced: a steady trickle of events still moves the chart every 2 s.
  useEffect(() => {
    if (!newest) return;
    const timer = setTimeout(
      () => {
        lastRefetch.current = Date.now();
        void refetch();
      },
      Math.max(0, lastRefetch.current + 2000 - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [newest, refetch]);
  return (
    <QueryView query={counts} what="event counts">
      {(buckets) => <EventVolumeChart buckets={buckets} onSelect={(b) => onSelect(b.start, b.end)} />}
    </QueryView>
  );
}

function EmptyEvents({ filtered }: { filtered: boolean }) {
  if (filtered)
    return (
      <EmptyState title="No events match">
        Widen the time range or clear the filters. Names take <code>*</code> wildcards, e.g.{" "}
        <code>steward.flow-run.*</code>.
      </EmptyState>
    );
  return (
    <EmptyState title="No events in this range">
      <div className="stack events-empty">
        <p>
          Steward records every flow-run state, every change of deployments, work pools and queues, and what
          workers do. Emit your own from code with <code>emitEvent()</code>, over HTTP with{" "}
          <code>POST /api/events</code>, or from a shell:
        </p>
        <CommandBlock command="steward events emit my.first.event --resource-id my.resource" />
      </div>
    </EmptyState>
  );
}
