/**
 * @module Comparators for the lists the CLI sorts itself: resources the API has no order for, and
 * the merge of several queries of one list. They sort as the API's sorts do: empty values last in
 * either direction, and ties left to the next comparator (finally the id, so the order is stable).
 */

/** Orders two items like `Array.prototype.sort` expects. */
export type Compare<T> = (a: T, b: T) => number;

/** Ascending or descending. */
export type Direction = "asc" | "desc";

const sign = (direction: Direction) => (direction === "asc" ? 1 : -1);

/** By a text, in code-point order (as SQLite's `ORDER BY`). */
export function byText<T>(key: (item: T) => string, direction: Direction = "asc"): Compare<T> {
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    return x === y ? 0 : (x < y ? -1 : 1) * sign(direction);
  };
}

/** By a number; `null` sorts last whatever the direction. */
export function byNumber<T>(key: (item: T) => number | null, direction: Direction = "asc"): Compare<T> {
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return (x - y) * sign(direction);
  };
}

/** By an ISO timestamp; a missing one sorts last whatever the direction. */
export function byTime<T>(
  key: (item: T) => string | null | undefined,
  direction: Direction = "asc",
): Compare<T> {
  return byNumber((item) => {
    const iso = key(item);
    if (!iso) return null;
    const ms = Date.parse(iso);
    return Number.isNaN(ms) ? null : ms;
  }, direction);
}

/** The first comparator that tells the two apart decides. */
export function thenBy<T>(...compares: readonly Compare<T>[]): Compare<T> {
  return (a, b) => {
    for (const compare of compares) {
      const order = compare(a, b);
      if (order !== 0) return order;
    }
    return 0;
  };
}

/** `items` sorted by `compare`, leaving `items` as it was. */
export function sortedBy<T>(items: readonly T[], compare: Compare<T>): T[] {
  return [...items].sort(compare);
}

/** The fields {@link namedSorts} read: every named resource of the API has them. */
export interface NamedResource {
  readonly name: string;
  readonly created: string;
  readonly updated: string;
}

/**
 * The `--sort` orders of a named resource the API returns in one fixed order (pools, webhooks):
 * the same names as the API's sorts of flows and deployments, ties by name.
 */
export function namedSorts<T extends NamedResource>(): Readonly<Record<string, Compare<T>>> {
  const name = byText<T>((item) => item.name);
  return {
    "name-asc": name,
    "name-desc": byText((item) => item.name, "desc"),
    "created-desc": thenBy(
      byTime((item) => item.created, "desc"),
      name,
    ),
    "updated-desc": thenBy(
      byTime((item) => item.updated, "desc"),
      name,
    ),
  };
}
