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

/**
 * Names of the events automations write about their own firings (`steward.automation.triggered`,
 * `….action.triggered`, `….action.executed`, `….action.failed`). Each firing writes several, so a
 * trigger that counted them by an empty `expect` or a broad wildcard would fire on its own events
 * and multiply them without end (two such automations and one event kept the server busy until no
 * request was answered). They count only for patterns that name this prefix.
 */
export const AUTOMATION_EVENT_PREFIX = "steward.automation.";

/** True when one of `patterns` matches `name`, an automation's own events only by their prefix. */
function named(patterns: readonly string[], name: string): boolean {
  const own = name.startsWith(AUTOMATION_EVENT_PREFIX);
  return patterns.some(
    (pattern) => (!own || pattern.startsWith(AUTOMATION_EVENT_PREFIX)) && matchesPattern(pattern, name),
  );
}

/** True when the trigger's `after` names the event (never when `after` is empty). */
export function startsAfter(trigger: CompiledEventTrigger, name: string): boolean {
  return named(trigger.after, name);
}

/**
 * True when the trigger counts the event: an empty `expect` counts every event except the
 * automations' own (see {@link AUTOMATION_EVENT_PREFIX}).
 */
export function expects(trigger: CompiledEventTrigger, name: string): boolean {
  if (trigger.expect.length === 0) return !name.startsWith(AUTOMATION_EVENT_PREFIX);
  return named(trigger.expect, name);
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
