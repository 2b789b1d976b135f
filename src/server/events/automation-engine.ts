/**
 * @module The automations engine: follows the event table with a persisted cursor, evaluates every
 * enabled automation's trigger in memory, and writes each batch's bucket changes, firings (queued
 * action jobs and their events) and the new cursor in ONE transaction that compare-and-sets the
 * engine's version. So a restart resumes exactly where the last committed batch ended — no trigger
 * is lost or fires twice — and two replicas never both process a batch (the loser reloads).
 */
import type { TailedEvents } from "../storage/events/tail.js";
import type { Automation } from "../../api/automations.js";
import type { RootFiring, StateChange, TriggerStateEntry } from "../../core/automations/index.js";
import type {
  EngineCommit,
  EngineEvent,
  NewActionJob,
  StoredTriggerEntry,
} from "../storage/automations/engine-store.js";
import type { Store } from "../storage/store.js";
import type { Service } from "../services/service.js";
import { AutomationEventNames } from "../../api/automations.js";
import { FIRING_WINDOW_MS, FiringLimit, MAX_FIRINGS_PER_WINDOW } from "./firing-limit.js";
import { automationResource, automationResourceId, firingRecords } from "./firing-records.js";
import { newId } from "../../core/ids.js";
import { type LoadedAutomation, loadAutomation } from "./loaded-automation.js";
import { WakeableLoop } from "./wakeable-loop.js";

/** Options of {@link AutomationEngine}. */
export interface AutomationEngineOptions {
  readonly store: Pick<Store, "events" | "automations" | "automationEngine">;
  /** Clock for Proactive windows and firings (epoch ms). @default Date.now */
  readonly now?: () => number;
  readonly log?: (line: string) => void;
  /** Events read and evaluated per transaction. @default 500 */
  readonly batchSize?: number;
  /** Poll between wake-ups, for writes no signal announced. @default 200 */
  readonly pollMs?: number;
  /** How often Proactive windows are checked. @default 1000 */
  readonly proactiveIntervalMs?: number;
  /**
   * Longest time evaluated events wait before their bucket changes and the cursor are written
   * (firings are written at once). Writing less often lets many events' changes of one bucket
   * share a row write. @default 1000
   */
  readonly flushMs?: number;
  /** Told after a batch queued action jobs (the executor wakes at once). */
  readonly onJobsQueued?: () => void;
  /**
   * Safety net for automation changes no signal announced (another replica's writes): the
   * enabled automations are read again this often. @default 5000
   */
  readonly reloadMs?: number;
}

interface EngineMemory {
  version: number;
  /** The cursor stored with `version`. */
  storedCursor: string | null;
  /** Where reading goes on: ahead of `storedCursor` while changes wait to be written. */
  readCursor: string | null;
  /** Events were evaluated since the last write. */
  dirty: boolean;
  /** When changes were last written (or found to be none), epoch ms of the clock. */
  flushedAt: number;
  readonly automations: Map<string, LoadedAutomation>;
  /** Automations whose stored entries must all go (disabled, deleted, replaced). */
  readonly drops: Set<string>;
}

/** The automations engine service; see the module comment. */
export class AutomationEngine implements Service {
  readonly name = "automations";
  readonly #options: AutomationEngineOptions;
  readonly #loop: WakeableLoop;
  readonly #firingLimit = new FiringLimit();
  readonly #now: () => number;
  #memory: EngineMemory | undefined;
  #automationsStale = true;
  #nextProactive = 0;
  #nextReload = 0;
  #unsubscribe: (() => void)[] = [];
  #unsubscribeAutomations: (() => void) | undefined;

  constructor(options: AutomationEngineOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#loop = new WakeableLoop({
      name: "automations engine",
      step: async () => ({ delayMs: (await this.#step(false)) ? 0 : this.#idleDelay() }),
      retryMs: 1000,
      log: options.log ?? ((line) => console.error(line)),
    });
  }

  async start(): Promise<void> {
    const { store } = this.#options;
    this.#unsubscribe = [store.events.onStored(() => this.#loop.wake())];
    this.#loop.start();
  }

  async stop(): Promise<void> {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
    this.#unsubscribeAutomations?.();
    this.#unsubscribeAutomations = undefined;
    await this.#loop.stop();
    // Writes what waits, so the next start does not evaluate those events again.
    const memory = this.#memory;
    if (memory !== undefined) await this.#commit(memory, [], []);
  }

  /** One batch: read up to `batchSize` new events, evaluate, check Proactive windows when due, write. */
  async tick(): Promise<void> {
    await this.#step(true);
  }

  /** Forces the Proactive check on the next tick (tests with a fake clock). */
  checkProactiveNow(): void {
    this.#nextProactive = 0;
  }

  /**
   * One batch; true when it was full (more events are waiting). Bucket changes are written with
   * the cursor at least every `flushMs` (and at once with any firing, drop or `flush`): until then
   * the stored cursor and buckets stay consistent with each other, so a crash replays the
   * unwritten events from the stored state and neither loses nor repeats a firing.
   */
  async #step(flush: boolean): Promise<boolean> {
    // Subscribed before the first read, so no change between the read and the subscription is missed.
    this.#unsubscribeAutomations ??= this.#options.store.automations.onChange(() => {
      this.#automationsStale = true;
      this.#loop.wake();
    });
    const memory = await this.#memoryLoaded();
    if (this.#automationsStale || this.#now() >= this.#nextReload) await this.#refreshAutomations(memory);
    const batchSize = this.#options.batchSize ?? 500;
    const batch = await this.#readBatch(memory, batchSize);
    const jobs: NewActionJob[] = [];
    const events: EngineEvent[] = [];
    const collect = (loaded: LoadedAutomation, firings: readonly RootFiring[], now: number) => {
      for (const firing of firings) {
        const admission = this.#firingLimit.admit(loaded.automation.id, now);
        if (admission !== "fire") {
          if (admission === "drop-and-say") events.push(this.#throttled(loaded, now));
          continue;
        }
        const records = firingRecords(loaded.automation, firing, now);
        jobs.push(...records.jobs);
        events.push(...records.events);
      }
    };
    for (const event of batch.events) {
      for (const loaded of memory.automations.values()) {
        // An automation never reacts to its own events: `expect: []` would otherwise fire forever.
        if (event.resource["steward.resource.id"] === automationResourceId(loaded.automation.id)) continue;
        collect(loaded, loaded.evaluator.handleEvent(event), this.#now());
      }
    }
    memory.readCursor = batch.cursor;
    const full = batch.events.length >= batchSize;
    const now = this.#now();
    // Only once caught up: a backlog's later events may still fill a window that looks empty now.
    if (!full && now >= this.#nextProactive) {
      this.#nextProactive = now + (this.#options.proactiveIntervalMs ?? 1000);
      for (const loaded of memory.automations.values())
        collect(loaded, loaded.evaluator.handleTime(now), now);
    }
    memory.dirty ||= batch.events.length > 0;
    const due = now >= memory.flushedAt + (this.#options.flushMs ?? 1000);
    if (flush || due || jobs.length > 0 || memory.drops.size > 0) await this.#commit(memory, jobs, events);
    return full;
  }

  /**
   * The next events to evaluate. With no automation enabled there is nothing to evaluate them
   * against: the cursor jumps to the newest event instead of reading each (unless an automation
   * arrived meanwhile, whose first batch must then start where the cursor is).
   */
  async #readBatch(memory: EngineMemory, batchSize: number): Promise<TailedEvents> {
    const { events } = this.#options.store;
    if (memory.automations.size > 0) return events.tail(memory.readCursor, batchSize);
    const newest = await events.tail(null, 1);
    if (this.#automationsStale || newest.cursor === null || newest.cursor === memory.readCursor) {
      return { events: [], cursor: memory.readCursor };
    }
    memory.dirty = true;
    return { events: [], cursor: newest.cursor };
  }

  async #commit(memory: EngineMemory, jobs: NewActionJob[], events: EngineEvent[]): Promise<void> {
    const upserts: StoredTriggerEntry[] = [];
    const deletes: EngineCommit["deletes"][number][] = [];
    for (const loaded of memory.automations.values()) {
      for (const change of loaded.evaluator.takeChanges()) {
        const id = { automationId: loaded.automation.id, path: change.path, key: change.key };
        if (change.entry === undefined) deletes.push(id);
        else upserts.push({ ...id, automationUpdated: loaded.updated, data: change.entry });
      }
    }
    memory.flushedAt = this.#now();
    const drops = [...memory.drops];
    const cursor = memory.readCursor;
    if (
      !memory.dirty &&
      cursor === memory.storedCursor &&
      upserts.length + deletes.length + drops.length === 0
    )
      return;
    const commit = {
      expectedVersion: memory.version,
      cursor,
      dropAutomations: drops,
      upserts,
      deletes,
      jobs,
      events,
    };
    let version: number | null = null;
    try {
      version = await this.#options.store.automationEngine.commit(commit);
    } finally {
      // Lost the race or failed: memory is ahead of the database, so start again from what it holds.
      if (version === null) this.#memory = undefined;
    }
    if (version === null) return;
    memory.version = version;
    memory.storedCursor = cursor;
    memory.dirty = false;
    memory.drops.clear();
    if (jobs.length > 0) this.#options.onJobsQueued?.();
  }

  async #memoryLoaded(): Promise<EngineMemory> {
    if (this.#memory !== undefined) return this.#memory;
    const snapshot = await this.#options.store.automationEngine.load();
    const stored = new Map<string, StoredTriggerEntry[]>();
    for (const entry of snapshot.entries) {
      const list = stored.get(entry.automationId) ?? [];
      list.push(entry);
      stored.set(entry.automationId, list);
    }
    const memory: EngineMemory = {
      version: snapshot.version,
      storedCursor: snapshot.cursor,
      readCursor: snapshot.cursor,
      dirty: false,
      flushedAt: this.#now(),
      automations: new Map(),
      drops: new Set(),
    };
    for (const automation of await this.#options.store.automations.enabled()) {
      this.#add(memory, automation, stored.get(automation.id) ?? []);
      stored.delete(automation.id);
    }
    for (const id of stored.keys()) memory.drops.add(id);
    this.#automationsStale = false;
    this.#nextReload = this.#now() + (this.#options.reloadMs ?? 5000);
    this.#memory = memory;
    return memory;
  }

  /** The once-per-episode record of an automation firing past its limit: a log line and an event. */
  #throttled(loaded: LoadedAutomation, now: number): EngineEvent {
    const { id, name } = loaded.automation;
    (this.#options.log ?? console.error)(
      `automation "${name}" (${id}) fired more than ${MAX_FIRINGS_PER_WINDOW} times in ${FIRING_WINDOW_MS / 1000} s; its firings are dropped until it calms (do its actions cause the events it reacts to?)`,
    );
    return {
      id: newId(),
      occurred: new Date(now).toISOString(),
      event: AutomationEventNames.throttled,
      resource: automationResource(loaded.automation),
      related: [],
      payload: { max_firings: MAX_FIRINGS_PER_WINDOW, window_seconds: FIRING_WINDOW_MS / 1000 },
      follows: null,
    };
  }

  async #refreshAutomations(memory: EngineMemory): Promise<void> {
    this.#automationsStale = false;
    this.#nextReload = this.#now() + (this.#options.reloadMs ?? 5000);
    const enabled = await this.#options.store.automations.enabled();
    const seen = new Set<string>();
    for (const automation of enabled) {
      seen.add(automation.id);
      const current = memory.automations.get(automation.id);
      if (current !== undefined && current.updated === Date.parse(automation.updated)) continue;
      // New or replaced: its trigger starts afresh.
      if (current !== undefined) memory.drops.add(automation.id);
      this.#add(memory, automation, []);
    }
    this.#firingLimit.retain(seen);
    for (const id of [...memory.automations.keys()]) {
      if (seen.has(id)) continue;
      memory.automations.delete(id);
      memory.drops.add(id);
    }
  }

  #add(memory: EngineMemory, automation: Automation, entries: readonly StoredTriggerEntry[]): void {
    const updated = Date.parse(automation.updated);
    // Entries written for an earlier definition (it was replaced while the engine was away) go.
    const current = entries.every((entry) => entry.automationUpdated === updated);
    if (!current) memory.drops.add(automation.id);
    const states: StateChange[] = current
      ? entries.map((entry) => ({ path: entry.path, key: entry.key, entry: entry.data as TriggerStateEntry }))
      : [];
    try {
      memory.automations.set(automation.id, loadAutomation(automation, states));
    } catch (error) {
      memory.automations.delete(automation.id);
      this.#options.log?.(
        `automations engine: automation ${automation.id} (${automation.name}) cannot be evaluated: ${(error as Error).message}`,
      );
    }
  }

  #idleDelay(): number {
    const poll = this.#options.pollMs ?? 200;
    const memory = this.#memory;
    const flushAt =
      memory?.dirty === true ? memory.flushedAt + (this.#options.flushMs ?? 1000) : Number.POSITIVE_INFINITY;
    return Math.max(1, Math.min(poll, this.#nextProactive - this.#now(), flushAt - this.#now()));
  }
}
