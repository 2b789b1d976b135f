/**
 * @module The guided form's trigger: the common cases (a flow run's state, a deployment's, work
 * pool's or work queue's status, a custom event) as simple fields, turned into an event trigger
 * and back. A trigger the form cannot show faithfully (compound, sequence, unusual matches) is
 * edited as JSON instead, so saving never silently drops part of it.
 */
import {
  DurationInput,
  durationSeconds,
  type EventTrigger,
  type ResourceSpec,
} from "../../../../src/api/automations.js";

export type TriggerKind =
  "flow-run-state" | "deployment-status" | "work-pool-status" | "work-queue-status" | "custom";

/** The trigger kinds, in the order the form offers them. */
export const TRIGGER_KINDS: readonly { id: TriggerKind; label: string }[] = [
  { id: "flow-run-state", label: "Flow run state" },
  { id: "deployment-status", label: "Deployment status" },
  { id: "work-pool-status", label: "Work pool status" },
  { id: "work-queue-status", label: "Work queue status" },
  { id: "custom", label: "Custom event" },
];

/** State names a flow-run trigger can watch (the `steward.flow-run.<name>` events). */
export const FLOW_RUN_STATES = [
  "Failed",
  "Crashed",
  "Late",
  "Cancelled",
  "Completed",
  "Running",
  "Scheduled",
  "Pending",
  "Cancelling",
  "Paused",
  "Retrying",
  "AwaitingRetry",
] as const;

/** Statuses per kind: the last word of the `steward.<kind>.<status>` events. */
export const STATUSES: Record<
  "deployment-status" | "work-pool-status" | "work-queue-status",
  readonly string[]
> = {
  "deployment-status": ["not-ready", "ready"],
  "work-pool-status": ["not-ready", "ready", "paused"],
  "work-queue-status": ["not-ready", "ready", "paused"],
};

/** Every field of every kind; only the chosen kind's fields are used. */
export interface TriggerDraft {
  kind: TriggerKind;
  /** flow-run-state: state names to watch; and the optional narrowing by flow, deployment, tag. */
  states: string[];
  flowIds: string[];
  deploymentIds: string[];
  tags: string;
  /** deployment-status / work-pool-status: the ids chosen (none: any). */
  resourceIds: string[];
  status: string;
  /** work-queue-status: the pool (id, optional) and the queue's name (optional). */
  poolId: string;
  queueName: string;
  /** custom: event names or patterns (comma-separated), resource and related resource id patterns. */
  eventNames: string;
  resourceId: string;
  relatedId: string;
  after: string;
  /** One count per resource (`for_each: ["steward.resource.id"]`). */
  perResource: boolean;
  posture: "Reactive" | "Proactive";
  threshold: string;
  within: string;
}

/** A new trigger: a flow run that fails or crashes. */
export function newTriggerDraft(): TriggerDraft {
  return {
    kind: "flow-run-state",
    states: ["Failed", "Crashed"],
    flowIds: [],
    deploymentIds: [],
    tags: "",
    resourceIds: [],
    status: "not-ready",
    poolId: "",
    queueName: "",
    eventNames: "",
    resourceId: "",
    relatedId: "",
    after: "",
    perResource: false,
    posture: "Reactive",
    threshold: "1",
    within: "0",
  };
}

function list(text: string): string[] {
  return text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

const PREFIX: Record<string, string> = {
  "deployment-status": "steward.deployment",
  "work-pool-status": "steward.work-pool",
  "work-queue-status": "steward.work-queue",
};

/** A number when the text is one ("90" → 90), else the duration text ("10m"). */
function durationOf(text: string): number | string {
  const trimmed = text.trim();
  if (trimmed === "") return 0;
  return /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function relatedSpec(role: string, ids: readonly string[]): ResourceSpec {
  return {
    "steward.resource.role": role,
    "steward.resource.id": ids.length === 1 ? (ids[0] ?? "") : [...ids],
  };
}

/** The event trigger the draft describes (validated by the API's schema when saved). */
export function toTrigger(draft: TriggerDraft): EventTrigger {
  const base = { type: "event" as const, after: [], posture: "Reactive" as const, threshold: 1, within: 0 };
  if (draft.kind === "flow-run-state") {
    const related: ResourceSpec[] = [];
    if (draft.flowIds.length)
      related.push(
        relatedSpec(
          "flow",
          draft.flowIds.map((id) => `steward.flow.${id}`),
        ),
      );
    if (draft.deploymentIds.length)
      related.push(
        relatedSpec(
          "deployment",
          draft.deploymentIds.map((id) => `steward.deployment.${id}`),
        ),
      );
    const tags = list(draft.tags);
    if (tags.length)
      related.push(
        relatedSpec(
          "tag",
          tags.map((tag) => `steward.tag.${tag}`),
        ),
      );
    return {
      ...base,
      match: { "steward.resource.id": "steward.flow-run.*" },
      match_related: related,
      expect: draft.states.map((state) => `steward.flow-run.${state}`),
      for_each: ["steward.resource.id"],
    };
  }
  if (draft.kind === "custom") return customTrigger(draft);
  const prefix = PREFIX[draft.kind] ?? "";
  const expect = [`${prefix}.${draft.status}`];
  if (draft.kind === "work-queue-status") {
    return {
      ...base,
      match: {
        "steward.resource.id": `${prefix}.*`,
        ...(draft.queueName.trim() && { "steward.resource.name": draft.queueName.trim() }),
      },
      match_related: draft.poolId ? [relatedSpec("work-pool", [`steward.work-pool.${draft.poolId}`])] : [],
      expect,
      for_each: ["steward.resource.id"],
    };
  }
  const ids = draft.resourceIds.map((id) => `${prefix}.${id}`);
  return {
    ...base,
    match: {
      "steward.resource.id": ids.length === 0 ? `${prefix}.*` : ids.length === 1 ? (ids[0] ?? "") : ids,
    },
    match_related: [],
    expect,
    for_each: ["steward.resource.id"],
  };
}

function customTrigger(draft: TriggerDraft): EventTrigger {
  const threshold = Number(draft.threshold);
  return {
    type: "event",
    match: draft.resourceId.trim() ? { "steward.resource.id": draft.resourceId.trim() } : {},
    match_related: draft.relatedId.trim() ? [{ "steward.resource.id": draft.relatedId.trim() }] : [],
    expect: list(draft.eventNames),
    after: list(draft.after),
    for_each: draft.perResource ? ["steward.resource.id"] : [],
    posture: draft.posture,
    threshold: Number.isInteger(threshold) && threshold >= 1 ? threshold : Number.NaN,
    within: durationOf(draft.within),
  };
}

/** What is wrong with the draft, by field (empty when it can be saved). */
export function triggerProblems(draft: TriggerDraft): Record<string, string> {
  const problems: Record<string, string> = {};
  if (draft.kind === "flow-run-state" && draft.states.length === 0)
    problems.states = "Choose at least one state to watch";
  if (draft.kind !== "custom") return problems;
  const threshold = Number(draft.threshold);
  if (!Number.isInteger(threshold) || threshold < 1) problems.threshold = "A whole number, 1 or more";
  const within = DurationInput.safeParse(durationOf(draft.within));
  if (!within.success) problems.within = 'Seconds, or a duration such as "90s", "10m", "1h"';
  else if (draft.posture === "Proactive" && durationSeconds(within.data) < 10)
    problems.within = "A Proactive trigger needs a window of at least 10 seconds";
  return problems;
}
