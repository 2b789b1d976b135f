/**
 * @module Reading the event table in the order events became visible (see {@link Store.events.tail}).
 *
 * SQLite has one writer at a time, so insertion order (`seq`) is commit order: the cursor is the
 * last `seq` handed out. PostgreSQL numbers rows when they are inserted, not when they commit, so
 * a transaction that inserted first may commit last; reading by `seq` alone would step over its
 * events for good. There each event carries its transaction id (`tx`), and the tail reads in
 * (tx, seq) order only the events of transactions older than the oldest one still running
 * (`pg_snapshot_xmin`): those have all ended, so nothing can appear below the cursor afterwards.
 * An event waits at most as long as the longest transaction running beside it.
 */
import { sql } from "kysely";
import { StewardError } from "../../../core/errors.js";
import type { StoreContext } from "../context.js";
import type { EventRow } from "../mappers/event.js";
import type { EventCursor } from "./tail.js";

/** A batch read by the tail, with the cursor after its last row (null: the input cursor stands). */
export interface TailRows {
  readonly rows: EventRow[];
  readonly cursor: EventCursor | null;
}

const COLUMNS = sql`id, occurred, received, event, resource_id, resource, related, related_ids, payload, follows`;

/** Rows after `cursor`, at most `limit`; for a null cursor, no rows and the cursor of "now". */
export async function tailRows(
  ctx: StoreContext,
  cursor: EventCursor | null,
  limit: number,
): Promise<TailRows> {
  return ctx.ops.name === "postgres" ? postgresTail(ctx, cursor, limit) : sqliteTail(ctx, cursor, limit);
}

async function sqliteTail(ctx: StoreContext, cursor: EventCursor | null, limit: number): Promise<TailRows> {
  if (cursor === null) {
    const { rows } = await sql<{ seq: number | null }>`select max(seq) as seq from event`.execute(ctx.db);
    return { rows: [], cursor: String(rows[0]?.seq ?? 0) };
  }
  const after = parseSqliteCursor(cursor);
  const { rows } = await sql<EventRow & { seq: number }>`
    select seq, ${COLUMNS} from event where seq > ${after} order by seq limit ${limit}`.execute(ctx.db);
  const last = rows.at(-1);
  return { rows, cursor: last === undefined ? null : String(last.seq) };
}

async function postgresTail(ctx: StoreContext, cursor: EventCursor | null, limit: number): Promise<TailRows> {
  if (cursor === null) {
    // Everything of transactions below the horizon is behind us; anything else is still to come.
    const { rows } = await sql<{ xmin: string }>`
      select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`.execute(ctx.db);
    return { rows: [], cursor: `${rows[0]?.xmin ?? "0"}:0` };
  }
  const [tx, seq] = parsePostgresCursor(cursor);
  // Ordered by the xid8 column itself (not its text, which would sort "10" before "9").
  const { rows } = await sql<EventRow & { seq: number; tx_text: string }>`
    select event.seq, event.tx::text as tx_text, ${COLUMNS} from event
    where event.tx < pg_snapshot_xmin(pg_current_snapshot()) and (event.tx, event.seq) > (${tx}::xid8, ${seq})
    order by event.tx, event.seq limit ${limit}`.execute(ctx.db);
  const last = rows.at(-1);
  return { rows, cursor: last === undefined ? null : `${last.tx_text}:${last.seq}` };
}

function badCursor(cursor: string): StewardError {
  return new StewardError(
    "INVALID_INPUT",
    `The event cursor ${JSON.stringify(cursor)} was not made by this database's tail; start again with a null cursor.`,
  );
}

function parseSqliteCursor(cursor: string): number {
  if (!/^\d{1,15}$/.test(cursor)) throw badCursor(cursor);
  return Number(cursor);
}

function parsePostgresCursor(cursor: string): [string, number] {
  const match = /^(\d{1,20}):(\d{1,18})$/.exec(cursor);
  if (match === null) throw badCursor(cursor);
  return [match[1] ?? "0", Number(match[2])];
}
