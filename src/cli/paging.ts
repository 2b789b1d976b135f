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
