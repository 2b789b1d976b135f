/**
 * @module The live edge of the event table, fanned out in this process: the change streams of
 * `GET /api/events/stream` and the UI's Events page read from it. It starts at the newest event
 * (history is read with `store.events.filter`) and hands out each later event once, in the order
 * the database made them visible, whoever wrote them (this process, a trigger, another replica).
 */
import type { Event } from "../../api/index.js";
import type { EventCursor } from "../storage/events/tail.js";
import type { Store } from "../storage/store.js";
import { WakeableLoop } from "./wakeable-loop.js";

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
  readonly #loop: WakeableLoop;
  #cursor: EventCursor | null = null;
  #unsubscribe: (() => void) | undefined;

  constructor(options: EventTailOptions) {
    this.#options = options;
    const pollMs = options.pollMs ?? 500;
    this.#loop = new WakeableLoop({
      name: "event tail",
      step: async () => ({ delayMs: (await this.#read()) ? 0 : pollMs }),
      retryMs: pollMs,
      log: options.log ?? ((line: string) => console.error(line)),
    });
  }

  /** Starts following from the newest event stored now. Idempotent. */
  async start(): Promise<void> {
    if (this.#unsubscribe !== undefined) return;
    // An empty first read places the cursor at the newest event without handing anything out.
    this.#cursor = (await this.#options.store.events.tail(null, 1)).cursor;
    this.#unsubscribe = this.#options.store.events.onStored(() => this.wake());
    this.#loop.start();
  }

  /** Stops following and waits for a read in flight. Idempotent. */
  async stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    await this.#loop.stop();
  }

  /** Calls `listener` with every batch of new events until the returned function is called. */
  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Reads now: events may have been stored. Reads in flight are followed by one more. */
  wake(): void {
    this.#loop.wake();
  }

  /** One read; true when the batch was full (more events are waiting). */
  async #read(): Promise<boolean> {
    if (this.#listeners.size === 0) {
      // Nobody listens: keep up with the newest event without reading (and parsing) each one, so
      // a server with no open stream pays next to nothing per event. A listener that arrives
      // later gets what was stored since the last wake-up, which its backfill also covers.
      this.#cursor = (await this.#options.store.events.tail(null, 1)).cursor ?? this.#cursor;
      return false;
    }
    const limit = this.#options.batchSize ?? 500;
    const batch = await this.#options.store.events.tail(this.#cursor, limit);
    this.#cursor = batch.cursor;
    if (batch.events.length > 0) this.#deliver(batch.events);
    return batch.events.length >= limit;
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
