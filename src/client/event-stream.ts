/**
 * @module Reading `GET /api/events/stream` (server-sent events) as an async iterator of events, for
 * `steward events stream` and any client that follows events live. A stream that drops is
 * reopened from the last event seen, and events already handed out are not handed out again.
 */
import type { Event, EventFilter } from "../api/events.js";
import type { RouteSpec } from "../api/routes.js";
import { StewardError } from "../core/errors.js";
import { toApiError } from "./errors.js";
import { sleep } from "./sleep.js";

/** Options of {@link streamEvents}. */
export interface StreamEventsOptions {
  /** Ends the iteration (and the request). */
  readonly signal?: AbortSignal;
  /** Send the matching events of the last 15 minutes first. @default true */
  readonly backfill?: boolean;
  /** Where the backfill starts, instead of 15 minutes ago. */
  readonly since?: Date;
  /** Reopen a stream that ended or failed after it had opened. @default true */
  readonly reconnect?: boolean;
}

/** What the stream reader needs of the client. */
export interface StreamTransport {
  readonly apiUrl: string;
  readonly fetch: typeof fetch;
}

const STREAM_SPEC: RouteSpec = {
  method: "GET",
  path: "/events/stream",
  summary: "Live events",
  tag: "Events",
  access: { role: "viewer" },
  status: 200,
};

/** How many recent ids are remembered to drop repeats after a reconnect. */
const REMEMBERED_IDS = 5000;
const RECONNECT_DELAY_MS = 1000;

/**
 * Matching events, oldest first: the backfill, then each new one, until `signal` aborts. A bad
 * filter throws the API's error (400) at once; a server that cannot be reached throws API_UNREACHABLE.
 */
export async function* streamEvents(
  transport: StreamTransport,
  filter: EventFilter,
  options: StreamEventsOptions = {},
): AsyncGenerator<Event> {
  const seen = new RecentIds(REMEMBERED_IDS);
  let since = options.since;
  let backfill = options.backfill ?? true;
  for (let opened = false; ;) {
    try {
      for await (const event of openOnce(transport, filter, { ...options, backfill, since })) {
        opened = true;
        if (seen.add(event.id)) yield event;
        since = new Date(event.occurred);
        backfill = true; // a reopened stream catches up from the last event seen
      }
    } catch (error) {
      if (options.signal?.aborted) return;
      if (!opened || options.reconnect === false) throw error;
    }
    if (options.signal?.aborted || options.reconnect === false) return;
    if (since === undefined) {
      since = new Date();
      backfill = true;
    }
    try {
      await sleep(RECONNECT_DELAY_MS, options.signal);
    } catch {
      return;
    }
  }
}

async function* openOnce(
  transport: StreamTransport,
  filter: EventFilter,
  options: StreamEventsOptions,
): AsyncGenerator<Event> {
  const query = new URLSearchParams({ filter: JSON.stringify(filter), backfill: String(options.backfill) });
  if (options.since) query.set("since", options.since.toISOString());
  let response: Response;
  try {
    response = await transport.fetch(`${transport.apiUrl}/events/stream?${query}`, {
      headers: { accept: "text/event-stream" },
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) return;
    throw new StewardError(
      "API_UNREACHABLE",
      `Cannot reach the Steward API at ${transport.apiUrl} (${(error as Error).message}). Is \`steward server start\` running, and is STEWARD_API_URL right?`,
      { cause: error },
    );
  }
  if (!response.ok) throw await toApiError(response, STREAM_SPEC);
  if (!response.body) return;
  for await (const message of sseMessages(response.body)) {
    if (message.event === "event") yield JSON.parse(message.data) as Event;
  }
}

/** One server-sent message. */
export interface SseMessage {
  readonly event: string;
  readonly data: string;
}

/** Splits a server-sent-events body into messages (comments and `retry:` lines are skipped). */
export async function* sseMessages(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, "\n");
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const message = parseBlock(block);
      if (message) yield message;
    }
  }
}

function parseBlock(block: string): SseMessage | undefined {
  let event = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line === "" || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  return data.length > 0 ? { event, data: data.join("\n") } : undefined;
}

/** A bounded set of ids: old ones are forgotten first. */
class RecentIds {
  readonly #ids = new Set<string>();
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  /** Adds `id`; false when it was already there. */
  add(id: string): boolean {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#ids.size > this.#max) {
      const oldest = this.#ids.values().next().value;
      if (oldest !== undefined) this.#ids.delete(oldest);
    }
    return true;
  }
}
