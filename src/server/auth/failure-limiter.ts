/**
 * @module Slows down key guessing: counts rejected keys and failed logins per client address in a
 * sliding window and refuses that address for a while once it has failed too often. Memory stays
 * bounded: the least recently failing addresses are forgotten first.
 */

/** How the limiter counts. */
export interface FailureLimiterOptions {
  /** Failures allowed per address within `windowMs`; the next request is refused. @default 20 */
  readonly maxFailures?: number;
  /** @default 60_000 */
  readonly windowMs?: number;
  /** Addresses remembered at most. @default 10_000 */
  readonly maxAddresses?: number;
  readonly now?: () => number;
}

/** Failures per client address. */
export class FailureLimiter {
  readonly #failures = new Map<string, number[]>();
  readonly #maxFailures: number;
  readonly #windowMs: number;
  readonly #maxAddresses: number;
  readonly #now: () => number;

  constructor(options: FailureLimiterOptions = {}) {
    this.#maxFailures = options.maxFailures ?? 20;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#maxAddresses = options.maxAddresses ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** Seconds until `address` may try again, or 0 when it may now. */
  retryAfterSeconds(address: string): number {
    const recent = this.#recent(address);
    if (recent.length < this.#maxFailures) return 0;
    const oldest = recent[recent.length - this.#maxFailures] ?? this.#now();
    return Math.max(1, Math.ceil((oldest + this.#windowMs - this.#now()) / 1000));
  }

  /** Counts one failure of `address`. */
  recordFailure(address: string): void {
    const recent = this.#recent(address);
    recent.push(this.#now());
    // Re-inserting keeps the Map in order of the latest failure, so the first key is the stalest.
    this.#failures.delete(address);
    this.#failures.set(address, recent.slice(-this.#maxFailures));
    while (this.#failures.size > this.#maxAddresses) {
      const stalest = this.#failures.keys().next().value;
      if (stalest === undefined) break;
      this.#failures.delete(stalest);
    }
  }

  #recent(address: string): number[] {
    const since = this.#now() - this.#windowMs;
    return (this.#failures.get(address) ?? []).filter((time) => time > since);
  }
}
