/**
 * @module `for_each`: the labels that split a trigger's counting into one bucket per value, say one
 * per flow run (`steward.resource.id`) or per deployment of the run
 * (`related:deployment:steward.resource.id`).
 */
import type { EventLike } from "./types.js";

const RELATED = /^related:([^:]+):(.+)$/;

/**
 * The value of one `for_each` label on an event: a label of its resource, or with
 * `related:<role>:<label>` the label of its first related resource of that role. "" when absent,
 * so events lacking the label share one bucket rather than being dropped (as in Prefect).
 */
export function forEachValue(label: string, event: EventLike): string {
  const related = RELATED.exec(label);
  if (related !== null) {
    const [, role, name] = related;
    const resource = event.related.find((labels) => labels["steward.resource.role"] === role);
    return (name !== undefined && resource?.[name]) || "";
  }
  return event.resource[label] ?? "";
}

/** A bucket's identity and its human form. */
export interface BucketKey {
  /** Stable key: "" without `for_each`, else the JSON array of the values in `forEach` order. */
  readonly key: string;
  /** The values joined by ", " (what the `steward.automation.triggered` event reports). */
  readonly display: string;
}

/** The bucket an event falls into for `forEach` (labels in the order the trigger gives them). */
export function bucketKey(forEach: readonly string[], event: EventLike): BucketKey {
  if (forEach.length === 0) return { key: "", display: "" };
  const values = forEach.map((label) => forEachValue(label, event));
  return { key: JSON.stringify(values), display: values.join(", ") };
}

/** The human form of a stored key (see {@link BucketKey}). */
export function displayBucketKey(key: string): string {
  if (key === "") return "";
  const values: unknown = JSON.parse(key);
  return Array.isArray(values) ? values.map(String).join(", ") : key;
}
