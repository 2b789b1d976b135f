/**
 * @module The time ranges of run-history charts and the window of each: pure, so the rule that a
 * chart ends at now is tested without a browser.
 */

/** Time ranges offered by range pickers. */
export const TIME_RANGES = [
  { id: "1h", label: "Last hour", seconds: 3600 },
  { id: "24h", label: "Last 24 hours", seconds: 86_400 },
  { id: "7d", label: "Last 7 days", seconds: 7 * 86_400 },
  { id: "30d", label: "Last 30 days", seconds: 30 * 86_400 },
] as const;
export type TimeRangeId = (typeof TIME_RANGES)[number]["id"];

/** The range's seconds (24 h for unknown ids). */
export function rangeSeconds(id: string | null | undefined): number {
  return TIME_RANGES.find((range) => range.id === id)?.seconds ?? 86_400;
}

/** How many bars a chart shows. */
export const BARS = 60;

/**
 * How far behind now a chart may end: its window moves in steps of this, so the query (and the
 * cache entry) changes every few seconds rather than every millisecond.
 */
export const HISTORY_STEP_MS = 10_000;

/**
 * The window [start, end) of a range. It ends at now (on the step before it), never later: the
 * API counts runs by their expected start, so a window reaching into the future would count the
 * runs still to come as activity. Past runs are exactly the ones expected before now.
 */
export function historyWindow(
  seconds: number,
  bars = BARS,
  now = Date.now(),
): { start: string; end: string; interval: number } {
  const interval = Math.max(1, Math.ceil(seconds / bars));
  const endMs = Math.floor(now / HISTORY_STEP_MS) * HISTORY_STEP_MS;
  return {
    start: new Date(endMs - interval * bars * 1000).toISOString(),
    end: new Date(endMs).toISOString(),
    interval,
  };
}
