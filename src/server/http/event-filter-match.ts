/**
 * @module An {@link EventFilter} applied in memory, to live events that never pass through a
 * query (`GET /api/events/stream`). It follows the database filter rule for rule: parts AND
 * together, lists within a part OR, `*` matches any run of characters (dots included) except in
 * the literal `prefix` and `exclude_prefix` lists, times are inclusive at both ends, and the
 * related-resource part needs ONE related resource to match both the id and the role lists.
 */
import type { Event, EventFilter } from "../../api/index.js";
import { matchesPattern } from "../../core/automations/patterns.js";

const RESOURCE_ID = "steward.resource.id";
const ROLE = "steward.resource.role";

const anyMatch = (patterns: readonly string[], value: string | undefined): boolean =>
  value !== undefined && patterns.some((pattern) => matchesPattern(pattern, value));

function matchesTime(filter: EventFilter, event: Event): boolean {
  const occurred = Date.parse(event.occurred);
  const { since, until } = filter.occurred ?? {};
  if (since !== undefined && occurred < Date.parse(since)) return false;
  return until === undefined || occurred <= Date.parse(until);
}

const anyPrefix = (prefixes: readonly string[], value: string): boolean =>
  prefixes.some((prefix) => value.startsWith(prefix));

function matchesName(filter: EventFilter, event: Event): boolean {
  const { name, exclude_name: exclude, prefix, exclude_prefix: excludePrefix } = filter.event ?? {};
  if (name !== undefined && !anyMatch(name, event.event)) return false;
  if (exclude !== undefined && anyMatch(exclude, event.event)) return false;
  if (prefix !== undefined && !anyPrefix(prefix, event.event)) return false;
  return excludePrefix === undefined || !anyPrefix(excludePrefix, event.event);
}

function matchesResource(filter: EventFilter, event: Event): boolean {
  const { id, labels } = filter.resource ?? {};
  if (id !== undefined && !anyMatch(id, event.resource[RESOURCE_ID])) return false;
  for (const [label, wanted] of Object.entries(labels ?? {})) {
    if (!anyMatch(typeof wanted === "string" ? [wanted] : wanted, event.resource[label])) return false;
  }
  return true;
}

function matchesRelated(filter: EventFilter, event: Event): boolean {
  const { id, role } = filter.related ?? {};
  if (id === undefined && role === undefined) return true;
  return event.related.some(
    (related) =>
      (id === undefined || anyMatch(id, related[RESOURCE_ID])) &&
      (role === undefined || anyMatch(role, related[ROLE])),
  );
}

function matchesAnyResource(filter: EventFilter, event: Event): boolean {
  const ids = filter.any_resource?.id;
  if (ids === undefined) return true;
  return [event.resource, ...event.related].some((resource) => anyMatch(ids, resource[RESOURCE_ID]));
}

/** True when `event` is one that `filter` selects. */
export function eventMatchesFilter(filter: EventFilter, event: Event): boolean {
  return (
    (filter.id === undefined || filter.id.includes(event.id)) &&
    matchesTime(filter, event) &&
    matchesName(filter, event) &&
    matchesResource(filter, event) &&
    matchesRelated(filter, event) &&
    matchesAnyResource(filter, event)
  );
}
