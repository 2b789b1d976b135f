/** @module Builders shared by the automations unit tests. */
import type { CompiledCompositeTrigger, CompiledEventTrigger, CompiledTrigger, EventLike } from "./types.js";

let counter = 0;

/** An event named `name` at epoch ms `at` about resource `resourceId`. */
export function eventOf(
  name: string,
  at: number,
  resourceId = "r.1",
  extra: Partial<Pick<EventLike, "related" | "payload">> & { labels?: Record<string, string> } = {},
): EventLike {
  counter += 1;
  return {
    id: `00000000-0000-7000-8000-${String(counter).padStart(12, "0")}`,
    occurred: new Date(at).toISOString(),
    event: name,
    resource: { "steward.resource.id": resourceId, ...extra.labels },
    related: extra.related ?? [],
    payload: extra.payload ?? {},
  };
}

/** An event trigger with Prefect's defaults, at path `t` unless given. */
export function eventTrigger(fields: Partial<CompiledEventTrigger> = {}): CompiledEventTrigger {
  return {
    type: "event",
    path: "t",
    match: {},
    matchRelated: [],
    after: [],
    expect: [],
    forEach: [],
    posture: "Reactive",
    threshold: 1,
    withinMs: 0,
    ...fields,
  };
}

/** A composite trigger at `t` whose children get paths `t.0`, `t.1`, … */
export function composite(
  type: "compound" | "sequence",
  children: readonly Partial<CompiledEventTrigger>[],
  required: number,
  withinMs: number | null = null,
): CompiledCompositeTrigger {
  const compiled: CompiledTrigger[] = children.map((fields, index) =>
    eventTrigger({ ...fields, path: `t.${index}` }),
  );
  return { type, path: "t", children: compiled, required, withinMs };
}
