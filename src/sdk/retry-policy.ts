/** Retry settings shared by flows and tasks, as users write them. */
export interface RetryOptions {
  /** How many times to retry after a failure. @default 0 */
  readonly retries?: number;
  /**
   * Seconds to wait before each retry: one number, or a list indexed by retry (the last entry
   * repeats), e.g. `[1, 10, 60]`. @default 0
   */
  readonly retryDelaySeconds?: number | readonly number[];
  /**
   * Spreads each delay uniformly over `delay × (1 ± factor)`, so many runs that failed together do
   * not all retry at the same moment. @default 0 (no jitter)
   */
  readonly retryJitterFactor?: number;
}

/**
 * Seconds to wait before retry number `retry` (1 for the first retry). Same formula as the server's
 * retry rule, so tracked and untracked runs wait alike.
 *
 * @example
 * retryDelaySeconds({ retryDelaySeconds: [1, 10] }, 3); // 10
 */
export function retryDelaySeconds(
  options: RetryOptions,
  retry: number,
  random: () => number = Math.random,
): number {
  const delay = options.retryDelaySeconds;
  let base = 0;
  if (typeof delay === "number") base = delay;
  else if (delay && delay.length > 0) base = delay[Math.max(0, Math.min(retry - 1, delay.length - 1))] ?? 0;
  const factor = options.retryJitterFactor;
  if (!factor) return base;
  return Math.max(0, base * (1 + factor * (random() * 2 - 1)));
}

/** Checks retry options once, when a flow or task is defined, so mistakes surface early. */
export function validateRetryOptions(owner: string, options: RetryOptions): void {
  const { retries, retryDelaySeconds: delay, retryJitterFactor: jitter } = options;
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0)) {
    throw new TypeError(`${owner}: retries must be a whole number ≥ 0, got ${String(retries)}.`);
  }
  const delays = typeof delay === "number" ? [delay] : (delay ?? []);
  if (delays.some((d) => !(Number.isFinite(d) && d >= 0))) {
    throw new TypeError(
      `${owner}: retryDelaySeconds must be seconds ≥ 0 (a number or a list), got ${JSON.stringify(delay)}.`,
    );
  }
  if (jitter !== undefined && !(Number.isFinite(jitter) && jitter >= 0)) {
    throw new TypeError(`${owner}: retryJitterFactor must be a number ≥ 0, got ${String(jitter)}.`);
  }
}

/** Checks `timeoutSeconds` when a flow or task is defined. */
export function validateTimeout(owner: string, timeoutSeconds: number | undefined): void {
  if (timeoutSeconds !== undefined && !(Number.isFinite(timeoutSeconds) && timeoutSeconds > 0)) {
    throw new TypeError(
      `${owner}: timeoutSeconds must be a number of seconds > 0, got ${String(timeoutSeconds)}.`,
    );
  }
}
