/**
 * @module A background loop that runs one step at a time: again at once when the step says there
 * is more to do, after a delay otherwise, and early when woken (new events, new jobs). Steps never
 * overlap; a failing step is logged and retried after the delay.
 */
import { actingAs, serviceActor } from "../audit/actor.js";

/** What one step asks for: run again after `delayMs` (0: at once). */
export type StepResult = { readonly delayMs: number };

/** Options of {@link WakeableLoop}. */
export interface WakeableLoopOptions {
  readonly name: string;
  readonly step: () => Promise<StepResult>;
  /** Delay after a failed step. */
  readonly retryMs: number;
  readonly log: (line: string) => void;
}

/** See the module comment. */
export class WakeableLoop {
  readonly #options: WakeableLoopOptions;
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #again = false;

  constructor(options: WakeableLoopOptions) {
    this.#options = options;
  }

  /** Starts stepping at once. Idempotent. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.wake();
  }

  /** Stops and waits for the step in flight. Idempotent. */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#inFlight;
  }

  /** Runs a step now, or right after the one in flight. */
  wake(): void {
    if (!this.#running) return;
    if (this.#inFlight !== undefined) {
      this.#again = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#inFlight = this.#run();
  }

  async #run(): Promise<void> {
    let delayMs = this.#options.retryMs;
    try {
      // As the service itself: a wake-up from a request's listener must not lend it that caller.
      delayMs = (await actingAs(serviceActor(this.#options.name), this.#options.step)).delayMs;
    } catch (error) {
      this.#options.log(
        `${this.#options.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    } finally {
      this.#inFlight = undefined;
    }
    if (!this.#running) return;
    if (this.#again || delayMs <= 0) {
      this.#again = false;
      // Yield to I/O between back-to-back steps so a long backlog cannot starve the server.
      this.#timer = setTimeout(() => this.wake(), 0);
    } else {
      this.#timer = setTimeout(() => this.wake(), delayMs);
    }
    this.#timer.unref();
  }
}
