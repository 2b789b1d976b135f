/**
 * @module A feed of events: history paged through `POST /events/filter` and
 * `GET /events/filter/next`, with the live edge from `GET /events/stream` on top, merged newest
 * first without duplicates (the stream's backfill overlaps the first page on purpose: nothing
 * between the two reads can fall through).
 */
import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { Event, EventFilter, EventPage } from "../../../src/api/events.js";
import { callApi } from "./client.js";
import { type EventStream, newestFirst, useEventStream } from "./event-stream.js";

export interface EventFeedOptions {
  /** Events per history page. @default 50 */
  readonly pageSize?: number;
  /** Follow new events (only meaningful when the window reaches now). @default true */
  readonly live?: boolean;
}

/** The events loaded so far, the total that match, and paging. */
export interface EventFeed {
  readonly events: readonly Event[];
  /** How many match in the history (the live events that arrived since are not counted). */
  readonly total: number | undefined;
  readonly error: unknown;
  readonly loaded: boolean;
  readonly hasMore: boolean;
  readonly loadingMore: boolean;
  loadMore(): void;
  readonly stream: EventStream;
}

/** The merged history and live events matching `filter` (its `occurred` bounds the live ones too). */
export function useEventFeed(filter: EventFilter, options: EventFeedOptions = {}): EventFeed {
  const { pageSize = 50, live = true } = options;
  const body = { filter, limit: pageSize, order: "DESC" as const };
  const history = useInfiniteQuery({
    queryKey: ["filterEvents", { body }],
    queryFn: ({ pageParam }): Promise<EventPage> =>
      pageParam === null
        ? callApi("filterEvents", { body })
        : callApi("filterEventsNext", { query: { page_token: pageParam } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_page ?? undefined,
    placeholderData: (previous) => previous,
  });
  const stream = useEventStream(filter, { enabled: live });
  const pages = history.data?.pages;
  const events = useMemo(() => {
    const since = filter.occurred?.since;
    const until = filter.occurred?.until;
    const byId = new Map<string, Event>();
    for (const event of stream.events) {
      if (since && event.occurred < since) continue;
      if (until && event.occurred > until && !live) continue;
      byId.set(event.id, event);
    }
    for (const page of pages ?? []) for (const event of page.events) byId.set(event.id, event);
    return [...byId.values()].sort(newestFirst);
  }, [stream.events, pages, filter.occurred?.since, filter.occurred?.until, live]);
  return {
    events,
    total: pages?.[0]?.total,
    error: history.error,
    loaded: history.data !== undefined || history.error !== null,
    hasMore: history.hasNextPage,
    loadingMore: history.isFetchingNextPage,
    loadMore: () => void history.fetchNextPage(),
    stream,
  };
}
