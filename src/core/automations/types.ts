/**
 * @module The shapes the automations engine evaluates. They mirror the wire schemas of
 * `api/automations.ts` and `api/events.ts` structurally, because `core` may not import `api`:
 * the server compiles an automation's trigger into a {@link CompiledTrigger} (durations already
 * in milliseconds) and hands events over as they are.
 */

/** A label map: `steward.resource.id`, `steward.resource.name`, `steward.resource.role`, … */
export type Labels = Readonly<Record<string, string>>;

/** An event as the engine reads it (the API's `Event` fits this shape). */
export interface EventLike {
  readonly id: string;
  /** ISO-8601. */
  readonly occurred: string;
  readonly event: string;
  readonly resource: Labels;
  readonly related: readonly Labels[];
  readonly payload: Readonly<Record<string, unknown>>;
  readonly follows?: string | null;
  readonly received?: string;
}

/** Labels a resource must carry: label → value or any of several values, `*` wildcards allowed. */
export type ResourceSpec = Readonly<Record<string, string | readonly string[]>>;

/** An event trigger, compiled: defaults applied, `within` in milliseconds, `path` its address. */
export interface CompiledEventTrigger {
  readonly type: "event";
  /** Where it sits in the automation's trigger tree: `t` for the root, `t.0`, `t.1.0` for children. */
  readonly path: string;
  readonly match: ResourceSpec;
  readonly matchRelated: readonly ResourceSpec[];
  readonly after: readonly string[];
  readonly expect: readonly string[];
  readonly forEach: readonly string[];
  readonly posture: "Reactive" | "Proactive";
  readonly threshold: number;
  readonly withinMs: number;
}

/** A compound (`require` any / all / N) or sequence trigger, compiled. */
export interface CompiledCompositeTrigger {
  readonly type: "compound" | "sequence";
  readonly path: string;
  readonly children: readonly CompiledTrigger[];
  /** How many distinct children must have fired (all of them for a sequence). */
  readonly required: number;
  /** Child firings older than this are forgotten; null keeps them until the trigger fires. */
  readonly withinMs: number | null;
}

export type CompiledTrigger = CompiledEventTrigger | CompiledCompositeTrigger;

/**
 * One counting window of an event trigger for one `for_each` key (Prefect's automation bucket).
 * `count` may start at -1 when the arming event is also an expected one, so that it does not
 * count itself.
 */
export interface Bucket {
  readonly kind: "bucket";
  start: number;
  end: number;
  count: number;
  /** The last event counted or that armed it: a proactive firing acts on it. */
  last: EventLike | null;
}

/** A child of a composite trigger that fired and waits for its siblings. */
export interface ChildFiring {
  readonly kind: "firing";
  readonly triggered: number;
  /** Breaks ties between firings in the same millisecond (sequence order). */
  readonly seq: number;
  readonly event: EventLike | null;
  readonly bucket: string;
  readonly leafPath: string;
}

/** What the engine keeps per trigger path and key: buckets of event triggers, child firings of composites. */
export type TriggerStateEntry = Bucket | ChildFiring;

/** The automation's trigger fired (the root of its trigger tree). */
export interface RootFiring {
  /** When it fired, epoch ms (the event's time for reactive firings, the clock for proactive ones). */
  readonly triggered: number;
  /** The event that made it fire, or the last one its bucket saw (null when none was seen). */
  readonly event: EventLike | null;
  /** The `for_each` values of the bucket that fired, joined by ", " ("" without `for_each`). */
  readonly bucket: string;
  /** The event trigger whose firing completed it (its path). */
  readonly leafPath: string;
}
