/**
 * @module Templating of automation actions: `{{ event.payload.x }}`, `{{ event.resource.id }}`,
 * `{{ event.resource["steward.state-name"] }}`, `{{ automation.name }}`. Same rules as job templates
 * (core/job-template.ts): a string that is only a placeholder keeps the value's JSON type, others
 * are interpolated, unset sole placeholders remove their key. Two differences, for labels: a path
 * may quote a key (`["a.b"]`), and dotted label names resolve without quotes
 * (`{{ event.resource.steward.state-name }}`) by trying the longest key that exists.
 */
import { fillTemplate, isJsonRecord, type TemplateSyntax } from "../job-template.js";
import type { EventLike, Labels } from "./types.js";

const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;
const SOLE_PLACEHOLDER = /^\{\{\s*([^{}]+?)\s*\}\}$/;
const SEGMENT = /\[\s*"([^"]*)"\s*\]|\[\s*'([^']*)'\s*\]|\[(\d+)\]|([^.[\]]+)/g;

/** The segments of a path: `event.resource["a.b"].c[0]` → `event`, `resource`, `a.b`, `c`, `0`. */
export function pathSegments(path: string): string[] {
  const segments: string[] = [];
  for (const match of path.matchAll(SEGMENT)) {
    const segment = match[1] ?? match[2] ?? match[3] ?? match[4];
    if (segment !== undefined) segments.push(segment.trim());
  }
  return segments;
}

/**
 * The value at `path` in `values`, undefined when absent. In objects the longest run of segments
 * that names an existing key wins, so `steward.resource.id` is one label, not three levels.
 */
export function lookupPath(values: unknown, path: string): unknown {
  return walk(values, pathSegments(path));
}

function walk(current: unknown, segments: readonly string[]): unknown {
  if (segments.length === 0) return current;
  if (Array.isArray(current)) {
    const [head = "", ...rest] = segments;
    return /^\d+$/.test(head) ? walk(current[Number(head)], rest) : undefined;
  }
  if (!isJsonRecord(current)) return undefined;
  for (let take = segments.length; take >= 1; take--) {
    const key = segments.slice(0, take).join(".");
    if (Object.hasOwn(current, key)) return walk(current[key], segments.slice(take));
  }
  return undefined;
}

const EVENT_SYNTAX: TemplateSyntax = { placeholder: PLACEHOLDER, sole: SOLE_PLACEHOLDER, lookup: lookupPath };

/**
 * `template` with its placeholders filled from `values` (see the module comment). Returns
 * undefined when `template` is a sole placeholder without a value.
 */
export function renderTemplate(template: unknown, values: Readonly<Record<string, unknown>>): unknown {
  return fillTemplate(template, values, EVENT_SYNTAX);
}

/** Labels plus the short forms `id`, `name` (and `role` for related resources) templates use. */
function withShortNames(labels: Labels): Record<string, string> {
  const out: Record<string, string> = { ...labels };
  const short = { id: "steward.resource.id", name: "steward.resource.name", role: "steward.resource.role" };
  for (const [alias, label] of Object.entries(short)) {
    const value = labels[label];
    if (value !== undefined && !Object.hasOwn(out, alias)) out[alias] = value;
  }
  return out;
}

/** The values an action's templates see: the triggering event (if any) and the automation. */
export function actionTemplateValues(
  event: EventLike | null,
  automation: { readonly id: string; readonly name: string },
  extra: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const values: Record<string, unknown> = {
    automation: { id: automation.id, name: automation.name },
    ...extra,
  };
  if (event !== null) {
    values.event = {
      ...event,
      resource: withShortNames(event.resource),
      related: event.related.map(withShortNames),
    };
  }
  return values;
}
