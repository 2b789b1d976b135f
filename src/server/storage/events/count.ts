/** @module The event volume chart: matching events counted per time bucket by the database. */
import { type SqlBool, sql } from "kysely";
import type { EventCountBucket, EventCountRequest } from "../../../api/index.js";
import { StewardError } from "../../../core/errors.js";
import { isoFromMs, msFromIso } from "../codec.js";
import type { StoreContext } from "../context.js";
import { and } from "../query/filters.js";
import type { Parsed } from "../types.js";
import { eventConditions } from "./filter-sql.js";

const DAY_MS = 86_400_000;
/** Buckets of the default width per range. */
const DEFAULT_BUCKETS = 60;
/** More would be a chart nobody can read and a response nobody wants. */
const MAX_BUCKETS = 10_000;

/**
 * Events of [since, until) matching the filter, per bucket of `bucket_seconds` (by default the
 * range split into about 60), every bucket of the range in order, empty ones included. The last
 * bucket ends at `until`.
 */
export async function countEvents(
  ctx: StoreContext,
  request: Parsed<typeof EventCountRequest>,
): Promise<EventCountBucket[]> {
  const until = request.until === undefined ? ctx.now() : msFromIso(request.until);
  const since = request.since === undefined ? until - DAY_MS : msFromIso(request.since);
  if (since >= until) {
    throw new StewardError("INVALID_INPUT", "`since` must be before `until`: the range to count is empty.");
  }
  const width =
    request.bucket_seconds === undefined
      ? Math.max(1000, Math.ceil((until - since) / DEFAULT_BUCKETS / 1000) * 1000)
      : request.bucket_seconds * 1000;
  const buckets = Math.ceil((until - since) / width);
  if (buckets > MAX_BUCKETS) {
    throw new StewardError(
      "INVALID_INPUT",
      `That is ${buckets} buckets; at most ${MAX_BUCKETS} are counted at once. Use a larger bucket_seconds or a shorter range.`,
    );
  }
  const conditions = [
    ...eventConditions(ctx.ops.name, request.filter),
    sql<SqlBool>`event.occurred >= ${since}`,
    sql<SqlBool>`event.occurred < ${until}`,
  ];
  const { rows } = await sql<{ bucket: number | string; count: number | string }>`
    select cast((event.occurred - ${since}) / ${width} as integer) as bucket, count(*) as count
    from event where ${and(conditions)} group by 1`.execute(ctx.db);
  const counts = new Map(rows.map((row) => [Number(row.bucket), Number(row.count)]));
  return Array.from({ length: buckets }, (_, i) => ({
    start: isoFromMs(since + i * width),
    end: isoFromMs(Math.min(since + (i + 1) * width, until)),
    count: counts.get(i) ?? 0,
  }));
}
