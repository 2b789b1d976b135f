/**
 * @module Events: what happened, to what, in relation to what. Prefect's model (reference §1.11)
 * with names under `steward.`: every state change of a flow or task run, every change of a
 * deployment, work pool, work queue and worker, and whatever clients emit themselves.
 */
import { z } from "zod";
import { Id, Timestamp } from "./common.js";
import { MAX_JSON_KEY_LENGTH, MAX_OFFSET } from "./limits.js";

/** Largest event accepted, as JSON (Prefect's limit). */
export const MAX_EVENT_BYTES = 1_500_000;
/** Most labels on one resource, and most related resources of one event (Prefect's limits). */
export const MAX_RESOURCE_LABELS = 500;
export const MAX_RELATED_RESOURCES = 100;

/** A resource label's key (`steward.resource.id`, `steward.resource.role`, …). */
const LabelKey = z.string().min(1).max(1024);
/** A resource label's value; a resource id or role is one too. */
const LabelValue = z.string().max(10_000);
/** An object key of an event's payload or a webhook's template. */
const JsonKey = z.string().max(MAX_JSON_KEY_LENGTH);

/**
 * A resource as a map of labels; `steward.resource.id` names it (`steward.flow-run.<id>`,
 * `steward.deployment.<id>`, or any id a client chooses), `steward.resource.name` is its
 * human name. Label values are strings.
 */
export const Resource = z
  .record(LabelKey, LabelValue)
  .refine(
    (labels) => typeof labels["steward.resource.id"] === "string" && labels["steward.resource.id"] !== "",
    {
      message: 'a resource needs a non-empty "steward.resource.id" label',
    },
  )
  .refine((labels) => Object.keys(labels).length <= MAX_RESOURCE_LABELS, {
    message: `a resource has at most ${MAX_RESOURCE_LABELS} labels`,
  });
export type Resource = z.infer<typeof Resource>;

/** A related resource: a resource that also says its role (`flow`, `deployment`, `tag`, …). */
export const RelatedResource = Resource.refine(
  (labels) => typeof labels["steward.resource.role"] === "string" && labels["steward.resource.role"] !== "",
  { message: 'a related resource needs a non-empty "steward.resource.role" label' },
);
export type RelatedResource = z.infer<typeof RelatedResource>;

/** An event name: dotted words, `steward.` is reserved for what Steward itself emits. */
export const EventName = z.string().min(1).max(1024);

/** An event as stored and served. `received` is when the server accepted it. */
export const Event = z.object({
  id: Id,
  occurred: Timestamp,
  event: EventName,
  resource: Resource,
  related: z.array(RelatedResource),
  payload: z.record(z.string(), z.unknown()),
  /** The event this one follows (a run's previous state), for ordering events of one resource. */
  follows: Id.nullable(),
  received: Timestamp,
});
export type Event = z.infer<typeof Event>;

/** An event as a client emits it: the server fills `id`, `occurred` (now) and `received`. */
export const EventCreate = z.strictObject({
  id: Id.optional(),
  occurred: Timestamp.optional(),
  event: EventName,
  resource: Resource,
  related: z.array(RelatedResource).max(MAX_RELATED_RESOURCES).default([]),
  payload: z.record(JsonKey, z.unknown()).default({}),
  follows: Id.nullable().optional(),
});
export type EventCreate = z.input<typeof EventCreate>;

/** Body of `POST /events`: a batch, stored together. */
export const EventBatch = z.array(EventCreate).min(1).max(5000);

/** Most names or prefixes in each list of an event filter's `event` part. */
export const MAX_NAME_FILTER_ITEMS = 1000;
/** Most ids, roles or values of one label in the other lists of an event filter. */
export const MAX_RESOURCE_FILTER_ITEMS = 100;

/** A list of resource ids, roles or label values (patterns allowed) in an event filter. */
const LabelValues = z.array(LabelValue.min(1)).max(MAX_RESOURCE_FILTER_ITEMS);

/**
 * Which events. Every part is optional and they AND together; within a list, items OR (an
 * exclusion list leaves out an event that any of its items matches). Names, resource ids and
 * label values may use `*` as a wildcard (`steward.flow-run.*`); the `event` part also takes
 * Prefect's `prefix` and `exclude_prefix`, which are matched literally.
 */
export const EventFilter = z.strictObject({
  occurred: z
    .strictObject({
      /** Inclusive; default: the retention period ago (everything stored). */
      since: Timestamp.optional(),
      /** Inclusive; default: now. */
      until: Timestamp.optional(),
    })
    .optional(),
  event: z
    .strictObject({
      /** Names or patterns to include. */
      name: z.array(EventName).max(MAX_NAME_FILTER_ITEMS).optional(),
      /** Names or patterns to leave out. */
      exclude_name: z.array(EventName).max(MAX_NAME_FILTER_ITEMS).optional(),
      /** Prefixes to include (Prefect's form): taken literally, `*`, `%` and `_` included. */
      prefix: z.array(EventName).max(MAX_NAME_FILTER_ITEMS).optional(),
      /** Prefixes to leave out, taken literally. */
      exclude_prefix: z.array(EventName).max(MAX_NAME_FILTER_ITEMS).optional(),
    })
    .optional(),
  resource: z
    .strictObject({
      /** `steward.resource.id` values or patterns. */
      id: LabelValues.optional(),
      /** Labels the resource must carry: each value, or any of the values, pattern allowed. */
      labels: z
        .record(LabelKey, z.union([LabelValue, z.array(LabelValue).max(MAX_RESOURCE_FILTER_ITEMS)]))
        .refine((labels) => Object.keys(labels).length <= MAX_RESOURCE_LABELS, {
          message: `a label filter names at most ${MAX_RESOURCE_LABELS} labels`,
        })
        .optional(),
    })
    .optional(),
  related: z
    .strictObject({
      /** The `steward.resource.id` of one of the event's related resources, pattern allowed. */
      id: LabelValues.optional(),
      /** Its role. */
      role: LabelValues.optional(),
    })
    .optional(),
  /** The id of the resource or of any related resource (the "everything about X" view). */
  any_resource: z.strictObject({ id: LabelValues }).optional(),
  /** Only these event ids. */
  id: z.array(Id).max(200).optional(),
});
export type EventFilter = z.infer<typeof EventFilter>;

/** Body of `POST /events/filter`. */
export const EventQuery = z.strictObject({
  filter: EventFilter.default({}),
  limit: z.number().int().min(1).max(200).default(50),
  /** Newest first by default. */
  order: z.enum(["DESC", "ASC"]).default("DESC"),
});

/** A page of events; `next_page` is the token for `GET /events/filter/next`, null at the end. */
export const EventPage = z.object({
  events: z.array(Event),
  /** How many events match in all. */
  total: z.number().int(),
  next_page: z.string().nullable(),
});
export type EventPage = z.infer<typeof EventPage>;

/** Query of `GET /events/filter/next`. */
export const EventPageRequest = z.strictObject({ page_token: z.string().min(1).max(4096) });

/** Body of `POST /events/count`: matching events counted per time bucket (the volume chart). */
export const EventCountRequest = z.strictObject({
  filter: EventFilter.default({}),
  /** The range counted; `since` defaults to a day before `until`, `until` to now. */
  since: Timestamp.optional(),
  until: Timestamp.optional(),
  /** Bucket width in seconds; by default the range is split into about 60 buckets. */
  bucket_seconds: z
    .number()
    .int()
    .min(1)
    .max(31 * 86_400)
    .optional(),
});

/** One bucket of {@link EventCountRequest}: events that occurred in [start, end). */
export const EventCountBucket = z.object({
  start: Timestamp,
  end: Timestamp,
  count: z.number().int(),
});
export type EventCountBucket = z.infer<typeof EventCountBucket>;

/**
 * A webhook: `POST /api/hooks/{slug}` turns a request into an event through `template`, a JSON
 * object (or JSON text) of an event whose strings may hold `{{ body.… }}`, `{{ headers.… }}`,
 * `{{ query.… }}` and `{{ method }}` placeholders; a string that is only a placeholder keeps the
 * value's JSON type. The slug is the secret: 32 random bytes, rotated on request.
 */
export const Webhook = z.object({
  id: Id,
  created: Timestamp,
  updated: Timestamp,
  name: z.string(),
  description: z.string().nullable(),
  enabled: z.boolean(),
  template: z.record(z.string(), z.unknown()),
  slug: z.string(),
  /** The path to call, `/api/hooks/{slug}`. */
  path: z.string(),
});
export type Webhook = z.infer<typeof Webhook>;

const WebhookName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w.-]+$/, "use letters, digits, '.', '_' and '-'");

/** Body of `POST /webhooks/`. */
export const WebhookCreate = z.strictObject({
  name: WebhookName,
  description: z.string().max(2000).nullable().default(null),
  enabled: z.boolean().default(true),
  /** The event template (see {@link Webhook}); must at least give `event` and `resource`. */
  template: z.union([z.record(JsonKey, z.unknown()), z.string().min(2).max(MAX_EVENT_BYTES)]),
});

/** Body of `PATCH /webhooks/{id}`. */
export const WebhookUpdate = WebhookCreate.partial();

/** Body of `POST /webhooks/filter`. */
export const WebhookQuery = z.strictObject({
  name: z.array(z.string().max(100)).max(100).optional(),
  limit: z.number().int().min(0).max(200).default(200),
  offset: z.number().int().min(0).max(MAX_OFFSET).default(0),
});
