/** @module Pool and queue names, checked in the browser with the server's own rule. */
import { ResourceName } from "../../../../src/api/work-pools.js";

/** Why `name` cannot name a pool or queue, or null when it can. */
export function nameError(name: string): string | null {
  if (name.trim() === "") return "Enter a name.";
  if (name !== name.trim()) return "Remove the spaces at the start or end.";
  const parsed = ResourceName.safeParse(name);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  if (issue?.code === "too_big") return "A name has at most 100 characters.";
  return `A name ${issue?.message ?? "is not valid"}.`;
}

/** `text` of a "limit" field as a number: null when empty (no limit), undefined when not valid. */
export function parseLimit(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  const value = Number(trimmed);
  return Number.isInteger(value) && value >= 0 ? value : undefined;
}
