/** @module The arithmetic behind the `/paginate` endpoints, shared by every resource. */

/** A page request as the `/paginate` routes parse it. */
export interface PageQuery {
  readonly limit: number;
  readonly page: number;
}

/** A `/paginate` answer. */
export interface Page<T> {
  readonly results: T[];
  readonly count: number;
  readonly limit: number;
  readonly pages: number;
  readonly page: number;
}

/** The row offset where `page` (1-based) starts. */
export function pageOffset({ limit, page }: PageQuery): number {
  return (page - 1) * limit;
}

/** Builds the answer from one page of rows and the total count (`limit: 0` has no pages). */
export function toPage<T>(results: T[], count: number, { limit, page }: PageQuery): Page<T> {
  const pages = limit === 0 ? 0 : Math.ceil(count / limit);
  return { results, count, limit, pages, page };
}

/**
 * Runs a paginated query: the page's rows and the total count, fetched together. `filter` and
 * `count` get the query with `offset` in place of `page`.
 */
export async function paginate<Q extends PageQuery, T>(
  query: Q,
  filter: (query: Omit<Q, "page"> & { offset: number }) => Promise<T[]>,
  count: (query: Omit<Q, "page"> & { offset: number }) => Promise<number>,
): Promise<Page<T>> {
  const { page: _page, ...rest } = query;
  const withOffset = { ...rest, offset: pageOffset(query) };
  const [results, total] = await Promise.all([filter(withOffset), count(withOffset)]);
  return toPage(results, total, query);
}
