/**
 * @module A bound on how often one automation may fire: automations whose actions cause the events
 * that trigger them (two catch-all triggers pausing and resuming one deployment, say) would
 * otherwise feed each other without end and fill the database. Past the limit an automation's
 * firings are dropped, said once (a log line and a `steward.automation.throttled` event) until a
 * full window passes under the limit again.
 */

/** Most firings of one automation per window. */
export const MAX_FIRINGS_PER_WINDOW = 100;
/** The window: a minute. */
export const FIRING_WINDOW_MS = 60_000;

/** What {@link FiringLimit.admit} decides for one firing. */
export type Admission = "fire" | "drop" | "drop-and-say";

/** Counts firings per automation in a sliding window. */
export class FiringLimit {
  readonly #firings = new Map<string, number[]>();
  readonly #throttled = new Set<string>();
  readonly #max: number;
  readonly #windowMs: number;

  constructor(options: { max?: number; windowMs?: number } = {}) {
    this.#max = options.max ?? MAX_FIRINGS_PER_WINDOW;
    this.#windowMs = options.windowMs ?? FIRING_WINDOW_MS;
  }

  /** Whether automation `id` may fire at `now`; the first drop of an episode is to be said. */
  admit(id: string, now: number): Admission {
    const recent = (this.#firings.get(id) ?? []).filter((time) => time > now - this.#windowMs);
    if (recent.length < this.#max) {
      if (recent.length === 0) this.#throttled.delete(id);
      recent.push(now);
      this.#firings.set(id, recent);
      return "fire";
    }
    this.#firings.set(id, recent);
    if (this.#throttled.has(id)) return "drop";
    this.#throttled.add(id);
    return "drop-and-say";
  }

  /** Forgets automations that are gone. */
  retain(ids: ReadonlySet<string>): void {
    for (const id of this.#firings.keys()) if (!ids.has(id)) this.#firings.delete(id);
    for (const id of this.#throttled) if (!ids.has(id)) this.#throttled.delete(id);
  }
}
