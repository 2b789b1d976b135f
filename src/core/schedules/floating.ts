import type { OccurrenceWindow } from "./types.js";
import { fromFloating, toFloating } from "./zone.js";

/**
 * Visits floating instants (see zone.ts) in ascending order, starting after `from`, until `visit`
 * returns false or the instants pass `to`.
 */
export type FloatingSource = (from: number, to: number, visit: (floating: number) => boolean) => void;

// A wall-clock time moves by at most a DST shift (≤ 2 h in practice) when mapped to an instant,
// so a margin of 3 h around the window catches every candidate without scanning far.
const MARGIN_MS = 3 * 3_600_000;

/**
 * Real instants in the window from a source of wall-clock times in `zone`: ascending, strictly after
 * `after`, at most `until`, deduplicated (a gap time moved forward can land on a later match).
 * Relies on `fromFloating` being non-decreasing, which it is: gap times move forward by exactly
 * the gap and overlap times take their first occurrence.
 */
export function collectFloating(source: FloatingSource, zone: string, window: OccurrenceWindow): number[] {
  const result: number[] = [];
  if (window.limit <= 0 || window.until <= window.after) return result;
  // Wall-clock times before `after`'s own can only map past it across an offset change, so the
  // margin is needed only when the offset changes near `after` (most windows: no scan-back at all).
  const offsetChanges =
    toFloating(window.after - MARGIN_MS, zone) - (window.after - MARGIN_MS) !==
    toFloating(window.after + MARGIN_MS, zone) - (window.after + MARGIN_MS);
  const from = toFloating(window.after, zone) - (offsetChanges ? MARGIN_MS : 0);
  const to = toFloating(window.until, zone) + MARGIN_MS;
  source(from, to, (floating) => {
    const instant = fromFloating(floating, zone);
    if (instant > window.until) return false;
    if (instant > window.after && instant !== result[result.length - 1]) result.push(instant);
    return result.length < window.limit;
  });
  return result;
}
