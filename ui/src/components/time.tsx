/**
 * @module Times and durations, formatted for people and kept current. Every absolute time is in
 * the zone of the user's setting (components/time-zone.ts) and names it on hover.
 */
import { useNow } from "../api/live.js";
import { formatDateTime, formatDateTimeWithZone, formatRelative } from "./time-format.js";
import { zoneName } from "./time-zone.js";
import { useTimeZoneSetting } from "./use-time-zone.js";

export {
  formatClockTime,
  formatDateTime,
  formatDateTimeWithZone,
  formatDuration,
  formatRelative,
} from "./time-format.js";

/** "12s ago", updated every second; the exact time, with its zone, on hover. */
export function RelativeTime({
  value,
  empty = "never",
}: {
  value: string | null | undefined;
  empty?: string;
}) {
  const now = useNow();
  const setting = useTimeZoneSetting();
  if (!value) return <span className="muted">{empty}</span>;
  return (
    <time dateTime={value} title={formatDateTimeWithZone(value, setting)}>
      {formatRelative(value, now)}
    </time>
  );
}

/** An absolute time in the chosen zone; on hover, the zone and the time relative to now. */
export function DateTime({ value }: { value: string | null | undefined }) {
  const setting = useTimeZoneSetting();
  if (!value) return <span className="muted">—</span>;
  return (
    <time
      dateTime={value}
      title={`${formatDateTimeWithZone(value, setting)} · ${formatRelative(value, Date.now())}`}
      data-zone={setting}
    >
      {formatDateTime(value, setting)}
    </time>
  );
}

/** The zone times are shown in, small, for a column header or a chart's legend: "(UTC)". */
export function ZoneNote() {
  const setting = useTimeZoneSetting();
  return (
    <span className="muted zone-note" data-testid="zone-note" title="Change it in Settings or the sidebar">
      ({zoneName(setting)})
    </span>
  );
}
