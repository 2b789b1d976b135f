/**
 * @module The reverse of `toTrigger`: which guided-form kind a saved trigger is, with its fields;
 * null when the form could not show all of it (then the page edits it as JSON).
 */
import {
  type Duration,
  durationSeconds,
  type ResourceSpec,
  type Trigger,
} from "../../../../src/api/automations.js";
import { newTriggerDraft, STATUSES, type TriggerDraft } from "./trigger-draft.js";

function values(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === "string" ? [value] : [...value];
}

function specs(related: ResourceSpec | readonly ResourceSpec[] | undefined): ResourceSpec[] {
  if (!related) return [];
  return Array.isArray(related) ? [...(related as ResourceSpec[])] : [related as ResourceSpec];
}

function onlyKeys(spec: ResourceSpec, keys: readonly string[]): boolean {
  return Object.keys(spec).every((key) => keys.includes(key));
}

/** `["steward.flow.<a>", …]` → `["<a>", …]`, or null when one id has another prefix. */
function stripped(ids: readonly string[], prefix: string): string[] | null {
  const out = ids.map((id) => (id.startsWith(`${prefix}.`) ? id.slice(prefix.length + 1) : null));
  return out.every((id): id is string => id !== null && id !== "*" && id !== "") ? out : null;
}

function isZero(duration: Duration | undefined): boolean {
  try {
    return duration === undefined || durationSeconds(duration) === 0;
  } catch {
    return false;
  }
}

/** The parts every guided kind but "custom" leaves at their defaults. */
function isPlain(trigger: Extract<Trigger, { type: "event" }>): boolean {
  const forEach = trigger.for_each ?? [];
  return (
    (trigger.after ?? []).length === 0 &&
    (trigger.posture ?? "Reactive") === "Reactive" &&
    (trigger.threshold ?? 1) === 1 &&
    isZero(trigger.within) &&
    forEach.every((label) => label === "steward.resource.id")
  );
}

function flowRunDraft(trigger: Extract<Trigger, { type: "event" }>): TriggerDraft | null {
  const states = (trigger.expect ?? []).map((name) => /^steward\.flow-run\.([A-Za-z]+)$/.exec(name)?.[1]);
  if (states.length === 0 || !states.every((state): state is string => state !== undefined)) return null;
  const draft: TriggerDraft = { ...newTriggerDraft(), kind: "flow-run-state", states };
  for (const spec of specs(trigger.match_related)) {
    if (!onlyKeys(spec, ["steward.resource.role", "steward.resource.id"])) return null;
    const role = values(spec["steward.resource.role"]);
    const ids = values(spec["steward.resource.id"]);
    if (role.length !== 1) return null;
    const [kind, field] =
      role[0] === "flow"
        ? (["steward.flow", "flowIds"] as const)
        : role[0] === "deployment"
          ? (["steward.deployment", "deploymentIds"] as const)
          : role[0] === "tag"
            ? (["steward.tag", "tags"] as const)
            : [null, null];
    const parsed = kind ? stripped(ids, kind) : null;
    if (!parsed || !field) return null;
    if (field === "tags") draft.tags = parsed.join(", ");
    else draft[field] = parsed;
  }
  return draft;
}

function statusDraft(trigger: Extract<Trigger, { type: "event" }>): TriggerDraft | null {
  const expect = trigger.expect ?? [];
  const match = /^steward\.(deployment|work-pool|work-queue)\.([a-z-]+)$/.exec(expect[0] ?? "");
  if (expect.length !== 1 || !match?.[1] || !match[2]) return null;
  const kind = `${match[1]}-status` as keyof typeof STATUSES;
  if (!STATUSES[kind].includes(match[2])) return null;
  const draft: TriggerDraft = { ...newTriggerDraft(), kind, status: match[2] };
  const spec = trigger.match ?? {};
  const ids = values(spec["steward.resource.id"]);
  const wildcard = ids.length === 1 && ids[0] === `steward.${match[1]}.*`;
  if (kind === "work-queue-status") {
    if (!wildcard || !onlyKeys(spec, ["steward.resource.id", "steward.resource.name"])) return null;
    const name = values(spec["steward.resource.name"]);
    if (name.length > 1) return null;
    draft.queueName = name[0] ?? "";
    const related = specs(trigger.match_related);
    if (related.length > 1) return null;
    if (related[0]) {
      const pool = stripped(values(related[0]["steward.resource.id"]), "steward.work-pool");
      if (!pool || pool.length !== 1 || values(related[0]["steward.resource.role"])[0] !== "work-pool")
        return null;
      draft.poolId = pool[0] ?? "";
    }
    return draft;
  }
  if (specs(trigger.match_related).length > 0 || !onlyKeys(spec, ["steward.resource.id"])) return null;
  if (wildcard || ids.length === 0) return draft;
  const parsed = stripped(ids, `steward.${match[1]}`);
  if (!parsed) return null;
  draft.resourceIds = parsed;
  return draft;
}

function customDraft(trigger: Extract<Trigger, { type: "event" }>): TriggerDraft | null {
  const match = trigger.match ?? {};
  const related = specs(trigger.match_related);
  const forEach = trigger.for_each ?? [];
  const resource = values(match["steward.resource.id"]);
  const relatedIds = related[0] ? values(related[0]["steward.resource.id"]) : [];
  if (!onlyKeys(match, ["steward.resource.id"]) || resource.length > 1) return null;
  if (
    related.length > 1 ||
    (related[0] && (!onlyKeys(related[0], ["steward.resource.id"]) || relatedIds.length !== 1))
  )
    return null;
  if (forEach.some((label) => label !== "steward.resource.id")) return null;
  return {
    ...newTriggerDraft(),
    kind: "custom",
    eventNames: (trigger.expect ?? []).join(", "),
    resourceId: resource[0] ?? "",
    relatedId: relatedIds[0] ?? "",
    after: (trigger.after ?? []).join(", "),
    perResource: forEach.length > 0,
    posture: trigger.posture ?? "Reactive",
    threshold: String(trigger.threshold ?? 1),
    within: String(trigger.within ?? 0),
  };
}

/** The guided form's fields for `trigger`, or null when only JSON can show it. */
export function recogniseTrigger(trigger: Trigger): TriggerDraft | null {
  if (trigger.type !== "event") return null;
  if (isPlain(trigger)) {
    const ids = values((trigger.match ?? {})["steward.resource.id"]);
    if (
      ids.length === 1 &&
      ids[0] === "steward.flow-run.*" &&
      Object.keys(trigger.match ?? {}).length === 1
    ) {
      const draft = flowRunDraft(trigger);
      if (draft) return draft;
    }
    const draft = statusDraft(trigger);
    if (draft) return draft;
  }
  return customDraft(trigger);
}
