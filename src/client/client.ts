import type { z } from "zod";
import type { Event, EventFilter } from "../api/events.js";
import { ROUTE_LOCATIONS } from "../api/route-locations.js";
import type { RouteName, RouteSpec, routes } from "../api/routes.js";
import { StewardError } from "../core/errors.js";
import { ApiError, toApiError } from "./errors.js";
import { streamEvents, type StreamEventsOptions } from "./event-stream.js";
import { describeFetchFailure } from "./fetch-failure.js";

/** What a call needs of its route: where it is. */
type RouteTarget = Pick<RouteSpec, "method" | "path">;

type Route<N extends RouteName> = (typeof routes)[N];
type BodyOf<N extends RouteName> =
  Route<N> extends { body: infer B extends z.ZodType } ? z.input<B> : undefined;
type QueryOf<N extends RouteName> =
  Route<N> extends { query: infer Q extends z.ZodType } ? z.input<Q> : undefined;
/** What a route answers; `undefined` for 204 routes. */
export type ResponseOf<N extends RouteName> =
  Route<N> extends { response: infer R extends z.ZodType } ? z.output<R> : undefined;

/** Path parameters, request body and query string of one call. */
export interface CallInput<N extends RouteName> {
  params?: Record<string, string>;
  body?: BodyOf<N>;
  query?: QueryOf<N>;
  /** Retries of this call, instead of the client's (a call that must outlive a server restart). */
  retries?: number;
}

/** The answer of one call with its HTTP status (e.g. 201 created vs 200 existing). */
export interface CallResult<N extends RouteName> {
  status: number;
  data: ResponseOf<N>;
}

export interface StewardClientOptions {
  /** API base URL ending in `/api`. */
  apiUrl: string;
  /** Retries for idempotent calls and 503 answers. @default 6 */
  retries?: number;
  /** Per-request timeout. @default 30000 */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** API key sent as `Authorization: Bearer …` with every request (STEWARD_API_KEY). @default none */
  apiKey?: string | null;
  /** What to tell people when the API cannot be reached. @default a hint about server start and STEWARD_API_URL */
  unreachableHint?: string;
}

// GETs, deletes and filters can be sent twice without harm; creates and state proposals are made
// idempotent by the server (idempotency keys, transition ids), so connection errors retry those too.
const RETRYABLE_STATUS = new Set([502, 503, 504]);

/**
 * Typed HTTP client for the Steward API, driven by the route table in `api/routes.ts` (its types;
 * at run time only the routes' methods and paths, `api/route-locations.ts`: the client neither
 * validates what it sends nor parses answers with the schemas, so it need not build them).
 *
 * @example
 * const client = new StewardClient({ apiUrl: "http://127.0.0.1:4200/api" });
 * const run = await client.call("readFlowRun", { params: { id } });
 */
export class StewardClient {
  readonly apiUrl: string;
  readonly #retries: number;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;
  readonly #unreachableHint: string;

  constructor(options: StewardClientOptions) {
    this.apiUrl = options.apiUrl.replace(/\/+$/, "");
    this.#retries = options.retries ?? 6;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    // Called as a method of this object, a bare `fetch` throws "Illegal invocation" in browsers.
    const send: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#fetch = options.apiKey ? withBearer(send, options.apiKey) : send;
    this.#unreachableHint =
      options.unreachableHint ?? "Is `steward server start` running, and is STEWARD_API_URL right?";
  }

  /** Calls a route and returns its parsed JSON body (undefined for 204 answers). */
  async call<N extends RouteName>(name: N, input: CallInput<N> = {}): Promise<ResponseOf<N>> {
    return (await this.callWithStatus(name, input)).data;
  }

  /** Like `call`, also returning the HTTP status. */
  async callWithStatus<N extends RouteName>(name: N, input: CallInput<N> = {}): Promise<CallResult<N>> {
    const [method, path] = ROUTE_LOCATIONS[name];
    const spec: RouteTarget = { method, path };
    const url = this.#url(spec, input);
    const init: RequestInit = {
      method: spec.method,
      // On every write, body or not: the server refuses writes without it (pages of other sites
      // can send those without asking).
      headers: spec.method === "GET" ? {} : { "content-type": "application/json" },
      body: input.body === undefined ? undefined : JSON.stringify(input.body),
    };
    const retries = input.retries ?? this.#retries;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.#fetch(url, { ...init, signal: AbortSignal.timeout(this.#timeoutMs) });
      } catch (error) {
        const failure = describeFetchFailure(error, url);
        if (attempt < retries && !failure.permanent) {
          await sleep(backoffMs(attempt));
          continue;
        }
        throw new StewardError(
          "API_UNREACHABLE",
          `Cannot reach the Steward API at ${this.apiUrl} (${failure.reason}). ` +
            // A refused certificate is no sign that the server is down: say only what fixes it.
            [failure.hint, failure.permanent ? undefined : this.#unreachableHint].filter(Boolean).join(" "),
          { cause: error },
        );
      }
      if (RETRYABLE_STATUS.has(response.status) && attempt < retries) {
        await response.body?.cancel();
        await sleep(backoffMs(attempt));
        continue;
      }
      if (!response.ok) throw await toApiError(response, spec);
      const data = response.status === 204 ? undefined : await response.json();
      return { status: response.status, data: data as ResponseOf<N> };
    }
  }

  /**
   * Follows `GET /api/events/stream`: the matching events of the last 15 minutes (unless
   * `backfill: false`), then each new one, until `signal` aborts.
   *
   * @example
   * for await (const event of client.streamEvents({ event: { name: ["steward.flow-run.*"] } }, { signal }))
   *   console.log(event.event);
   */
  streamEvents(filter: EventFilter = {}, options: StreamEventsOptions = {}): AsyncGenerator<Event> {
    return streamEvents({ apiUrl: this.apiUrl, fetch: this.#fetch }, filter, options);
  }

  #url(spec: RouteTarget, input: CallInput<RouteName>): string {
    const path = spec.path.replace(/\{(\w+)\}/g, (_, key: string) => {
      const value = input.params?.[key];
      if (value === undefined) throw new Error(`Route ${spec.path} needs the path parameter "${key}"`);
      return encodeURIComponent(value);
    });
    const query = input.query
      ? `?${new URLSearchParams(Object.entries(input.query as Record<string, unknown>).map(([k, v]): [string, string] => [k, String(v)]))}`
      : "";
    return `${this.apiUrl}${path}${query}`;
  }
}

function backoffMs(attempt: number): number {
  return Math.min(2_000, 100 * 2 ** attempt) * (0.5 + Math.random() / 2);
}

/** `send` with the key added to every request's headers (streams included). */
function withBearer(send: typeof fetch, apiKey: string): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set("authorization", `Bearer ${apiKey}`);
    return send(input, { ...init, headers });
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export { ApiError };
