/**
 * @module Times and durations in words, without React: absolute times in the zone of the user's
 * setting (components/time-zone.ts), relative times, and durations down to milliseconds.
 */
import { timeZoneSetting as currentSetting, intlZone, type TimeZoneSetting, zoneName } from "./time-zone.js";

const DATE_TIME: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
};

const CLOCK: Intl.DateTimeFormatOptions = {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
};

/** One formatter per form and setting, built once: formatting thousands of rows must not build thousands. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(form: "date-time" | "clock", setting: TimeZoneSetting): Intl.DateTimeFormat {
  const key = `${form} ${setting}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const options = form === "clock" ? CLOCK : DATE_TIME;
    formatter = new Intl.DateTimeFormat(undefined, { ...options, timeZone: intlZone(setting) });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** "Nov 24, 2026, 10:04:05" in the zone of the setting (the current one unless given). */
export function formatDateTime(iso: string | null | undefined, setting?: TimeZoneSetting): string {
  return iso ? formatterFor("date-time", setting ?? currentSetting()).format(new Date(iso)) : "—";
}

/** "Nov 24, 2026, 10:04:05 UTC": a time with its zone, for tooltips and wherever a zone must show. */
export function formatDateTimeWithZone(iso: string | null | undefined, setting?: TimeZoneSetting): string {
  if (!iso) return "—";
  const chosen = setting ?? currentSetting();
  return `${formatDateTime(iso, chosen)} ${zoneName(chosen, new Date(iso))}`;
}

/** "14:03:07.042" in the zone of the setting: a log line's time, to the millisecond. */
export function formatClockTime(iso: string, setting?: TimeZoneSetting): string {
  const date = new Date(iso);
  const clock = formatterFor("clock", setting ?? currentSetting()).format(date);
  return `${clock}.${String(date.getUTCMilliseconds()).padStart(3, "0")}`;
}

/** "480 ms", "3s", "4m 12s", "2h 5m", "3d 4h": a task of 2 ms is "2 ms", not "0s". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  if (seconds < 1) {
    // Under a second, whole milliseconds; one that rounds up to 1000 is a second.
    const ms = Math.round(seconds * 1000);
    if (ms < 1000) return seconds > 0 && ms === 0 ? "< 1 ms" : `${ms} ms`;
  }
  const s = Math.round(seconds);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${rest}s`;
  return `${rest}s`;
}

/** "in 5m" / "12s ago" relative to `now`. */
export function formatRelative(iso: string, now: number): string {
  const diff = (Date.parse(iso) - now) / 1000;
  if (Math.abs(diff) < 1) return "just now";
  return diff > 0 ? `in ${formatDuration(diff)}` : `${formatDuration(-diff)} ago`;
}
