/** Why a wait ended. */
export type WakeReason = "changed" | "timeout" | "aborted";

/**
 * A one-waiter alarm: `fire()` ends the current `wait()` (or the next one, if it comes first),
 * so a signal that arrives between two waits is never lost. `reset()` before each look at the
 * database; a `fired` flag still set after the look means "look again".
 */
export class Wakeup {
  #fired = false;
  #end: ((reason: WakeReason) => void) | undefined;

  /** True when a signal arrived since the last `reset()`. */
  get fired(): boolean {
    return this.#fired;
  }

  reset(): void {
    this.#fired = false;
  }

  fire(): void {
    this.#fired = true;
    this.#end?.("changed");
  }

  /** Resolves on `fire()`, after `ms`, or when `signal` aborts — whichever comes first. */
  wait(ms: number, signal?: AbortSignal): Promise<WakeReason> {
    if (signal?.aborted) return Promise.resolve("aborted");
    if (this.#fired) return Promise.resolve("changed");
    return new Promise((resolve) => {
      const end = (reason: WakeReason) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        this.#end = undefined;
        resolve(reason);
      };
      const onAbort = () => end("aborted");
      const timer = setTimeout(() => end("timeout"), Math.max(0, ms));
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#end = end;
    });
  }
}
