import { sql } from "kysely";
import {
  type FlowRunHistoryBucket,
  type FlowRunHistoryRequest,
  historyIntervalMs,
} from "../../../api/index.js";
import type { StateType } from "../../../core/states.js";
import { isoFromMs, msFromIso } from "../codec.js";
import type { StoreContext } from "../context.js";
import { flowRunWhere } from "../query/where.js";
import type { Parsed } from "../types.js";

/** One row of the grouped query: runs of one bucket in one state. */
interface HistoryRow {
  readonly bucket: number | string;
  readonly state_type: string;
  readonly state_name: string;
  readonly count_runs: number | string;
}

/**
 * Flow-run counts per time bucket and state, for activity charts (`POST /flow_runs/history`).
 *
 * The database does the counting over the runs whose `expected_start_time` is in
 * [history_start, history_end), reading one range of the expected-start index, and only
 * (buckets × states) rows come back. Every bucket of the range is answered, empty ones too,
 * so charts need no gap filling; the last one ends at `history_end`.
 */
export async function flowRunHistory(
  ctx: StoreContext,
  request: Parsed<typeof FlowRunHistoryRequest>,
): Promise<FlowRunHistoryBucket[]> {
  const start = msFromIso(request.history_start);
  const end = msFromIso(request.history_end);
  // Whole milliseconds, as the request was validated: the SQL and the bucket edges must agree.
  const intervalMs = historyIntervalMs(request.history_interval_seconds);
  const filters = flowRunWhere(ctx.ops, { flows: request.flows, flow_runs: request.flow_runs });
  const rows =
    ctx.ops.name === "sqlite"
      ? await countPerBucket(ctx, filters, start, end, intervalMs)
      : await countGrouped(ctx, filters, start, end, intervalMs);
  return toBuckets(rows, start, end, intervalMs);
}

type RunFilters = ReturnType<typeof flowRunWhere>;

/** PostgreSQL: one GROUP BY over the range, which it aggregates by hashing. */
async function countGrouped(
  ctx: StoreContext,
  filters: RunFilters,
  start: number,
  end: number,
  intervalMs: number,
): Promise<HistoryRow[]> {
  // Integer division (the casts keep the numbers from binding as REAL); every run here starts at
  // or after `start`, so truncation is the floor.
  const bucket = sql<number>`(flow_run.expected_start_time - cast(${start} as bigint)) / cast(${intervalMs} as bigint)`;
  return (await ctx.db
    .selectFrom("flow_run")
    .select([
      bucket.as("bucket"),
      "flow_run.state_type",
      "flow_run.state_name",
      sql<number>`count(*)`.as("count_runs"),
    ])
    .where("flow_run.expected_start_time", ">=", start)
    .where("flow_run.expected_start_time", "<", end)
    .where("flow_run.state_type", "is not", null)
    .where(filters)
    .groupBy(["bucket", "flow_run.state_type", "flow_run.state_name"])
    .execute()) as HistoryRow[];
}

/**
 * SQLite: one small GROUP BY per bucket. SQLite groups by sorting, and sorting the whole range at
 * once (226,000 runs for a week of a million-run database) costs ~5 times more than sorting each
 * bucket's few thousand runs on its own; each query is still one range of the expected-start index.
 */
async function countPerBucket(
  ctx: StoreContext,
  filters: RunFilters,
  start: number,
  end: number,
  intervalMs: number,
): Promise<HistoryRow[]> {
  const rows: HistoryRow[] = [];
  for (let index = 0, from = start; from < end; index++, from += intervalMs) {
    const counts = await ctx.db
      .selectFrom("flow_run")
      .select(["flow_run.state_type", "flow_run.state_name", sql<number>`count(*)`.as("count_runs")])
      .where("flow_run.expected_start_time", ">=", from)
      .where("flow_run.expected_start_time", "<", Math.min(from + intervalMs, end))
      .where("flow_run.state_type", "is not", null)
      .where(filters)
      .groupBy(["flow_run.state_type", "flow_run.state_name"])
      .execute();
    for (const count of counts) rows.push({ bucket: index, ...count } as HistoryRow);
  }
  return rows;
}

function toBuckets(
  rows: readonly HistoryRow[],
  start: number,
  end: number,
  intervalMs: number,
): FlowRunHistoryBucket[] {
  const buckets: FlowRunHistoryBucket[] = [];
  for (let from = start; from < end; from += intervalMs) {
    buckets.push({
      interval_start: isoFromMs(from),
      interval_end: isoFromMs(Math.min(from + intervalMs, end)),
      states: [],
    });
  }
  for (const row of rows) {
    buckets[Number(row.bucket)]?.states.push({
      state_type: row.state_type as StateType,
      state_name: row.state_name,
      count_runs: Number(row.count_runs),
    });
  }
  // A stable order within a bucket, whatever order the database grouped in.
  for (const item of buckets) {
    item.states.sort(
      (a, b) => a.state_type.localeCompare(b.state_type) || a.state_name.localeCompare(b.state_name),
    );
  }
  return buckets;
}
