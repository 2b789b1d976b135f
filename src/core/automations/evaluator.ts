/**
 * @module One automation's trigger tree, evaluated in memory: events and clock ticks go in, root
 * firings come out, and every bucket or child firing that changed is remembered so the engine
 * writes only those. Pure: the engine owns time, ids and persistence.
 */
import { bucketKey, displayBucketKey } from "./bucket-key.js";
import { evaluateBucket, newBucket, remembered, type BucketOps } from "./event-trigger.js";
import { covers, expects, startsAfter } from "./resources.js";
import type {
  Bucket,
  ChildFiring,
  CompiledCompositeTrigger,
  CompiledEventTrigger,
  CompiledTrigger,
  EventLike,
  RootFiring,
  TriggerStateEntry,
} from "./types.js";

/** One stored entry: the trigger path, the key within it and the entry (undefined: deleted). */
export interface StateChange {
  readonly path: string;
  readonly key: string;
  readonly entry: TriggerStateEntry | undefined;
}

const SEP = "\u0000";

/** Evaluates one automation's trigger; see the module comment. */
export class TriggerEvaluator {
  readonly #leaves: CompiledEventTrigger[] = [];
  readonly #parents = new Map<string, CompiledCompositeTrigger>();
  readonly #state = new Map<string, Map<string, TriggerStateEntry>>();
  readonly #changed = new Set<string>();
  #firings: RootFiring[] = [];
  #seq = 0;
  readonly #ops: BucketOps = {
    set: (trigger, key, bucket) => this.#put(trigger.path, key, bucket),
    remove: (trigger, key) => this.#put(trigger.path, key, undefined),
    fire: (trigger, key, event, now) =>
      this.#fire(trigger.path, {
        triggered: now,
        event,
        bucket: displayBucketKey(key),
        leafPath: trigger.path,
      }),
  };

  /** `entries`: the state stored for this automation (from an earlier run of the engine). */
  constructor(root: CompiledTrigger, entries: Iterable<StateChange> = []) {
    this.#index(root);
    for (const { path, key, entry } of entries) {
      if (entry === undefined) continue;
      this.#map(path).set(key, entry);
      if (entry.kind === "firing") this.#seq = Math.max(this.#seq, entry.seq);
    }
  }

  /** Counts the event into the buckets it concerns; returns the firings it caused. */
  handleEvent(event: EventLike): RootFiring[] {
    const now = Date.parse(event.occurred);
    for (const trigger of this.#leaves) {
      if (covers(trigger, event)) this.#handleLeaf(trigger, event, now);
    }
    return this.#takeFirings();
  }

  /**
   * Closes the windows that ended by `now`: Proactive triggers fire for too few events, Reactive
   * buckets that can no longer fire are dropped. Also opens the first window of a Proactive trigger
   * without `after` or `for_each` (it watches from the moment the automation is evaluated).
   */
  handleTime(now: number): RootFiring[] {
    for (const trigger of this.#leaves) {
      const buckets = this.#map(trigger.path);
      if (trigger.posture === "Proactive" && trigger.after.length === 0 && trigger.forEach.length === 0) {
        if (!buckets.has("")) this.#put(trigger.path, "", newBucket(now, now + trigger.withinMs, 0, null));
      }
      for (const [key, entry] of [...buckets]) {
        if (entry.kind !== "bucket") continue;
        this.#expire(trigger, key, entry, now);
      }
    }
    return this.#takeFirings();
  }

  /** The earliest end of a Proactive window (when {@link handleTime} next has work), if any. */
  nextDeadline(): number | undefined {
    let next: number | undefined;
    for (const trigger of this.#leaves) {
      if (trigger.posture !== "Proactive") continue;
      for (const entry of this.#map(trigger.path).values()) {
        if (entry.kind === "bucket" && (next === undefined || entry.end < next)) next = entry.end;
      }
    }
    return next;
  }

  /** The entries changed since the last call (deleted ones with `entry: undefined`). */
  takeChanges(): StateChange[] {
    const changes: StateChange[] = [];
    for (const id of this.#changed) {
      const [path = "", key = ""] = id.split(SEP);
      changes.push({ path, key, entry: this.#state.get(path)?.get(key) });
    }
    this.#changed.clear();
    return changes;
  }

  /** Every entry held now (for tests and inspection). */
  entries(): StateChange[] {
    return [...this.#state].flatMap(([path, entries]) =>
      [...entries].map(([key, entry]) => ({ path, key, entry })),
    );
  }

  #handleLeaf(trigger: CompiledEventTrigger, event: EventLike, now: number): void {
    const { key } = bucketKey(trigger.forEach, event);
    const buckets = this.#map(trigger.path);
    const counted = expects(trigger, event.event);
    let bucket = buckets.get(key) as Bucket | undefined;
    if (trigger.after.length > 0 && startsAfter(trigger, event.event) && bucket === undefined) {
      // An event both arming and expected must not count itself (Prefect starts such buckets at -1).
      bucket = newBucket(now, now + trigger.withinMs, counted ? -1 : 0, remembered(trigger, event));
      this.#put(trigger.path, key, bucket);
    }
    if (bucket === undefined && trigger.after.length === 0 && counted) {
      bucket = newBucket(now, now + trigger.withinMs, 0, remembered(trigger, event));
      this.#put(trigger.path, key, bucket);
    }
    if (!counted || bucket === undefined) return;
    evaluateBucket(this.#ops, trigger, key, bucket, now, event);
  }

  #expire(trigger: CompiledEventTrigger, key: string, bucket: Bucket, now: number): void {
    if (trigger.posture === "Reactive") {
      // A reactive window that ended below its threshold can no longer fire; the next event starts over.
      if (trigger.withinMs > 0 && bucket.end <= now) this.#put(trigger.path, key, undefined);
      return;
    }
    if (trigger.after.length > 0 && bucket.count >= trigger.threshold) {
      // Enough arrived: this armed window cannot fire, so it closes until the next `after` event.
      this.#put(trigger.path, key, undefined);
      return;
    }
    if (bucket.end <= now) evaluateBucket(this.#ops, trigger, key, bucket, now, null);
  }

  #fire(path: string, firing: RootFiring): void {
    const parent = this.#parents.get(path);
    if (parent === undefined) {
      this.#firings.push(firing);
      return;
    }
    const childIndex = path.slice(parent.path.length + 1);
    if (parent.required <= 1) {
      this.#fire(parent.path, firing);
      return;
    }
    const firings = this.#map(parent.path);
    if (parent.withinMs !== null) {
      for (const [child, entry] of [...firings]) {
        if (entry.kind === "firing" && entry.triggered < firing.triggered - parent.withinMs)
          this.#put(parent.path, child, undefined);
      }
    }
    this.#seq += 1;
    const child: ChildFiring = { kind: "firing", seq: this.#seq, ...firing };
    this.#put(parent.path, childIndex, child);
    if (!compositeReady(parent, firings)) return;
    for (const key of [...firings.keys()]) this.#put(parent.path, key, undefined);
    this.#fire(parent.path, firing);
  }

  #takeFirings(): RootFiring[] {
    const firings = this.#firings;
    this.#firings = [];
    return firings;
  }

  #index(trigger: CompiledTrigger): void {
    if (trigger.type === "event") {
      this.#leaves.push(trigger);
      return;
    }
    for (const child of trigger.children) {
      this.#parents.set(child.path, trigger);
      this.#index(child);
    }
  }

  #map(path: string): Map<string, TriggerStateEntry> {
    let entries = this.#state.get(path);
    if (entries === undefined) {
      entries = new Map();
      this.#state.set(path, entries);
    }
    return entries;
  }

  #put(path: string, key: string, entry: TriggerStateEntry | undefined): void {
    if (entry === undefined) this.#map(path).delete(key);
    else this.#map(path).set(key, entry);
    this.#changed.add(`${path}${SEP}${key}`);
  }
}

/**
 * A compound trigger is ready when enough distinct children fired; a sequence when all did, in the
 * order they are listed.
 */
function compositeReady(trigger: CompiledCompositeTrigger, firings: Map<string, TriggerStateEntry>): boolean {
  const fired = [...firings.values()].filter((entry): entry is ChildFiring => entry.kind === "firing");
  if (fired.length < trigger.required) return false;
  if (trigger.type === "compound") return true;
  const ordered = trigger.children.map((child) => firings.get(child.path.slice(trigger.path.length + 1)));
  let previous: ChildFiring | undefined;
  for (const entry of ordered) {
    if (entry === undefined || entry.kind !== "firing") return false;
    if (previous !== undefined && compareFirings(previous, entry) > 0) return false;
    previous = entry;
  }
  return true;
}

function compareFirings(a: ChildFiring, b: ChildFiring): number {
  return a.triggered - b.triggered || a.seq - b.seq;
}
