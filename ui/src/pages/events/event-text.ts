/**
 * @module Events in words: the one-line summary of the feed, resource names, and links from
 * Steward's resource ids (`steward.flow-run.<uuid>`, …) to the pages that show those resources.
 * Pure functions, so the feed and the detail page agree and tests can check them without a browser.
 */
import type { Event, Resource } from "../../../../src/api/events.js";
import { paths } from "../../app/paths.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `steward.flow-run.<uuid>` → `{kind: "flow-run", id}`; null for ids Steward did not make. */
export function stewardResource(resourceId: string): { kind: string; id: string } | null {
  const match = /^steward\.([a-z-]+)\.(.+)$/.exec(resourceId);
  if (!match?.[1] || !match[2] || !UUID.test(match[2])) return null;
  return { kind: match[1], id: match[2] };
}

/** The `steward.resource.name` of a resource, else its id. */
export function resourceName(resource: Resource): string {
  return resource["steward.resource.name"] || resource["steward.resource.id"] || "";
}

/** The related resource with this role, if the event has one. */
export function relatedByRole(event: Pick<Event, "related">, role: string): Resource | undefined {
  return event.related.find((resource) => resource["steward.resource.role"] === role);
}

/**
 * The UI page of a resource, when Steward has one: flow runs, flows and deployments by id; pools
 * and queues by name (from the resource's labels and, for a queue, the event's related pool);
 * automations by id. Null for everything else.
 */
export function resourceHref(resource: Resource, event?: Pick<Event, "related" | "resource">): string | null {
  const parsed = stewardResource(resource["steward.resource.id"] ?? "");
  if (!parsed) return null;
  const name = resource["steward.resource.name"];
  switch (parsed.kind) {
    case "flow-run":
      return paths.flowRun(parsed.id);
    case "flow":
      return paths.flow(parsed.id);
    case "deployment":
      return paths.deployment(parsed.id);
    case "automation":
      return paths.automation(parsed.id);
    case "work-pool":
      return name ? paths.workPool(name) : null;
    case "work-queue": {
      const pool = event ? (relatedByRole(event, "work-pool") ?? undefined) : undefined;
      const poolName = pool?.["steward.resource.name"];
      return name && poolName ? paths.workQueue(poolName, name) : null;
    }
    default:
      return null;
  }
}

/**
 * A resource as a sentence names it: "flow run fancy-otter" for a named Steward resource, else its
 * name or id as it is.
 */
export function resourceLabel(resource: Resource): string {
  const id = resource["steward.resource.id"] ?? "";
  const name = resource["steward.resource.name"];
  if (!name || !stewardResource(id)) return resourceName(resource);
  return `${resourceKind(id).toLowerCase()} ${name}`;
}

/** "Flow run", "Work pool", … from the kind in a Steward resource id; "Resource" otherwise. */
export function resourceKind(resourceId: string): string {
  const match = /^steward\.([a-z-]+)\./.exec(resourceId);
  const kind = match?.[1];
  if (!kind) return "Resource";
  const words = kind.replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

const STATUS_WORDS: Record<string, string> = {
  ready: "is ready",
  "not-ready": "is not ready",
  paused: "was paused",
  resumed: "was resumed",
  created: "was created",
  updated: "was updated",
  deleted: "was deleted",
  started: "started",
  stopped: "stopped",
  "submitted-flow-run": "submitted a flow run",
  "executed-flow-run": "finished a flow run",
};

/** An event's summary in two parts: the words, and the resource it is "about", if any. */
export interface SummaryParts {
  readonly text: string;
  /** Told as "about <resource>" after the text, linked where the UI can. */
  readonly about?: Resource;
}

/**
 * The automation events: firings and action results, each about the resource whose event fired
 * the automation (its `triggering-resource`, which carries the name; the payload has only the id).
 */
function automationSummary(event: Event): SummaryParts | undefined {
  const payload = record(event.payload);
  const name = resourceName(event.resource);
  const triggering = relatedByRole(event, "triggering-resource");
  if (event.event === "steward.automation.triggered") {
    const triggeringEvent = record(payload.triggering_event);
    const on = text(triggeringEvent.event);
    const id = text(triggeringEvent.resource_id);
    const about = triggering ?? (id ? { "steward.resource.id": id } : undefined);
    return { text: `${name} fired${on ? ` on ${on}` : ""}`, ...(about && { about }) };
  }
  const result = /^steward\.automation\.action\.(triggered|executed|failed)$/.exec(event.event)?.[1];
  if (!result) return undefined;
  const index = typeof payload.action_index === "number" ? ` #${payload.action_index + 1}` : "";
  const type = text(payload.action_type) ?? "action";
  const reason = result === "failed" ? text(payload.reason) : undefined;
  return {
    text: `${type}${index} ${result}${reason ? `: ${reason}` : ""}`,
    ...(triggering && { about: triggering }),
  };
}

/** A flow or task run's new state, with its message. */
function stateSummary(event: Event): string | undefined {
  const match = /^steward\.(flow|task)-run\.(.+)$/.exec(event.event);
  if (!match) return undefined;
  const message = text(event.resource["steward.state-message"]);
  return `${resourceName(event.resource)} → ${match[2] ?? ""}${message ? ` — ${message}` : ""}`;
}

/**
 * One line about an event, in parts: "nightly-otter → Failed — exit code 1", "Work pool gpu is not
 * ready", "cancel-late fired on steward.flow-run.Late" about the flow run; for other events, the
 * payload in short. `named` fills in resource names the page looked up.
 */
export function eventSummaryParts(
  event: Event,
  named: (resource: Resource) => Resource = (r) => r,
): SummaryParts {
  const state = stateSummary({ ...event, resource: named(event.resource) });
  if (state) return { text: state };
  const automation = automationSummary(event);
  if (automation) return automation.about ? { ...automation, about: named(automation.about) } : automation;
  const status = /^steward\.(deployment|work-pool|work-queue|worker)\.([a-z-]+)$/.exec(event.event);
  if (status?.[2] && STATUS_WORDS[status[2]]) {
    const text = `${resourceKind(event.resource["steward.resource.id"] ?? "")} ${resourceName(named(event.resource))} ${STATUS_WORDS[status[2]]}`;
    return { text };
  }
  const payload = JSON.stringify(event.payload);
  return { text: payload === "{}" ? "" : payload.length > 140 ? `${payload.slice(0, 139)}…` : payload };
}

/** {@link eventSummaryParts} as one line of text. */
export function eventSummary(event: Event, named?: (resource: Resource) => Resource): string {
  const parts = eventSummaryParts(event, named);
  return parts.about ? `${parts.text} about ${resourceLabel(parts.about)}` : parts.text;
}
