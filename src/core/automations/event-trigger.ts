/**
 * @module The state machine of one event trigger's bucket, after Prefect's `evaluate`
 * (reference/prefect.md §1.12). A bucket is a window [start, end) counting expected events for one
 * `for_each` key:
 * - Reactive triggers fire as soon as the count reaches `threshold`, then wait out the rest of the
 *   window (a new bucket starts where the old one ends; events before it are ignored). With
 *   `within: 0` there is no window: the count grows until the threshold, fires, and starts over.
 * - Proactive triggers fire when a window ends with fewer than `threshold` events; without `after`
 *   a new window follows at once, with `after` the bucket closes until the next arming event.
 */
import type { Bucket, CompiledEventTrigger, EventLike } from "./types.js";

/** How {@link evaluateBucket} reads and changes the trigger's buckets, and fires. */
export interface BucketOps {
  set(trigger: CompiledEventTrigger, key: string, bucket: Bucket): void;
  remove(trigger: CompiledEventTrigger, key: string): void;
  fire(trigger: CompiledEventTrigger, key: string, event: EventLike | null, now: number): void;
}

/** A reactive trigger without a window counts every event into one open-ended bucket. */
export function isImmediate(trigger: CompiledEventTrigger): boolean {
  return trigger.posture === "Reactive" && trigger.withinMs === 0;
}

/** True when `count` events in a finished window make the trigger fire. */
export function meetsThreshold(trigger: CompiledEventTrigger, count: number): boolean {
  return trigger.posture === "Reactive" ? count >= trigger.threshold : count < trigger.threshold;
}

/**
 * The event a bucket remembers as its last: only Proactive firings act on it (a Reactive one fires
 * on the event in hand), so Reactive buckets keep none and stay small to write.
 */
export function remembered(trigger: CompiledEventTrigger, event: EventLike | null): EventLike | null {
  return trigger.posture === "Proactive" ? event : null;
}

/** A fresh bucket. */
export function newBucket(start: number, end: number, count: number, last: EventLike | null): Bucket {
  return { kind: "bucket", start, end, count, last };
}

/**
 * Evaluates `bucket` at `now`, spending `event` (one count) in it when given. Returns the bucket
 * that is open afterwards, if any. `now` is the event's time for an event, the clock otherwise.
 */
export function evaluateBucket(
  ops: BucketOps,
  trigger: CompiledEventTrigger,
  key: string,
  bucket: Bucket,
  now: number,
  event: EventLike | null,
): Bucket | undefined {
  // An event from before the window: late, or one that a reactive trigger already fired for.
  if (now < bucket.start) return bucket;
  let count = event === null ? 0 : 1;
  if (count > 0 && (isImmediate(trigger) || now < bucket.end)) {
    bucket.count += count;
    bucket.last = remembered(trigger, event);
    ops.set(trigger, key, bucket);
    count = 0;
  }
  // Reactive fires eagerly; Proactive only once the window is over (a late event could still come).
  const ready = trigger.posture === "Reactive" || bucket.end <= now;
  if (ready && meetsThreshold(trigger, bucket.count)) {
    ops.remove(trigger, key);
    ops.fire(trigger, key, event ?? bucket.last, now);
  } else if (now < bucket.end || isImmediate(trigger)) {
    return bucket;
  }
  return nextWindow(ops, trigger, key, bucket, now, event, count);
}

/** After a firing or an expired window: close the bucket, or open the next window. */
function nextWindow(
  ops: BucketOps,
  trigger: CompiledEventTrigger,
  key: string,
  bucket: Bucket,
  now: number,
  event: EventLike | null,
  unspent: number,
): Bucket | undefined {
  if (trigger.after.length > 0 || trigger.withinMs === 0) {
    // Re-armed only by the next `after` event (or, without a window, by the next event).
    ops.remove(trigger, key);
    return undefined;
  }
  const start = Math.max(bucket.end, now);
  const next = newBucket(start, start + trigger.withinMs, 0, bucket.last);
  ops.set(trigger, key, next);
  // An event past the old window belongs to the new one, and may make a reactive trigger fire.
  if (unspent > 0 && trigger.posture === "Reactive")
    return evaluateBucket(ops, trigger, key, next, now, event);
  if (unspent > 0) {
    next.count = unspent;
    next.last = remembered(trigger, event);
  }
  return next;
}
