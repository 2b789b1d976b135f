/**
 * The worker's local capacity (`--limit`): one slot per flow run, held from the claim until its
 * process exits. Only the claim loop acquires; any finished run releases. `limit` Infinity means
 * no local limit (the pool, queue and deployment limits still apply on the server).
 */
export class CapacityLimiter {
  readonly limit: number;
  #used = 0;
  #waiters: Array<() => void> = [];

  constructor(limit: number = Number.POSITIVE_INFINITY) {
    if (!(limit >= 1)) throw new RangeError(`A worker limit must be at least 1, got ${limit}.`);
    this.limit = limit;
  }

  /** Slots free right now. */
  get free(): number {
    return this.limit - this.#used;
  }

  /** Slots in use right now. */
  get used(): number {
    return this.#used;
  }

  /** Takes a slot if one is free; returns false (and takes nothing) otherwise. */
  tryAcquire(): boolean {
    if (this.#used >= this.limit) return false;
    this.#used++;
    return true;
  }

  /** Gives a slot back and wakes whoever waits for one. */
  release(): void {
    if (this.#used === 0) throw new Error("CapacityLimiter.release() called with no slot held.");
    this.#used--;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves once at least one slot is free (at once if one is), or when `signal` aborts. */
  async waitForFree(signal?: AbortSignal): Promise<void> {
    while (this.free <= 0 && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          signal?.removeEventListener("abort", done);
          resolve();
        };
        this.#waiters.push(done);
        signal?.addEventListener("abort", done, { once: true });
      });
    }
  }
}
