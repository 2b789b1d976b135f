/**
 * @module The Events page's filters, kept in the query string so any view is a shareable link:
 * `name` (event names or patterns, comma-separated, `*` wildcards), `resource` (resource id or
 * pattern), `related` (a related resource's id or pattern), `range` (1h, 24h, 7d or custom) and,
 * for a custom range, `since` / `until` (ISO-8601).
 */
import { useSearchParams } from "react-router";
import type { EventFilter } from "../../../../src/api/events.js";

/** The time ranges offered; `custom` reads `since` and `until`. */
export const EVENT_RANGES = [
  { id: "1h", label: "Last hour", seconds: 3600 },
  { id: "24h", label: "Last 24 hours", seconds: 86_400 },
  { id: "7d", label: "Last 7 days", seconds: 7 * 86_400 },
  { id: "custom", label: "Custom range", seconds: 0 },
] as const;

/** How many bars the volume chart draws. */
export const VOLUME_BARS = 60;

/** The filters as read from the URL. */
export interface EventsParams {
  readonly name: string;
  readonly resource: string;
  readonly related: string;
  readonly range: string;
  readonly since: string;
  readonly until: string;
}

/** The time window shown: [since, until), the chart's bucket width, and whether it reaches now. */
export interface EventsWindow {
  readonly since: string;
  readonly until: string;
  readonly bucketSeconds: number;
  /** True when the window ends now: only then does the live stream add to it. */
  readonly live: boolean;
}

/** Splits "a, b" into ["a", "b"]. */
export function splitList(value: string): string[] {
  return value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

/** The API filter of the name and resource fields (the time window is added separately). */
export function eventFilterOf(params: Pick<EventsParams, "name" | "resource" | "related">): EventFilter {
  const names = splitList(params.name);
  const resources = splitList(params.resource);
  const related = splitList(params.related);
  return {
    ...(names.length > 0 && { event: { name: names } }),
    ...(resources.length > 0 && { resource: { id: resources } }),
    ...(related.length > 0 && { related: { id: related } }),
  };
}

function parsedTime(value: string): number | undefined {
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * The window of a range. Relative ranges end at the next whole bucket after now, so the query key
 * (and the cache) stays the same for a bucket's length instead of changing every millisecond.
 */
export function eventsWindow(
  params: Pick<EventsParams, "range" | "since" | "until">,
  now = Date.now(),
): EventsWindow {
  const preset = EVENT_RANGES.find((range) => range.id === params.range && range.id !== "custom");
  if (params.range === "custom") {
    const until = parsedTime(params.until);
    const since = parsedTime(params.since) ?? (until ?? now) - 86_400_000;
    const end = until ?? now;
    const seconds = Math.max(1, (end - since) / 1000);
    return {
      since: new Date(since).toISOString(),
      until: new Date(end).toISOString(),
      bucketSeconds: Math.max(1, Math.ceil(seconds / VOLUME_BARS)),
      live: until === undefined || until > now,
    };
  }
  const seconds = preset?.seconds ?? 86_400;
  const bucketSeconds = Math.max(1, Math.ceil(seconds / VOLUME_BARS));
  const end = Math.ceil(now / (bucketSeconds * 1000)) * bucketSeconds * 1000;
  return {
    since: new Date(end - bucketSeconds * VOLUME_BARS * 1000).toISOString(),
    until: new Date(end).toISOString(),
    bucketSeconds,
    live: true,
  };
}

/** Reads the filters from the URL; `set` changes one (an empty value removes it). */
export function useEventsParams(): [EventsParams, (changes: Partial<EventsParams>) => void, () => void] {
  const [search, setSearch] = useSearchParams();
  const params: EventsParams = {
    name: search.get("name") ?? "",
    resource: search.get("resource") ?? "",
    related: search.get("related") ?? "",
    range: search.get("range") ?? "24h",
    since: search.get("since") ?? "",
    until: search.get("until") ?? "",
  };
  const set = (changes: Partial<EventsParams>) =>
    setSearch(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );
  const clear = () => setSearch(new URLSearchParams(), { replace: true });
  return [params, set, clear];
}
