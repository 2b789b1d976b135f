/**
 * @module The event store: client events in, filtered pages and counts out, and the live tail the
 * automations engine and the streams follow. Server-side events are written by the triggers of
 * migration 0008, not here.
 */
import { type SqlBool, sql } from "kysely";
import type { Event, EventPage, EventQuery } from "../../../api/index.js";
import { isoFromMs, isUuid } from "../codec.js";
import type { StoreContext } from "../context.js";
import { withErrorTranslation } from "../errors.js";
import { eventFromRow } from "../mappers/event.js";
import { and } from "../query/filters.js";
import type { Parsed } from "../types.js";
import type { Store } from "../store.js";
import { countEvents } from "./count.js";
import { eventConditions } from "./filter-sql.js";
import { insertEvents } from "./insert.js";
import { decodePageToken, encodePageToken, type PagePosition } from "./page-token.js";
import { tailRows } from "./tail-sql.js";

/** What the event repo needs beside the context. */
export interface EventRepoOptions {
  /**
   * Subscribes to "runs changed" (ctx.notifyRunsChanged here and, on PostgreSQL, in other
   * replicas): writes that announce themselves there may have written events by trigger.
   */
  readonly onRunsChanged?: (listener: () => void) => () => void;
}

const RETENTION_BATCH = 5_000;

/** The events section of the store; async methods translate database errors. */
export function createEventRepo(ctx: StoreContext, options: EventRepoOptions = {}): Store["events"] {
  const listeners = new Set<() => void>();
  const stored = () => {
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch {
        // One subscriber's bug must not keep the others from waking.
      }
    }
  };
  const methods = withErrorTranslation(ctx.ops, {
    async insert(events: Parameters<Store["events"]["insert"]>[0]): Promise<Event[]> {
      const written = await ctx.db.transaction().execute((trx) => insertEvents(trx, ctx, events));
      if (written.length > 0) stored();
      return written;
    },
    read: (id: string) => readEvent(ctx, id),
    filter: (query: Parsed<typeof EventQuery>) => filterEvents(ctx, fixRange(ctx, query), undefined),
    async next(token: string): Promise<EventPage> {
      const { query, after } = decodePageToken(token);
      return filterEvents(ctx, query, after);
    },
    count: (request: Parameters<Store["events"]["count"]>[0]) => countEvents(ctx, request),
    async tail(cursor: string | null, limit: number) {
      const batch = await tailRows(ctx, cursor, limit);
      return { events: batch.rows.map(eventFromRow), cursor: batch.cursor ?? cursor };
    },
    deleteBefore: (timestamp: number) => deleteBefore(ctx, timestamp),
  });
  return {
    ...methods,
    onStored(listener) {
      const entry = () => listener();
      listeners.add(entry);
      const unsubscribe = options.onRunsChanged?.(entry);
      return () => {
        listeners.delete(entry);
        unsubscribe?.();
      };
    },
  };
}

const COLUMNS = [
  "id",
  "occurred",
  "received",
  "event",
  "resource_id",
  "resource",
  "related",
  "related_ids",
  "payload",
  "follows",
] as const;

async function readEvent(ctx: StoreContext, id: string): Promise<Event | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await ctx.db.selectFrom("event").select(COLUMNS).where("id", "=", id).executeTakeFirst();
  return row && eventFromRow(row);
}

/** The query with its time range closed at now, so that its later pages read the same events. */
function fixRange(ctx: StoreContext, query: Parsed<typeof EventQuery>): Parsed<typeof EventQuery> {
  if (query.filter.occurred?.until !== undefined) return query;
  const occurred = { ...query.filter.occurred, until: isoFromMs(ctx.now()) };
  return { ...query, filter: { ...query.filter, occurred } };
}

/** One page: `limit` events after `after` in the query's order, the total, the next token. */
async function filterEvents(
  ctx: StoreContext,
  query: Parsed<typeof EventQuery>,
  after: PagePosition | undefined,
): Promise<EventPage> {
  const conditions = eventConditions(ctx.ops.name, query.filter);
  const desc = query.order === "DESC";
  const keyset = after === undefined ? [] : [afterPosition(ctx, after, desc)];
  const [rows, total] = await Promise.all([
    ctx.db
      .selectFrom("event")
      .select(COLUMNS)
      .where(and([...conditions, ...keyset]))
      .orderBy("occurred", desc ? "desc" : "asc")
      .orderBy("id", desc ? "desc" : "asc")
      .limit(query.limit + 1)
      .execute(),
    countMatching(ctx, conditions),
  ]);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const more = rows.length > query.limit && last !== undefined;
  return {
    events: page.map(eventFromRow),
    total,
    next_page: more
      ? encodePageToken({ query, after: { occurred: Number(last.occurred), id: last.id } })
      : null,
  };
}

function afterPosition(ctx: StoreContext, after: PagePosition, desc: boolean) {
  const id = ctx.ops.name === "postgres" ? sql`${after.id}::uuid` : sql`${after.id}`;
  return desc
    ? sql<SqlBool>`(event.occurred, event.id) < (${after.occurred}, ${id})`
    : sql<SqlBool>`(event.occurred, event.id) > (${after.occurred}, ${id})`;
}

async function countMatching(
  ctx: StoreContext,
  conditions: ReturnType<typeof eventConditions>,
): Promise<number> {
  const row = await ctx.db
    .selectFrom("event")
    .select((eb) => eb.fn.countAll<number | string>().as("count"))
    .where(and(conditions))
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

async function deleteBefore(ctx: StoreContext, timestamp: number): Promise<number> {
  let deleted = 0;
  // Small batches, each its own transaction: retention must never hold SQLite's one writer long.
  for (;;) {
    const expired = ctx.db
      .selectFrom("event")
      .select("seq")
      .where("occurred", "<", timestamp)
      .limit(RETENTION_BATCH);
    const result = await ctx.db.deleteFrom("event").where("seq", "in", expired).executeTakeFirst();
    const count = Number(result.numDeletedRows);
    deleted += count;
    if (count < RETENTION_BATCH) return deleted;
  }
}
