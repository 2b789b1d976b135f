/**
 * @module Which events a trigger is about: the resource spec of `match`, the related-resource specs
 * of `match_related`, and the event names of `after` and `expect`.
 */
import { matchesPattern } from "./patterns.js";
import type { CompiledEventTrigger, EventLike, Labels, ResourceSpec } from "./types.js";

/**
 * True when `labels` carries every label of `spec` with a value matching it (or one of its values).
 * An empty spec matches every resource; a label the resource lacks fails the match, as in Prefect.
 */
export function matchesResource(spec: ResourceSpec, labels: Labels): boolean {
  for (const [label, expected] of Object.entries(spec)) {
    const value = labels[label];
    if (value === undefined) return false;
    const patterns = typeof expected === "string" ? [expected] : expected;
    if (patterns.length > 0 && !patterns.some((pattern) => matchesPattern(pattern, value))) return false;
  }
  return true;
}

/** True when each spec is matched by at least one of the related resources (no specs: true). */
export function matchesRelated(specs: readonly ResourceSpec[], related: readonly Labels[]): boolean {
  return specs.every((spec) => related.some((labels) => matchesResource(spec, labels)));
}

/** True when the trigger's `after` names the event (never when `after` is empty). */
export function startsAfter(trigger: CompiledEventTrigger, name: string): boolean {
  return trigger.after.some((pattern) => matchesPattern(pattern, name));
}

/** True when the trigger counts the event (an empty `expect` counts every event). */
export function expects(trigger: CompiledEventTrigger, name: string): boolean {
  return trigger.expect.length === 0 || trigger.expect.some((pattern) => matchesPattern(pattern, name));
}

/**
 * True when the event concerns the trigger at all: its name is in `after` or `expect`, its resource
 * matches `match` and its related resources match `match_related` (Prefect's `covers`).
 */
export function covers(trigger: CompiledEventTrigger, event: EventLike): boolean {
  if (!expects(trigger, event.event) && !startsAfter(trigger, event.event)) return false;
  return (
    matchesResource(trigger.match, event.resource) && matchesRelated(trigger.matchRelated, event.related)
  );
}
