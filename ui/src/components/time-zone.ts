/**
 * @module The one time-zone rule of the UI: every date and time it prints is in the zone the user
 * chose, local time (the browser's) or UTC, and says which. The choice is kept in localStorage,
 * like the theme; components follow a change through `useTimeZoneSetting` (use-time-zone.ts).
 */
/** Local time (the browser's zone) or UTC. */
export type TimeZoneSetting = "local" | "utc";

const STORAGE_KEY = "steward-time-zone";

/** The browser's localStorage; none in Node, where the formatting helpers are tested. */
function storage():
  { getItem(key: string): string | null; setItem(key: string, value: string): void } | undefined {
  return (globalThis as { localStorage?: ReturnType<typeof storage> }).localStorage;
}

function stored(): TimeZoneSetting {
  try {
    return storage()?.getItem(STORAGE_KEY) === "utc" ? "utc" : "local";
  } catch {
    return "local"; // storage refused (private windows): the default
  }
}

let current: TimeZoneSetting = stored();
const listeners = new Set<() => void>();

/** The setting now (for formatting outside React's render of a subscriber). */
export function timeZoneSetting(): TimeZoneSetting {
  return current;
}

/** Changes the setting, remembers it and re-renders every subscriber. */
export function setTimeZoneSetting(next: TimeZoneSetting): void {
  current = next;
  try {
    storage()?.setItem(STORAGE_KEY, next);
  } catch {
    // Private windows may refuse storage; the setting still applies for this visit.
  }
  for (const listener of listeners) listener();
}

/** Calls `listener` after each change of the setting; returns the unsubscribe. */
export function subscribeTimeZone(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The IANA zone the setting means: "UTC", or undefined for the browser's own. */
export function intlZone(setting: TimeZoneSetting = current): string | undefined {
  return setting === "utc" ? "UTC" : undefined;
}

/**
 * The zone's short name at `instant`, as people read it next to a time: "UTC", or the browser's
 * abbreviation or offset ("CET", "EST", "GMT+2"), which can change with daylight saving time.
 */
export function zoneName(setting: TimeZoneSetting = current, instant = new Date()): string {
  const parts = new Intl.DateTimeFormat(undefined, {
    timeZone: intlZone(setting),
    timeZoneName: "short",
  }).formatToParts(instant);
  return parts.find((part) => part.type === "timeZoneName")?.value ?? (setting === "utc" ? "UTC" : "");
}

/** Words for the setting: "UTC" or "Local time (CET)". */
export function settingLabel(setting: TimeZoneSetting): string {
  return setting === "utc" ? "UTC" : `Local time (${zoneName("local")})`;
}
