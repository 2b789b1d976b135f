/**
 * @module `GET /api/events/stream`: matching events as server-sent events, for `steward events
 * stream` and the UI's Events page. First the recent matching events (the backfill), then each new
 * one as the {@link EventTail} hands it out, never one twice.
 */
import type { Context } from "hono";
import { type SSEStreamingApi, streamSSE } from "hono/streaming";
import { type Event, EventFilter } from "../../api/index.js";
import { StewardError } from "../../core/errors.js";
import type { EventTail } from "../events/event-tail.js";
import type { Store } from "../storage/store.js";
import { eventMatchesFilter } from "./event-filter-match.js";
import { PING_INTERVAL_MS } from "./change-stream.js";
import { fieldIssues } from "./validation.js";

/** Path of the stream under the API's base path. */
export const EVENT_STREAM_PATH = "/events/stream";

/** How far back the backfill reaches unless `since` says otherwise. */
export const BACKFILL_WINDOW_MS = 15 * 60_000;

/** Most events sent as backfill (the newest of the window, oldest first). */
export const BACKFILL_LIMIT = 500;

/** The most a filter query pages; the API's own page limit. */
const PAGE_SIZE = 200;

/** What the stream handler is built from. */
export interface EventStreamOptions {
  readonly store: Pick<Store, "events">;
  readonly tail: EventTail;
  /** Aborted when the server closes: every open stream ends. */
  readonly signal?: AbortSignal;
  readonly now?: () => number;
  /** @default PING_INTERVAL_MS */
  readonly pingIntervalMs?: number;
}

/** A parsed stream request. */
export interface EventStreamRequest {
  readonly filter: EventFilter;
  readonly backfill: boolean;
  /** Epoch ms where the backfill starts, or undefined for the default window. */
  readonly since: number | undefined;
}

/** Reads `filter`, `backfill` and `since` from the query; INVALID_INPUT (400) names what is wrong. */
export function parseStreamRequest(query: Record<string, string | undefined>): EventStreamRequest {
  const filter = parseFilter(query.filter);
  const backfill = query.backfill ?? "true";
  if (backfill !== "true" && backfill !== "false") {
    throw invalid(`backfill must be "true" or "false", got ${JSON.stringify(backfill)}.`);
  }
  let since: number | undefined;
  if (query.since !== undefined) {
    since = Date.parse(query.since);
    if (Number.isNaN(since))
      throw invalid(`since must be an ISO-8601 time, got ${JSON.stringify(query.since)}.`);
  }
  return { filter, backfill: backfill === "true", since };
}

function parseFilter(text: string | undefined): EventFilter {
  if (text === undefined || text === "") return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid(`filter is not valid JSON (${(error as Error).message}).`);
  }
  const parsed = EventFilter.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = fieldIssues(parsed.error);
  const shown = issues.map((issue) => `${issue.path || "(root)"}: ${issue.message}`).join("; ");
  throw invalid(`filter is not an event filter: ${shown}.`, issues);
}

function invalid(reason: string, details?: unknown): StewardError {
  return new StewardError(
    "INVALID_INPUT",
    `${reason} Example: /api/events/stream?filter={"event":{"name":["steward.flow-run.*"]}}&backfill=true`,
    { details },
  );
}

/** The newest matching events since `since` (at most BACKFILL_LIMIT), oldest first. */
export async function readBackfill(
  store: Pick<Store, "events">,
  filter: EventFilter,
  since: number,
): Promise<Event[]> {
  // The filter's own `since` wins when it is later than the window's start.
  const own = filter.occurred?.since;
  const start = own !== undefined && Date.parse(own) > since ? own : new Date(since).toISOString();
  const windowed: EventFilter = { ...filter, occurred: { ...filter.occurred, since: start } };
  let page = await store.events.filter({ filter: windowed, limit: PAGE_SIZE, order: "DESC" });
  const events = [...page.events];
  while (events.length < BACKFILL_LIMIT && page.next_page !== null) {
    page = await store.events.next(page.next_page);
    events.push(...page.events);
  }
  return events.slice(0, BACKFILL_LIMIT).reverse();
}

/**
 * The handler. A bad query answers 400 JSON before the stream starts. The tail is subscribed to
 * before the backfill is read, so nothing stored meanwhile is missed; live events that the
 * backfill already sent are dropped by id.
 */
export function eventStreamHandler(options: EventStreamOptions) {
  const now = options.now ?? Date.now;
  return async (c: Context): Promise<Response> => {
    const request = parseStreamRequest(c.req.query());
    await options.tail.start();
    const response = streamSSE(c, async (stream) => {
      const ended = endOf(stream, [c.req.raw.signal, options.signal]);
      const sender = new EventSender(stream, request.filter);
      const unsubscribe = options.tail.subscribe((events) => sender.live(events));
      const ping = setInterval(
        () => sender.send(() => stream.write(": ping\n\n")),
        options.pingIntervalMs ?? PING_INTERVAL_MS,
      );
      try {
        const backfill = request.backfill
          ? await readBackfill(options.store, request.filter, request.since ?? now() - BACKFILL_WINDOW_MS)
          : [];
        sender.backfilled(backfill);
        await ended;
      } finally {
        clearInterval(ping);
        unsubscribe();
      }
    });
    // Not kept alive, as the change stream: a closing server must take the connection with it.
    response.headers.set("connection", "close");
    return response;
  };
}

/** Writes events in order: live ones wait until the backfill is out, and are deduplicated against it. */
class EventSender {
  readonly #stream: SSEStreamingApi;
  readonly #filter: EventFilter;
  #writes: Promise<unknown> = Promise.resolve();
  #pending: Event[] | undefined = [];
  #backfillIds = new Set<string>();

  constructor(stream: SSEStreamingApi, filter: EventFilter) {
    this.#stream = stream;
    this.#filter = filter;
  }

  /** Chains a write, so messages never interleave on the wire; a failed write (client gone) is dropped. */
  send(write: () => Promise<unknown>): void {
    this.#writes = this.#writes.then(write).catch(() => undefined);
  }

  backfilled(events: readonly Event[]): void {
    for (const event of events) {
      this.#backfillIds.add(event.id);
      this.#write(event);
    }
    const pending = this.#pending ?? [];
    this.#pending = undefined;
    this.live(pending);
  }

  live(events: readonly Event[]): void {
    const matching = events.filter((event) => eventMatchesFilter(this.#filter, event));
    if (this.#pending !== undefined) {
      this.#pending.push(...matching);
      return;
    }
    for (const event of matching) if (!this.#backfillIds.has(event.id)) this.#write(event);
  }

  #write(event: Event): void {
    this.send(() => this.#stream.writeSSE({ event: "event", id: event.id, data: JSON.stringify(event) }));
  }
}

/** Resolves when the client goes away or any of `signals` aborts. */
function endOf(stream: SSEStreamingApi, signals: readonly (AbortSignal | undefined)[]): Promise<void> {
  return new Promise((resolve) => {
    const active = signals.filter((signal): signal is AbortSignal => signal !== undefined);
    const end = () => {
      for (const signal of active) signal.removeEventListener("abort", end);
      resolve();
    };
    if (stream.aborted || active.some((signal) => signal.aborted)) return end();
    stream.onAbort(end);
    for (const signal of active) signal.addEventListener("abort", end, { once: true });
  });
}
