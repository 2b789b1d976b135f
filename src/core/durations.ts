import { ErrorCode, StewardError } from "./errors.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: SECOND, m: MINUTE, h: HOUR, d: DAY };

const pad2 = (value: number): string => String(value).padStart(2, "0");

/**
 * A duration for people, at the precision that matters at its size: "450ms", "1.2s", "3m 04s",
 * "2h 01m", "3d 04h". Negative durations get a leading "-"; non-finite ones read "—".
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (Math.round(ms) < SECOND) return `${Math.round(ms)}ms`;
  const tenths = Math.round(ms / 100) / 10;
  if (tenths < 60) return `${tenths.toFixed(1)}s`;
  const seconds = Math.round(ms / SECOND);
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${pad2(seconds % 60)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)}h ${pad2(minutes % 60)}m`;
  const hours = Math.floor(minutes / 60);
  return `${Math.floor(hours / 24)}d ${pad2(hours % 24)}h`;
}

const PART = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)/gy;
const BARE_NUMBER = /^\d+(?:\.\d+)?$/;

function invalid(input: unknown): StewardError {
  return new StewardError(
    ErrorCode.VALIDATION_FAILED,
    `${JSON.stringify(input)} is not a duration. Use a number of seconds or a value such as ` +
      `"500ms", "30s", "10m", "1h", "2d" or "1h30m".`,
    { details: { input } },
  );
}

/**
 * Milliseconds in a duration: "500ms", "30s", "10m", "1h", "2d", combinations such as "1h30m" or
 * "1m 30s", or a plain number of seconds (number or numeric string, as in `--interval 60`).
 * Throws a VALIDATION_FAILED StewardError for anything else, including negative numbers.
 */
export function parseDuration(input: string | number): number {
  if (typeof input === "number") {
    if (!Number.isFinite(input) || input < 0) throw invalid(input);
    return input * SECOND;
  }
  const text = input.trim().toLowerCase();
  if (BARE_NUMBER.test(text)) return Number(text) * SECOND;
  return parseUnits(text, input);
}

function parseUnits(text: string, original: string): number {
  let total = 0;
  let position = 0;
  PART.lastIndex = 0;
  while (position < text.length) {
    PART.lastIndex = position;
    const match = PART.exec(text);
    const unit = match?.[2];
    if (!match || unit === undefined) throw invalid(original);
    total += Number(match[1]) * (UNIT_MS[unit] ?? 0);
    position = PART.lastIndex;
    while (text[position] === " ") position += 1;
  }
  if (position === 0) throw invalid(original);
  return total;
}

const ISO_DURATION =
  /^P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

const ISO_UNIT_SECONDS = [7 * 86_400, 86_400, 3_600, 60, 1] as const;

function invalidIso(input: string, why: string): StewardError {
  return new StewardError(
    ErrorCode.VALIDATION_FAILED,
    `${JSON.stringify(input)} is not an ISO-8601 duration: ${why}. ` +
      `Use P[n]W, P[n]DT[n]H[n]M[n]S, e.g. "PT10M", "PT1H30M", "P1D" or "P2W".`,
    { details: { input } },
  );
}

/**
 * Seconds in an ISO-8601 duration, as Prefect's YAML and SDK accept for intervals: "PT10M" → 600,
 * "P1DT2H" → 93 600, "P2W" → 1 209 600, "PT0.5S" → 0.5. Years and months are rejected because
 * their length varies; so are signs, empty durations ("P", "PT") and anything else, with a
 * VALIDATION_FAILED StewardError saying what was wrong.
 */
export function parseIsoDuration(input: string): number {
  const text = input.trim().toUpperCase();
  if (!text.startsWith("P")) throw invalidIso(input, 'it must start with "P"');
  if (text === "P" || text.endsWith("T")) throw invalidIso(input, "it has no amounts");
  const match = ISO_DURATION.exec(text);
  if (!match) throw invalidIso(input, "amounts must be non-negative numbers in W, D, H, M, S order");
  if (match[1] !== undefined || match[2] !== undefined) {
    throw invalidIso(input, "years and months vary in length; use days (P30D) or weeks (P4W)");
  }
  return match.slice(3).reduce((total, amount, index) => {
    if (amount === undefined) return total;
    return total + Number(amount.replace(",", ".")) * (ISO_UNIT_SECONDS[index] ?? 0);
  }, 0);
}
