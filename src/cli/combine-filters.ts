/**
 * @module "A or B" over an API whose filter criteria are ANDed: the CLI sends one query per
 * alternative and merges the answers (see `fetchEach` in paging.ts). These helpers build the
 * queries: every alternative of one option combined with every alternative of another.
 */

type Criteria = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Criteria =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A filter matching what both `a` and `b` match. Nested criteria are merged key by key; where
 * both set the same list, `any_` lists are intersected and `not_any_` lists joined, and for any
 * other key `b` wins.
 */
export function allOf<T extends Criteria>(a: T, b: T): T {
  const merged: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const mine = merged[key];
    if (isObject(mine) && isObject(value)) merged[key] = allOf(mine, value);
    else if (key === "any_" && Array.isArray(mine) && Array.isArray(value)) {
      merged[key] = mine.filter((item: unknown) => value.includes(item));
    } else if (key === "not_any_" && Array.isArray(mine) && Array.isArray(value)) {
      merged[key] = [...new Set([...mine, ...value])];
    } else merged[key] = value;
  }
  return merged as T;
}

/** Every filter of `first` combined (by {@link allOf}) with every filter of `second`. */
export function everyCombination<T extends Criteria>(first: readonly T[], second: readonly T[]): T[] {
  return first.flatMap((a) => second.map((b) => allOf(a, b)));
}
