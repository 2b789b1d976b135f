/** The API's largest page (`limit` above 200 is rejected, as in Prefect). */
export const PAGE_SIZE = 200;

/**
 * Reads up to `wanted` items by calling `fetchPage(offset, limit)` page after page, stopping at a
 * short page; lets `--limit` go past the API's page size.
 */
export async function fetchUpTo<T>(
  wanted: number,
  fetchPage: (offset: number, limit: number) => Promise<T[]>,
): Promise<T[]> {
  const items: T[] = [];
  while (items.length < wanted) {
    const limit = Math.min(PAGE_SIZE, wanted - items.length);
    const page = await fetchPage(items.length, limit);
    items.push(...page);
    if (page.length < limit) break;
  }
  return items;
}

/**
 * Reads up to `wanted` items of each query and merges them in `order`, each item once (by id):
 * how the CLI lists "A or B" from an API that ANDs its criteria. Each query must be sorted by the
 * API in the same `order`, so the first `wanted` of the merge are the first `wanted` of "A or B".
 */
export async function fetchEach<Q, T extends { readonly id: string }>(
  queries: readonly Q[],
  wanted: number,
  fetchPage: (query: Q, offset: number, limit: number) => Promise<T[]>,
  order: (a: T, b: T) => number,
): Promise<T[]> {
  const batches = await Promise.all(
    queries.map((query) => fetchUpTo(wanted, (offset, limit) => fetchPage(query, offset, limit))),
  );
  const byId = new Map<string, T>();
  for (const item of batches.flat()) byId.set(item.id, item);
  return [...byId.values()].sort(order).slice(0, wanted);
}
