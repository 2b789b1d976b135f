/** @module What `steward events emit | ls | stream` do. */
import { v7 as uuidv7 } from "uuid";
import type { Event, EventCreate, EventPage } from "../../api/events.js";
import type { CliContext } from "../context.js";
import type { SignalSource } from "../io.js";
import { buildFilter, type FilterOptions, parseObjectOption, parseRelated, resourceLabels } from "./parse.js";
import { EVENT_COLUMNS, eventLine, eventRow } from "./view.js";

/** Options of `steward events emit`. */
export interface EmitOptions {
  resourceId: string;
  resource?: string[];
  related?: string[];
  payload?: string;
  json?: boolean;
}

/** `steward events emit NAME --resource-id ID …`: sends one event and prints its id. */
export async function emitEventCommand(ctx: CliContext, name: string, options: EmitOptions): Promise<void> {
  const event: EventCreate = {
    id: uuidv7(),
    occurred: new Date().toISOString(),
    event: name,
    resource: resourceLabels(options.resourceId, options.resource),
    related: (options.related ?? []).map(parseRelated),
    payload:
      options.payload === undefined ? {} : parseObjectOption("--payload", options.payload, '{"amount": 12}'),
  };
  await ctx.client().call("createEvents", { body: [event] });
  if (options.json) ctx.out.json(event);
  else ctx.out.line(`Emitted event "${name}" (id ${event.id ?? "?"}) about ${options.resourceId}.`);
}

/** The `--sort` orders of `steward events ls`: the API's two event orders. */
export const EVENT_SORTS = { "occurred-desc": "DESC", "occurred-asc": "ASC" } as const;

/** Options of `steward events ls`. */
export interface ListOptions extends FilterOptions {
  limit: number;
  sort: keyof typeof EVENT_SORTS;
  json?: boolean;
}

/** `steward events ls`: the matching events, newest first by default (paged through past 200). */
export async function listEvents(ctx: CliContext, options: ListOptions): Promise<void> {
  const client = ctx.client();
  const filter = buildFilter(options);
  let page: EventPage = await client.call("filterEvents", {
    body: { filter, limit: Math.min(options.limit, 200), order: EVENT_SORTS[options.sort] },
  });
  const events: Event[] = [...page.events];
  while (events.length < options.limit && page.next_page !== null) {
    page = await client.call("filterEventsNext", { query: { page_token: page.next_page } });
    events.push(...page.events);
  }
  const shown = events.slice(0, options.limit);
  if (options.json) {
    ctx.out.json(shown);
    return;
  }
  ctx.out.table(
    EVENT_COLUMNS,
    shown.map(eventRow),
    "No events match. Widen the search (--since 1d), or emit one: steward events emit my.event --resource-id my.thing",
  );
  if (page.total > shown.length)
    ctx.out.note(`Showing ${shown.length} of ${page.total} matching events (--limit N for more).`);
}

/** Options of `steward events stream`. */
export interface StreamOptions extends FilterOptions {
  backfill: boolean;
  json?: boolean;
}

/** `steward events stream`: one line per matching event as it happens, until Ctrl-C. */
export async function streamEventsCommand(ctx: CliContext, options: StreamOptions): Promise<void> {
  const filter = buildFilter(options);
  const client = ctx.client();
  const controller = new AbortController();
  const stop = stopOn(ctx.io.signals ?? process, () => controller.abort());
  ctx.out.note(`Streaming events from ${client.apiUrl}; press Ctrl+C to stop.`);
  try {
    for await (const event of client.streamEvents(filter, {
      signal: controller.signal,
      backfill: options.backfill,
    })) {
      ctx.out.line(options.json ? JSON.stringify(event) : eventLine(event));
    }
  } finally {
    stop();
  }
}

/** Calls `stop` on the first SIGINT or SIGTERM; returns the function that stops listening. */
function stopOn(signals: SignalSource, stop: () => void): () => void {
  const onSignal = () => {
    off();
    stop();
  };
  const off = () => {
    signals.off("SIGINT", onSignal);
    signals.off("SIGTERM", onSignal);
  };
  signals.once("SIGINT", onSignal);
  signals.once("SIGTERM", onSignal);
  return off;
}
