/**
 * @module The live edge of the event table, fanned out in this process: the change streams of
 * `GET /api/events/stream` and the UI's Events page read from it. It starts at the newest event
 * (history is read with `store.events.filter`) and hands out each later event once, in the order
 * the database made them visible, whoever wrote them (this process, a trigger, another replica).
 */
import type { Event } from "../../api/index.js";
import type { EventCursor } from "../storage/events/tail.js";
import type { Store } from "../storage/store.js";

/** Options of {@link EventTail}. */
export interface EventTailOptions {
  readonly store: Pick<Store, "events">;
  /** Safety net between wake-ups, for writes no signal announced. @default 500 */
  readonly pollMs?: number;
  /** Events read per query. @default 500 */
  readonly batchSize?: number;
  /** Where a failed read is reported (the tail carries on). @default console.error */
  readonly log?: (line: string) => void;
}

/** A listener of {@link EventTail}: new events, oldest first. */
export type EventListener = (events: readonly Event[]) => void;

/** Reads new events on wake-ups (and every `pollMs`) and hands them to its subscribers. */
export class EventTail {
  readonly #options: EventTailOptions;
  readonly #listeners = new Set<EventListener>();
  #cursor: EventCursor | null = null;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #reading: Promise<void> | undefined;
  #again = false;
  #unsubscribe: (() => void) | undefined;

  constructor(options: EventTailOptions) {
    this.#options = options;
  }

  /** Starts following from the newest event stored now. Idempotent. */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    // An empty first read places the cursor at the newest event without handing anything out.
    this.#cursor = (await this.#options.store.events.tail(null, 1)).cursor;
    this.#unsubscribe = this.#options.store.events.onStored(() => this.wake());
    this.#schedule();
  }

  /** Stops following and waits for a read in flight. Idempotent. */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    await this.#reading;
  }

  /** Calls `listener` with every batch of new events until the returned function is called. */
  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Reads now: events may have been stored. Reads in flight are followed by one more. */
  wake(): void {
    if (!this.#running) return;
    if (this.#reading !== undefined) {
      this.#again = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#reading = this.#drain().finally(() => {
      this.#reading = undefined;
      if (this.#again) {
        this.#again = false;
        this.wake();
      } else this.#schedule();
    });
  }

  #schedule(): void {
    if (!this.#running) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.wake(), this.#options.pollMs ?? 500);
    this.#timer.unref();
  }

  async #drain(): Promise<void> {
    const limit = this.#options.batchSize ?? 500;
    try {
      if (this.#listeners.size === 0) {
        // Nobody listens: keep up with the newest event without reading (and parsing) each one, so
        // a server with no open stream pays next to nothing per event. A listener that arrives
        // later gets what was stored since the last wake-up, which its backfill also covers.
        this.#cursor = (await this.#options.store.events.tail(null, 1)).cursor ?? this.#cursor;
        return;
      }
      for (;;) {
        const batch = await this.#options.store.events.tail(this.#cursor, limit);
        this.#cursor = batch.cursor;
        if (batch.events.length > 0) this.#deliver(batch.events);
        if (batch.events.length < limit || !this.#running) return;
      }
    } catch (error) {
      const log = this.#options.log ?? ((line: string) => console.error(line));
      log(`event tail: reading new events failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  #deliver(events: readonly Event[]): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(events);
      } catch {
        // One failing subscriber (a closed stream) must not keep the others from their events.
      }
    }
  }
}
