/** @module Times and durations, formatted for people and kept current. */
import { useNow } from "../api/live.js";

const dateTime = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** "Nov 24, 2026, 10:04:05" in the browser's zone. */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : "—";
}

/** "3s", "4m 12s", "2h 5m", "3d 4h". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  if (seconds < 1) return seconds === 0 ? "0s" : `${Math.round(seconds * 1000)}ms`;
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

/** "12s ago", updated every second; the exact time on hover. */
export function RelativeTime({
  value,
  empty = "never",
}: {
  value: string | null | undefined;
  empty?: string;
}) {
  const now = useNow();
  if (!value) return <span className="muted">{empty}</span>;
  return (
    <time dateTime={value} title={formatDateTime(value)}>
      {formatRelative(value, now)}
    </time>
  );
}

/** An absolute time with the relative one on hover. */
export function DateTime({ value }: { value: string | null | undefined }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <time dateTime={value} title={formatRelative(value, Date.now())}>
      {formatDateTime(value)}
    </time>
  );
}
