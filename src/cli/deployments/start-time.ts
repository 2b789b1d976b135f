import { parseDuration } from "../../core/durations.js";
import { UsageError } from "../errors.js";

const UNIT_WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(milliseconds?|millis?|ms)$/, "ms"],
  [/^(seconds?|secs?|s)$/, "s"],
  [/^(minutes?|mins?|m)$/, "m"],
  [/^(hours?|hrs?|h)$/, "h"],
  [/^(days?|d)$/, "d"],
];

/** "5 minutes" → "5m", "1 hour 30 minutes" → "1h30m": the words people type, in parseDuration's units. */
function shortUnits(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/^in\s+/, "")
    .replace(/(\d+(?:\.\d+)?)\s*([a-z]+)/g, (whole, amount: string, word: string) => {
      const unit = UNIT_WORDS.find(([pattern]) => pattern.test(word))?.[1];
      return unit ? `${amount}${unit}` : whole;
    })
    .replace(/\s*(,|and)\s*/g, " ");
}

/**
 * When a run should start, from `--start-in` ("5 minutes", "30s", "1h30m", "90" seconds) or
 * `--start-at` (an ISO-8601 time); undefined for "now".
 *
 * @throws UsageError when both are given or either cannot be read
 */
export function parseStartTime(
  options: { startIn?: string; startAt?: string },
  now = Date.now(),
): Date | undefined {
  if (options.startIn !== undefined && options.startAt !== undefined) {
    throw new UsageError("Pass --start-in or --start-at, not both.");
  }
  if (options.startIn !== undefined) {
    try {
      return new Date(now + parseDuration(shortUnits(options.startIn)));
    } catch {
      throw new UsageError(
        `--start-in ${JSON.stringify(options.startIn)} is not a duration: use e.g. "30s", "5 minutes", "1h30m" or 90 (seconds).`,
      );
    }
  }
  if (options.startAt !== undefined) {
    const at = new Date(options.startAt);
    if (Number.isNaN(at.getTime())) {
      throw new UsageError(
        `--start-at ${JSON.stringify(options.startAt)} is not a time: use ISO-8601, e.g. 2025-06-01T09:30:00Z or 2025-06-01T09:30 (local time).`,
      );
    }
    return at;
  }
  return undefined;
}
