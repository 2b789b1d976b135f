/**
 * @module The bounds of every request: how long a string, how many values in a filter list, how
 * many rows a page. Request schemas use these names so a bound is chosen once and documented here;
 * the server-wide ones (body size, JSON depth) are settings (`STEWARD_SERVER_MAX_BODY_BYTES`,
 * `STEWARD_SERVER_MAX_JSON_DEPTH`).
 */
import { z } from "zod";

/** Longest name in a filter (flow, run, deployment, pool, queue, state names): as long as a create allows. */
export const MAX_NAME_LENGTH = 200;

/**
 * Longest `like_` pattern. Longer patterns match nothing useful and SQLite refuses patterns over
 * 50,000 bytes ("LIKE or GLOB pattern too complex"), so they are refused up front with a 422.
 */
export const MAX_LIKE_LENGTH = 500;

/** Most values in one `any_` / `not_any_` / `all_` list of a filter. */
export const MAX_FILTER_VALUES = 1000;

/** Longest tag. */
export const MAX_TAG_LENGTH = 256;

/** Largest `limit` of a filter request: 200, as in Prefect (`PREFECT_SERVER_API_DEFAULT_LIMIT`). */
export const MAX_LIMIT = 200;

/** Largest `offset` of a filter request (deeper pages are read with narrower filters). */
export const MAX_OFFSET = 1_000_000;

/** A name inside a filter. */
export const FilterName = z.string().max(MAX_NAME_LENGTH);

/** A `like_` pattern. */
export const LikePattern = z.string().max(MAX_LIKE_LENGTH);

/** A list of filter values of `item`. */
export function filterValues<T extends z.ZodType>(item: T) {
  return z.array(item).max(MAX_FILTER_VALUES);
}
