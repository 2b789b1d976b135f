/** How a Batcher sends, paces and reports. */
export interface BatcherOptions<T> {
  /** What the items are, for warnings ("log lines", "task-run states"). */
  readonly what: string;
  /** Buffered items are sent at most this long after the first one arrives. */
  readonly intervalMs: number;
  /** Send as soon as this many items are buffered. */
  readonly flushAt: number;
  /** Most items in one request. */
  readonly maxPerRequest: number;
  /** Most items kept while the API is unreachable; the oldest are dropped beyond it. */
  readonly maxBuffered: number;
  readonly send: (items: T[]) => Promise<void>;
  /** True for errors that retrying cannot fix (a rejected body): the batch is dropped. */
  readonly isPermanent: (error: unknown) => boolean;
  readonly warn: (message: string) => void;
  /** First retry delay after a failed send; doubles up to `maxBackoffMs`. @default 250 */
  readonly initialBackoffMs?: number;
  /** @default 10000 */
  readonly maxBackoffMs?: number;
}

/**
 * Buffers items and sends them in order, in batches, one request at a time, off the caller's path.
 * A failed send is retried with exponential backoff and nothing is lost on a transient error;
 * `flush()` waits until everything buffered so far is delivered. Its timers are unref'd: a pending
 * batch never keeps the process alive on its own (runs flush explicitly when they end).
 */
export class Batcher<T> {
  readonly #options: BatcherOptions<T>;
  #buffer: T[] = [];
  #timer: NodeJS.Timeout | undefined;
  #sending: Promise<boolean> | undefined;
  #failures = 0;
  #dropped = 0;

  constructor(options: BatcherOptions<T>) {
    this.#options = options;
  }

  /** Number of items waiting to be sent. */
  get pending(): number {
    return this.#buffer.length;
  }

  /** Queues one item. Cheap: no I/O, at most one timer per batch. */
  add(item: T): void {
    const buffer = this.#buffer;
    buffer.push(item);
    if (buffer.length >= this.#options.flushAt) {
      if (!this.#sending && this.#failures === 0) this.#startSending();
    } else if (buffer.length === 1 && !this.#timer && !this.#sending) {
      this.#schedule(this.#options.intervalMs);
    }
    if (buffer.length > this.#options.maxBuffered) this.#dropOldest();
  }

  /**
   * Sends everything buffered, retrying transient failures until `timeoutMs` has passed.
   * Resolves true when the buffer is empty, false when it gave up (items stay buffered).
   */
  async flush(timeoutMs = 30_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.#sending) {
        await this.#sending;
        continue;
      }
      if (this.#buffer.length === 0) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      if (this.#failures > 0) await sleep(Math.min(this.#backoffMs(), left));
      if (!this.#sending) this.#startSending();
    }
  }

  /** Stops the timers. Buffered items are kept (call `flush()` first to deliver them). */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(ms: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (!this.#sending) this.#startSending();
    }, ms);
    this.#timer.unref();
  }

  #startSending(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const sending = this.#drain().finally(() => {
      this.#sending = undefined;
      this.#afterDrain();
    });
    this.#sending = sending;
  }

  #afterDrain(): void {
    if (this.#buffer.length === 0) return;
    if (this.#failures > 0) this.#schedule(this.#backoffMs());
    else if (this.#buffer.length >= this.#options.flushAt) this.#startSending();
    else this.#schedule(this.#options.intervalMs);
  }

  /** Sends the buffer in order; stops at the first transient failure. Never rejects. */
  async #drain(): Promise<boolean> {
    while (this.#buffer.length > 0) {
      const batch = this.#buffer.splice(0, this.#options.maxPerRequest);
      try {
        await this.#options.send(batch);
        if (this.#failures > 0) this.#options.warn(`Delivered buffered ${this.#options.what} again.`);
        this.#failures = 0;
      } catch (error) {
        if (this.#options.isPermanent(error)) {
          this.#options.warn(
            `Dropped ${batch.length} ${this.#options.what} the API refused: ${describe(error)}`,
          );
          continue;
        }
        // Put the batch back in front so order is kept, and retry later.
        this.#buffer = batch.concat(this.#buffer);
        if (this.#failures === 0) {
          this.#options.warn(
            `Could not send ${batch.length} ${this.#options.what} (${describe(error)}); keeping them and retrying with backoff.`,
          );
        }
        this.#failures++;
        return false;
      }
    }
    return true;
  }

  #backoffMs(): number {
    const initial = this.#options.initialBackoffMs ?? 250;
    const max = this.#options.maxBackoffMs ?? 10_000;
    return Math.min(max, initial * 2 ** Math.max(0, this.#failures - 1));
  }

  #dropOldest(): void {
    const excess = this.#buffer.length - this.#options.maxBuffered;
    this.#buffer.splice(0, excess);
    if (this.#dropped === 0) {
      this.#options.warn(
        `The API has been unreachable for a while: dropping the oldest ${this.#options.what} beyond ${this.#options.maxBuffered} buffered.`,
      );
    }
    this.#dropped += excess;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
