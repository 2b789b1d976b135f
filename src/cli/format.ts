import type { StateType } from "../core/states.js";
import type { Colors } from "./output.js";

/** Formats an ISO timestamp as local `YYYY-MM-DD HH:MM:SS` (a table has no room for zones). */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return "-";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, "0");
  return (
    `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ` +
    `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`
  );
}

/** Like formatTimestamp, with milliseconds (log lines arrive many per second). */
export function formatLogTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${formatTimestamp(iso)}.${String(date.getMilliseconds()).padStart(3, "0")}`;
}

/** The colour of a state, following the UI: green done, red broken, blue running, yellow waiting. */
export function stateColor(type: StateType | null | undefined, colors: Colors): (text: string) => string {
  switch (type) {
    case "COMPLETED":
      return colors.green;
    case "FAILED":
    case "CRASHED":
      return colors.red;
    case "RUNNING":
      return colors.blue;
    case "SCHEDULED":
    case "PENDING":
      return colors.yellow;
    case "CANCELLING":
    case "CANCELLED":
    case "PAUSED":
      return colors.gray;
    default:
      return (text: string) => text;
  }
}

/** Formats a JSON value compactly for a key/value view. */
export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? "null";
}

/** Hides the password of a `postgres://user:secret@host/db` URL before it is printed. */
export function redactPassword(url: string): string {
  return url.replace(/^(\w+:\/\/[^:/@]+:)[^@]*@/, "$1***@");
}
