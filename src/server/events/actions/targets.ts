/**
 * @module An action's target: the one the action names (`source: "selected"`) or the one taken
 * from the triggering event — its resource first, then its related resources (`inferred`).
 */
import type { EventLike, Labels } from "../../../core/automations/index.js";
import { ActionFailure } from "./action-context.js";

/** The resource of `kind` (`deployment`, `flow-run`, `work-pool`, …) the event is about or relates to. */
export function inferredResource(event: EventLike | null, kind: string): Labels | undefined {
  if (event === null) return undefined;
  const prefix = `steward.${kind}.`;
  const isKind = (labels: Labels) => labels["steward.resource.id"]?.startsWith(prefix) === true;
  if (isKind(event.resource)) return event.resource;
  return event.related.find(isKind);
}

/** The id part of `steward.<kind>.<id>`. */
export function idOf(labels: Labels, kind: string): string {
  return (labels["steward.resource.id"] ?? "").slice(`steward.${kind}.`.length);
}

/** The id of the inferred resource of `kind`, or a failure saying the event names none. */
export function inferredId(event: EventLike | null, kind: string): string {
  const labels = inferredResource(event, kind);
  if (labels === undefined) throw new ActionFailure(`the triggering event names no ${kind} to act on`);
  return idOf(labels, kind);
}

/** The name of the inferred resource of `kind` (its `steward.resource.name`). */
export function inferredName(event: EventLike | null, kind: string): string {
  const labels = inferredResource(event, kind);
  const name = labels?.["steward.resource.name"];
  if (name === undefined || name === "")
    throw new ActionFailure(`the triggering event names no ${kind} to act on`);
  return name;
}

/** `value` when selected and set; a failure naming the missing field otherwise. */
export function selected(value: string | null, field: string): string {
  if (value === null || value === "")
    throw new ActionFailure(`no target selected: set \`${field}\` or use source "inferred"`);
  return value;
}
