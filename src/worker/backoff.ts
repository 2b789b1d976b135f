/** Options of {@link Backoff}. */
export interface BackoffOptions {
  /** First delay. @default 500 */
  readonly initialMs?: number;
  /** Largest delay. @default 10000 */
  readonly maxMs?: number;
  /** Growth per consecutive failure. @default 2 */
  readonly factor?: number;
  /** Random spread: a delay d becomes d × (1 − jitter … 1). @default 0.3 */
  readonly jitter?: number;
  /** Source of randomness in [0, 1) (tests pass a fixed one). @default Math.random */
  readonly random?: () => number;
}

/**
 * Exponential backoff with jitter for a loop that calls the API: each consecutive failure waits
 * longer (capped), and a success resets it. The jitter keeps many workers that lost the same
 * server from all coming back in the same millisecond.
 */
export class Backoff {
  readonly #initialMs: number;
  readonly #maxMs: number;
  readonly #factor: number;
  readonly #jitter: number;
  readonly #random: () => number;
  #failures = 0;

  constructor(options: BackoffOptions = {}) {
    this.#initialMs = options.initialMs ?? 500;
    this.#maxMs = options.maxMs ?? 10_000;
    this.#factor = options.factor ?? 2;
    this.#jitter = options.jitter ?? 0.3;
    this.#random = options.random ?? Math.random;
  }

  /** Consecutive failures so far. */
  get failures(): number {
    return this.#failures;
  }

  /** Records a failure and returns how long to wait before the next try. */
  next(): number {
    const base = Math.min(this.#maxMs, this.#initialMs * this.#factor ** this.#failures);
    this.#failures++;
    return Math.round(base * (1 - this.#jitter * this.#random()));
  }

  /** Records a success: the next failure starts from the initial delay again. */
  reset(): void {
    this.#failures = 0;
  }
}
