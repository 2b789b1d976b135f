/**
 * @module "Something changed": the signal behind the UI's live refresh. Writes through the API,
 * claim polls, runs created elsewhere and background services call `notify()`; open change streams
 * (`GET /api/changes/stream`) subscribe and tell browsers to refetch what they show.
 */

/** How a {@link ChangeFeed} paces its deliveries. */
export interface ChangeFeedOptions {
  /** Least time between two deliveries, in ms. @default DEFAULT_QUIET_MS */
  readonly quietMs?: number;
  /** Clock (epoch ms) stamped on each delivery. @default Date.now */
  readonly now?: () => number;
}

/** Least time between two deliveries by default: a busy server still sends ≤ 4 changes a second. */
export const DEFAULT_QUIET_MS = 250;

/** Called with the delivery time (epoch ms). */
export type ChangeListener = (at: number) => void;

/**
 * A coalescing change signal. The first `notify()` after a quiet spell is delivered at once; any
 * made during the following `quietMs` are merged into one delivery at its end, so a burst of writes
 * costs subscribers one refetch, and the last change of a burst is never lost.
 */
export class ChangeFeed {
  readonly #listeners = new Set<ChangeListener>();
  readonly #quietMs: number;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #pending = false;
  #closed = false;

  constructor(options: ChangeFeedOptions = {}) {
    this.#quietMs = options.quietMs ?? DEFAULT_QUIET_MS;
    this.#now = options.now ?? Date.now;
  }

  /** Says that something changed. Cheap; safe to call from any write path, any number of times. */
  notify(): void {
    if (this.#closed) return;
    if (this.#timer !== undefined) {
      this.#pending = true;
      return;
    }
    this.#deliver();
  }

  /** Calls `listener` on every delivery until the returned function is called. */
  subscribe(listener: ChangeListener): () => void {
    // A wrapper per subscription, so one listener subscribed twice is also removed twice.
    const entry: ChangeListener = (at) => listener(at);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  /** How many listeners are subscribed (for tests and diagnostics). */
  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** Drops a pending delivery and ignores later notifications. Idempotent. */
  close(): void {
    this.#closed = true;
    this.#pending = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #deliver(): void {
    const at = this.#now();
    for (const listener of [...this.#listeners]) {
      try {
        listener(at);
      } catch {
        // A subscriber's bug is its own; the others still hear about the change.
      }
    }
    this.#timer = setTimeout(() => this.#quietEnded(), this.#quietMs);
    // A pending delivery must not keep the process alive on its own.
    this.#timer.unref();
  }

  #quietEnded(): void {
    this.#timer = undefined;
    if (!this.#pending) return;
    this.#pending = false;
    this.#deliver();
  }
}
