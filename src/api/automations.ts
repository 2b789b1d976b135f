/**
 * @module Automations: when a trigger fires, run actions. Prefect's model (reference §1.12) with
 * names under `steward.`. Deployment triggers (`steward.yaml`, `steward deploy --trigger`,
 * `flow.deploy({ triggers })`) are automations owned by their deployment
 * (`owner_resource: "steward.deployment.<id>"`) whose one action runs it.
 */
import { z } from "zod";
import { parseDuration } from "../core/durations.js";
import { StateType } from "../core/states.js";
import { Id, JsonObject, JsonObjectInput, Limit, Offset, Timestamp } from "./common.js";
import {
  cappedString,
  FilterName,
  filterValues,
  LikePattern,
  MAX_DURATION_TEXT_LENGTH,
  MAX_EVENT_NAME_LENGTH,
  MAX_HEADER_NAME_LENGTH,
  MAX_HEADER_VALUE_LENGTH,
  MAX_HEADERS,
  MAX_LABELS,
  MAX_NAME_LENGTH,
  MAX_RESOURCE_LABEL_KEY_LENGTH,
  MAX_RESOURCE_LABEL_VALUE_LENGTH,
  MAX_SECONDS,
  MAX_TEXT_LENGTH,
  MAX_TRIGGER_LIST,
  maxEntries,
} from "./limits.js";
import { ResourceName } from "./work-pools.js";

/** The duration text check: `"90s"`, `"10m"`, `"1h"`, `"PT5M"`. */
function durationText(bounded: boolean) {
  return cappedString(bounded, MAX_DURATION_TEXT_LENGTH).refine(
    (text) => {
      try {
        parseDuration(text);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'a duration is seconds (a number) or a text such as "90s", "10m", "1h"' },
  );
}

/**
 * A length of time: seconds as a number, or a duration text (`"90s"`, `"10m"`, `"1h"`, `"PT5M"`).
 * Kept as given; the engine reads it with `durationSeconds`.
 */
export const Duration = z.union([z.number().min(0), durationText(false)]);
export type Duration = z.infer<typeof Duration>;

/** A {@link Duration} as a request sends it: at most {@link MAX_SECONDS}, a short text. */
export const DurationInput = z.union([z.number().min(0).max(MAX_SECONDS), durationText(true)]);

/** Seconds of a {@link Duration}. */
export function durationSeconds(duration: Duration): number {
  return typeof duration === "number" ? duration : parseDuration(duration) / 1000;
}

/** The resource spec schema, `bounded` for requests or as stored. */
function resourceSpecSchema(bounded: boolean) {
  const value = () => cappedString(bounded, MAX_RESOURCE_LABEL_VALUE_LENGTH);
  const spec = z.record(
    cappedString(bounded, MAX_RESOURCE_LABEL_KEY_LENGTH).min(1),
    z.union([value(), bounded ? z.array(value()).max(MAX_TRIGGER_LIST) : z.array(value())]),
  );
  return bounded ? maxEntries(spec, MAX_LABELS, "labels in a resource spec") : spec;
}

/**
 * Labels a resource must carry: label → value or any of several values; `*` is a wildcard
 * (`{"steward.resource.id": "steward.flow-run.*"}`). An empty spec matches every resource.
 */
export const ResourceSpec = resourceSpecSchema(false);
export type ResourceSpec = z.infer<typeof ResourceSpec>;

export const Posture = z.enum(["Reactive", "Proactive"]);

/** The fields of an event trigger, `bounded` for requests or as stored. */
function eventTriggerFields(bounded: boolean) {
  const spec = resourceSpecSchema(bounded);
  const eventNames = () => {
    const name = cappedString(bounded, MAX_EVENT_NAME_LENGTH).min(1);
    return bounded ? z.array(name).max(MAX_TRIGGER_LIST) : z.array(name);
  };
  return {
    /** The event's resource must match. */
    match: spec.default({}),
    /** One of the event's related resources must match each spec. */
    match_related: z.union([spec, bounded ? z.array(spec).max(MAX_TRIGGER_LIST) : z.array(spec)]).default([]),
    /** Events that must be seen first (per `for_each` key) to arm the trigger. */
    after: eventNames().default([]),
    /** The events counted (names or patterns); empty counts every event. */
    expect: eventNames().default([]),
    /**
     * Labels that split the counting into one bucket per value: `steward.resource.id` (one bucket per
     * flow run, say) or `related:<role>:<label>` for a related resource's label.
     */
    for_each: (bounded
      ? z.array(z.string().min(1).max(MAX_RESOURCE_LABEL_KEY_LENGTH)).max(MAX_TRIGGER_LIST)
      : z.array(z.string().min(1))
    ).default([]),
    /** Reactive fires when `threshold` events arrive within `within`; Proactive when they do not. */
    posture: Posture.default("Reactive"),
    threshold: z.number().int().min(1).default(1),
    /** The window; Proactive triggers need at least 10 seconds. */
    within: (bounded ? DurationInput : Duration).default(0),
  };
}

/** The event trigger schema, `bounded` for requests or as stored. */
function eventTriggerSchema(bounded: boolean) {
  return z
    .strictObject({ type: z.literal("event"), ...eventTriggerFields(bounded) })
    .refine(proactiveHasWindow, PROACTIVE_WINDOW_ISSUE);
}

/** A Proactive trigger counts missing events over a window, so it needs one of 10 s or more. */
function proactiveHasWindow(trigger: { posture: string; within: Duration }): boolean {
  return trigger.posture !== "Proactive" || durationSeconds(trigger.within) >= 10;
}

const PROACTIVE_WINDOW_ISSUE = {
  message: "a Proactive trigger needs `within` of at least 10 seconds",
  path: ["within"],
};

/** A trigger on events. */
export const EventTrigger = eventTriggerSchema(false);
export type EventTrigger = z.infer<typeof EventTrigger>;

/** Any trigger: on events, or a compound or a sequence of triggers. */
export type Trigger =
  | EventTrigger
  | { type: "compound"; triggers: Trigger[]; require: "any" | "all" | number; within: Duration | null }
  | { type: "sequence"; triggers: Trigger[]; within: Duration | null };

interface TriggerSchemas {
  CompoundTrigger: z.ZodType<Extract<Trigger, { type: "compound" }>>;
  SequenceTrigger: z.ZodType<Extract<Trigger, { type: "sequence" }>>;
  Trigger: z.ZodType<Trigger>;
}

/** The trigger schemas, `bounded` for requests or as stored (each its own OpenAPI component). */
function triggerSchemas(bounded: boolean): TriggerSchemas {
  const duration = bounded ? DurationInput : Duration;
  const event = bounded ? eventTriggerSchema(true) : EventTrigger;
  const CompoundTrigger: z.ZodType<Extract<Trigger, { type: "compound" }>> = z.lazy(() =>
    z.strictObject({
      type: z.literal("compound"),
      triggers: z.array(Trigger).min(1).max(20),
      require: z.union([z.enum(["any", "all"]), z.number().int().min(1)]),
      within: duration.nullable().default(null),
    }),
  );
  const SequenceTrigger: z.ZodType<Extract<Trigger, { type: "sequence" }>> = z.lazy(() =>
    z.strictObject({
      type: z.literal("sequence"),
      triggers: z.array(Trigger).min(1).max(20),
      within: duration.nullable().default(null),
    }),
  );
  const Trigger: z.ZodType<Trigger> = z
    .lazy(() => z.union([event, CompoundTrigger, SequenceTrigger]))
    // One id for both: the document names the request form `TriggerInput` (see server/openapi.ts).
    .meta({ id: "Trigger" });
  return { CompoundTrigger, SequenceTrigger, Trigger };
}

const storedTriggers = triggerSchemas(false);
/** Fires when `require` of its triggers (any, all, or a number) have fired within `within`. */
export const CompoundTrigger = storedTriggers.CompoundTrigger;
/** Fires when its triggers fire in the order given, all within `within`. */
export const SequenceTrigger = storedTriggers.SequenceTrigger;
/** A trigger as stored and answered. */
export const Trigger = storedTriggers.Trigger;
/** A trigger as a request sends it: every string, list and window capped. */
export const TriggerInput = triggerSchemas(true).Trigger;

/**
 * Where an action's target comes from: `selected` names it in the action; `inferred` takes it
 * from the triggering event (its resource, then its related resources).
 */
export const ActionSource = z.enum(["selected", "inferred"]);

/** How a call is retried: `retries` more attempts, waiting `retry_delay_seconds`, doubled each time. */
const retried = {
  retries: z.number().int().min(0).max(10).default(3),
  retry_delay_seconds: z.number().min(0).max(3600).default(1),
  timeout_seconds: z.number().min(1).max(300).default(10),
};

/** HTTP headers of a call, `bounded` for requests or as stored. */
function headersSchema(bounded: boolean) {
  const headers = z.record(
    cappedString(bounded, MAX_HEADER_NAME_LENGTH),
    cappedString(bounded, MAX_HEADER_VALUE_LENGTH),
  );
  return bounded ? maxEntries(headers, MAX_HEADERS, "headers") : headers;
}

/** The notification destination schema, `bounded` for requests or as stored. */
function destinationSchema(bounded: boolean) {
  return z.discriminatedUnion("type", [
    z.strictObject({
      type: z.literal("webhook"),
      url: z.url(),
      headers: headersSchema(bounded).default({}),
    }),
    z.strictObject({ type: z.literal("slack"), url: z.url() }),
  ]);
}

/** Where a notification goes: a generic JSON webhook, or a Slack-compatible incoming webhook. */
export const NotificationDestination = destinationSchema(false);

/** The action schema, `bounded` for requests or as stored. */
function actionSchema(bounded: boolean) {
  const json = bounded ? JsonObjectInput : JsonObject;
  const poolName = () => (bounded ? ResourceName : z.string());
  const targets = {
    deployment: { source: ActionSource.default("selected"), deployment_id: Id.nullable().default(null) },
    workPool: {
      source: ActionSource.default("selected"),
      work_pool_name: poolName().nullable().default(null),
    },
    workQueue: {
      source: ActionSource.default("selected"),
      work_pool_name: poolName().nullable().default(null),
      work_queue_name: ResourceName.nullable().default(null),
    },
    automation: { source: ActionSource.default("selected"), automation_id: Id.nullable().default(null) },
  };
  return z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("do-nothing") }),
    z.strictObject({
      type: z.literal("run-deployment"),
      ...targets.deployment,
      parameters: json.nullable().default(null),
      job_variables: json.nullable().default(null),
    }),
    z.strictObject({ type: z.literal("pause-deployment"), ...targets.deployment }),
    z.strictObject({ type: z.literal("resume-deployment"), ...targets.deployment }),
    z.strictObject({ type: z.literal("pause-work-pool"), ...targets.workPool }),
    z.strictObject({ type: z.literal("resume-work-pool"), ...targets.workPool }),
    z.strictObject({ type: z.literal("pause-work-queue"), ...targets.workQueue }),
    z.strictObject({ type: z.literal("resume-work-queue"), ...targets.workQueue }),
    z.strictObject({ type: z.literal("pause-automation"), ...targets.automation }),
    z.strictObject({ type: z.literal("resume-automation"), ...targets.automation }),
    /** The flow-run actions act on the flow run the triggering event is about. */
    z.strictObject({ type: z.literal("cancel-flow-run") }),
    z.strictObject({ type: z.literal("delete-flow-run") }),
    z.strictObject({
      type: z.literal("change-flow-run-state"),
      state: z.enum(Object.values(StateType) as [StateType, ...StateType[]]),
      name: cappedString(bounded, MAX_NAME_LENGTH).min(1).nullable().default(null),
      message: cappedString(bounded, MAX_TEXT_LENGTH).nullable().default(null),
    }),
    z.strictObject({
      type: z.literal("call-webhook"),
      url: z.url(),
      method: z.enum(["POST", "PUT", "PATCH"]).default("POST"),
      headers: headersSchema(bounded).default({}),
      /** A JSON value (templated) sent as the body; by default the triggering event. */
      payload: z.unknown().optional(),
      ...retried,
    }),
    z.strictObject({
      type: z.literal("send-notification"),
      destination: destinationSchema(bounded),
      subject: z.string().max(1000).default("Automation {{ automation.name }} fired"),
      body: z.string().max(20_000).default("{{ event.event }} on {{ event.resource.name }}"),
      ...retried,
    }),
  ]);
}

/**
 * What an automation does. Strings in `parameters`, `job_variables`, `payload`, `subject` and
 * `body` may hold `{{ event.… }}` placeholders (`{{ event.payload.x }}`, `{{ event.resource.id }}`,
 * `{{ event.resource.name }}`, `{{ event.resource["steward.state-name"] }}`, `{{ automation.name }}`).
 */
export const Action = actionSchema(false);
export type Action = z.infer<typeof Action>;
/** An {@link Action} as a request sends it: names, messages, headers and JSON keys capped. */
export const ActionInput = actionSchema(true);
export type ActionType = Action["type"];

const automationFields = {
  name: z.string().min(1).max(200),
  description: z.string().max(5000).default(""),
  enabled: z.boolean().default(true),
  tags: z.array(z.string().min(1).max(256)).max(100).default([]),
  trigger: TriggerInput,
  actions: z.array(ActionInput).min(1).max(20),
  /** The resource that owns it (`steward.deployment.<id>` for a deployment's triggers). */
  owner_resource: z.string().min(1).max(MAX_RESOURCE_LABEL_KEY_LENGTH).nullable().default(null),
};

/** Body of `POST /automations/` and of `PUT /automations/{id}` (which replaces it). */
export const AutomationCreate = z.strictObject(automationFields);

/** Body of `PATCH /automations/{id}`: switches it on or off. */
export const AutomationPatch = z.strictObject({ enabled: z.boolean() });

export const Automation = z.object({
  id: Id,
  created: Timestamp,
  updated: Timestamp,
  name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  tags: z.array(z.string()),
  trigger: Trigger,
  actions: z.array(Action),
  owner_resource: z.string().nullable(),
});
export type Automation = z.infer<typeof Automation>;

/** Body of `POST /automations/filter` and `/automations/count`. */
export const AutomationQuery = z.strictObject({
  name: z
    .strictObject({ any_: filterValues(FilterName).optional(), like_: LikePattern.optional() })
    .optional(),
  enabled: z.boolean().optional(),
  owner_resource: z
    .strictObject({ any_: filterValues(z.string().max(MAX_RESOURCE_LABEL_KEY_LENGTH)) })
    .optional(),
  limit: Limit,
  offset: Offset,
  sort: z.enum(["NAME_ASC", "NAME_DESC", "CREATED_DESC", "UPDATED_DESC"]).default("NAME_ASC"),
});

/**
 * A deployment's trigger: an event trigger (the `type` may be left out) that runs the deployment
 * with `parameters` (templated from the event) when it fires.
 */
export const DeploymentTrigger = z
  .strictObject({
    type: z.literal("event").default("event"),
    name: z.string().min(1).max(200).optional(),
    description: z.string().max(5000).default(""),
    enabled: z.boolean().default(true),
    ...eventTriggerFields(true),
    parameters: JsonObjectInput.nullable().default(null),
    job_variables: JsonObjectInput.nullable().default(null),
  })
  // The automation made from it is read back with the event trigger's rules (a 500 otherwise).
  .refine(proactiveHasWindow, PROACTIVE_WINDOW_ISSUE);
export type DeploymentTrigger = z.input<typeof DeploymentTrigger>;

/** Names of the events about automations. */
export const AutomationEventNames = {
  triggered: "steward.automation.triggered",
  actionTriggered: "steward.automation.action.triggered",
  actionExecuted: "steward.automation.action.executed",
  actionFailed: "steward.automation.action.failed",
  /** Said once when an automation fires more often than its limit allows; firings are dropped until it calms. */
  throttled: "steward.automation.throttled",
} as const;
