/**
 * @module `GET /api/changes/stream`: server-sent events telling the UI that something changed, so
 * it refetches what it shows instead of polling every few seconds.
 */
import type { Context } from "hono";
import { type SSEStreamingApi, streamSSE } from "hono/streaming";
import type { ChangeFeed } from "../live/change-feed.js";

/** Path of the stream under the API's base path. */
export const CHANGE_STREAM_PATH = "/changes/stream";

/** Time between keep-alive comments, which stop proxies from closing a quiet stream. */
export const PING_INTERVAL_MS = 15_000;

/** How browsers should wait before reconnecting after the stream ends (the EventSource `retry`). */
const RECONNECT_MS = 1_000;

/** What the stream handler is built from. */
export interface ChangeStreamOptions {
  readonly feed: ChangeFeed;
  /** Aborted when the server closes: every open stream ends, so closing is not held up. */
  readonly signal?: AbortSignal;
  /** @default PING_INTERVAL_MS */
  readonly pingIntervalMs?: number;
}

/**
 * The handler. On connect it sends `event: hello`; then `event: change` with `{"at": ISO}` for each
 * delivery of the feed (already coalesced), and a `: ping` comment every 15 s. It unsubscribes when
 * the client goes away and ends when the server closes.
 */
export function changeStreamHandler(options: ChangeStreamOptions) {
  return (c: Context): Response => {
    const response = streamSSE(c, async (stream) => {
      const ended = endOf(stream, [c.req.raw.signal, options.signal]);
      // Writes are chained so that events never interleave on the wire.
      let writes: Promise<unknown> = stream.writeSSE({
        event: "hello",
        data: JSON.stringify({ at: new Date().toISOString() }),
        retry: RECONNECT_MS,
      });
      const send = (write: () => Promise<unknown>) => {
        writes = writes.then(write).catch(() => undefined);
      };
      const unsubscribe = options.feed.subscribe((at) =>
        send(() =>
          stream.writeSSE({ event: "change", data: JSON.stringify({ at: new Date(at).toISOString() }) }),
        ),
      );
      const ping = setInterval(
        () => send(() => stream.write(": ping\n\n")),
        options.pingIntervalMs ?? PING_INTERVAL_MS,
      );
      try {
        await ended;
      } finally {
        clearInterval(ping);
        unsubscribe();
      }
    });
    // Not kept alive: a stream that ends because the server is closing must take its connection
    // with it, or the server would wait for the idle socket's keep-alive timeout before closing.
    response.headers.set("connection", "close");
    return response;
  };
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
