/**
 * @module Automations in words, for the list and the automation page: "When a flow run enters
 * Failed or Crashed" / "Cancel the flow run". People decide from the sentence whether an automation
 * is the one they want; the JSON is one click away for the details.
 */
import type {
  Action,
  Duration,
  EventTrigger,
  ResourceSpec,
  Trigger,
} from "../../../../src/api/automations.js";
import { formatDuration } from "../../components/time.js";

/** Names to show instead of resource ids (`steward.deployment.<id>` → "etl/nightly"), when known. */
export type ResourceNames = ReadonlyMap<string, string>;

/** "10m", "1h 30m", or the duration text as written. */
export function durationWords(duration: Duration | null | undefined): string {
  if (duration === null || duration === undefined) return "";
  return typeof duration === "number" ? formatDuration(duration) : duration;
}

/** "a, b or c". */
export function orList(items: readonly string[], joiner = "or"): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} ${joiner} ${items[items.length - 1] ?? ""}`;
}

function values(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === "string" ? [value] : [...value];
}

function named(id: string, names: ResourceNames): string {
  return names.get(id) ?? id;
}

const KIND_WORDS: Record<string, string> = {
  "flow-run": "a flow run",
  deployment: "a deployment",
  "work-pool": "a work pool",
  "work-queue": "a work queue",
  worker: "a worker",
  "task-run": "a task run",
};

const STATUS_WORDS: Record<string, string> = {
  ready: "becomes ready",
  "not-ready": "becomes not ready",
  paused: "is paused",
  resumed: "is resumed",
  created: "is created",
  updated: "is updated",
  deleted: "is deleted",
};

/** "a flow run enters Failed or Crashed", "a work pool becomes not ready", or the names themselves. */
function expectWords(expect: readonly string[]): string {
  if (expect.length === 0) return "any event happens";
  const parsed = expect.map((name) => /^steward\.([a-z-]+)\.([A-Za-z-]+)$/.exec(name));
  const kinds = new Set(parsed.map((match) => match?.[1]));
  const kind = [...kinds][0];
  if (kinds.size === 1 && kind && KIND_WORDS[kind] && parsed.every((match) => match)) {
    const last = parsed.map((match) => match?.[2] ?? "");
    if (kind === "flow-run" || kind === "task-run") return `${KIND_WORDS[kind]} enters ${orList(last)}`;
    if (last.every((word) => STATUS_WORDS[word]))
      return `${KIND_WORDS[kind]} ${orList(last.map((word) => STATUS_WORDS[word] ?? word))}`;
  }
  return `${orList(expect.map((name) => `“${name}”`))} happens`;
}

/** " for etl/nightly", " for steward.flow-run.*" is left out as it adds nothing. */
function matchWords(match: ResourceSpec, names: ResourceNames): string {
  const parts: string[] = [];
  for (const [label, value] of Object.entries(match)) {
    const list = values(value);
    if (label === "steward.resource.id") {
      const specific = list.filter((id) => !/^steward\.[a-z-]+\.\*$/.test(id));
      if (specific.length > 0) parts.push(orList(specific.map((id) => named(id, names))));
    } else parts.push(`${label} = ${orList(list)}`);
  }
  return parts.length > 0 ? ` for ${parts.join(", ")}` : "";
}

function relatedWords(related: ResourceSpec | readonly ResourceSpec[], names: ResourceNames): string {
  const specs = Array.isArray(related) ? related : [related as ResourceSpec];
  const parts = specs.flatMap((spec) => {
    const role = values(spec["steward.resource.role"])[0];
    const ids = values(spec["steward.resource.id"]).map((id) =>
      id.startsWith("steward.tag.") ? id.slice("steward.tag.".length) : named(id, names),
    );
    if (ids.length === 0) return [];
    return [`${role ? `${role} ` : "related to "}${orList(ids)}`];
  });
  return parts.length > 0 ? ` (${parts.join("; ")})` : "";
}

/** One event trigger as a sentence (without the leading "When"). */
function eventTriggerWords(trigger: EventTrigger, names: ResourceNames): string {
  const expect = trigger.expect ?? [];
  const scope = `${matchWords(trigger.match ?? {}, names)}${relatedWords(trigger.match_related ?? [], names)}`;
  const threshold = trigger.threshold ?? 1;
  const within = durationWords(trigger.within ?? 0);
  const windowed = within && within !== "0s" ? ` within ${within}` : "";
  const after = trigger.after?.length
    ? `, once ${orList(trigger.after.map((name) => `“${name}”`))} happened`
    : "";
  if (trigger.posture === "Proactive") {
    if (expect.length === 0) return `no event happens${windowed}${scope}${after}`;
    const what = orList(expect.map((name) => `“${name}”`));
    const times = threshold === 1 ? "" : ` ${threshold} times`;
    return `${what} does not happen${times}${windowed}${scope}${after}`;
  }
  const times = threshold === 1 ? "" : ` ${threshold} times${windowed}`;
  return `${expectWords(expect)}${scope}${times}${after}`;
}

/** The whole trigger as a sentence: "When a flow run enters Failed (deployment etl/nightly)". */
export function triggerWords(trigger: Trigger, names: ResourceNames = new Map()): string {
  return `When ${innerTriggerWords(trigger, names)}`;
}

function innerTriggerWords(trigger: Trigger, names: ResourceNames): string {
  if (trigger.type === "event") return eventTriggerWords(trigger, names);
  const parts = trigger.triggers.map((inner) => `(${innerTriggerWords(inner, names)})`);
  const within = trigger.within ? ` within ${durationWords(trigger.within)}` : "";
  if (trigger.type === "sequence") return `in order: ${parts.join(", then ")}${within}`;
  const require =
    trigger.require === "any"
      ? "any"
      : trigger.require === "all"
        ? "all"
        : `${trigger.require} of ${trigger.triggers.length}`;
  return `${require} of: ${parts.join(require === "all" ? " and " : "; ")}${within}`;
}

function target(source: string | undefined, value: string | null | undefined, names: ResourceNames): string {
  if (source === "inferred") return "from the event";
  return value ? named(value, names) : "(none chosen)";
}

/** One action as a short imperative: "Run deployment etl/nightly", "Call POST https://…". */
export function actionWords(action: Action, names: ResourceNames = new Map()): string {
  switch (action.type) {
    case "do-nothing":
      return "Do nothing (record the firing)";
    case "run-deployment":
    case "pause-deployment":
    case "resume-deployment": {
      const verb = action.type.split("-")[0] ?? "";
      const id = action.deployment_id ? `steward.deployment.${action.deployment_id}` : null;
      return `${verb.charAt(0).toUpperCase()}${verb.slice(1)} deployment ${target(action.source, id, names)}`;
    }
    case "pause-work-pool":
    case "resume-work-pool":
      return `${action.type.startsWith("pause") ? "Pause" : "Resume"} work pool ${target(action.source, action.work_pool_name, names)}`;
    case "pause-work-queue":
    case "resume-work-queue": {
      const queue = action.work_queue_name
        ? `${action.work_pool_name ?? "?"}/${action.work_queue_name}`
        : null;
      return `${action.type.startsWith("pause") ? "Pause" : "Resume"} work queue ${target(action.source, queue, names)}`;
    }
    case "pause-automation":
    case "resume-automation": {
      const id = action.automation_id ? `steward.automation.${action.automation_id}` : null;
      return `${action.type.startsWith("pause") ? "Pause" : "Resume"} automation ${target(action.source, id, names)}`;
    }
    case "cancel-flow-run":
      return "Cancel the flow run";
    case "delete-flow-run":
      return "Delete the flow run";
    case "change-flow-run-state":
      return `Change the flow run's state to ${action.name ?? action.state}`;
    case "call-webhook":
      return `Call ${action.method ?? "POST"} ${action.url}`;
    case "send-notification":
      return `Send a ${action.destination.type === "slack" ? "Slack" : "webhook"} notification`;
  }
}

/** All actions, one per line joined by "; ". */
export function actionsWords(actions: readonly Action[], names: ResourceNames = new Map()): string {
  return actions.map((action) => actionWords(action, names)).join("; ");
}
