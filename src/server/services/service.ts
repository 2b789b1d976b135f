/**
 * @module The lifecycle every background service shares: `start()` runs `tick()` on an interval,
 * `stop()` ends the loop and waits for a tick in flight, and tests call `tick()` directly.
 */
import { isStewardError } from "../../core/errors.js";
import { actingAs, serviceActor } from "../audit/actor.js";
import { retryableDatabaseError } from "../http/database-errors.js";

/** A background service of `steward server start` (scheduler, late runs, retention, …). */
export interface Service {
  /** Stable name, used in logs and to switch a service off. */
  readonly name: string;
  /** Starts the loop. Idempotent. */
  start(): Promise<void>;
  /** Stops the loop and waits for the tick in flight, if any. Idempotent. */
  stop(): Promise<void>;
  /** One unit of work. Tests call it directly instead of waiting for the interval. */
  tick(): Promise<void>;
}

/** How a periodic service is made. */
export interface PeriodicServiceOptions {
  readonly name: string;
  /** Pause between the end of one tick and the start of the next (ticks never overlap). */
  readonly intervalMs: number;
  readonly tick: () => Promise<void>;
  /** Where a failed tick is reported; the loop carries on. @default console.error */
  readonly log?: (line: string) => void;
  /** Run the first tick at once rather than after one interval. @default true */
  readonly runImmediately?: boolean;
}

/**
 * A service that runs `tick` every `intervalMs`. A failing tick is logged and the next one runs
 * as planned, because one bad row must not stop, say, the scheduler for good. A database that is
 * down or busy (a PostgreSQL restart) is said once, and its return once, not with a stack per tick.
 */
export class PeriodicService implements Service {
  readonly name: string;
  readonly #options: PeriodicServiceOptions;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #inFlight: Promise<void> | undefined;
  // Bumped by stop(), so a tick that finishes after a stop/start pair does not schedule a second loop.
  #generation = 0;
  // Set while ticks fail because the database is unreachable; the first success clears it.
  #databaseDown = false;

  constructor(options: PeriodicServiceOptions) {
    this.name = options.name;
    this.#options = options;
  }

  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(this.#options.runImmediately === false ? this.#options.intervalMs : 0);
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#generation++;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#inFlight;
  }

  /** One tick, its changes attributed to this service (`steward.resource.actor` on their events). */
  tick(): Promise<void> {
    return actingAs(serviceActor(this.name), this.#options.tick);
  }

  #schedule(delayMs: number): void {
    const generation = this.#generation;
    this.#timer = setTimeout(() => {
      this.#inFlight = this.#runOnce(generation);
    }, delayMs);
    // A pending tick must not keep the process alive on its own.
    this.#timer.unref();
  }

  async #runOnce(generation: number): Promise<void> {
    const log = this.#options.log ?? ((line: string) => console.error(line));
    try {
      await this.tick();
      if (this.#databaseDown) log(`service ${this.name}: the database answers again`);
      this.#databaseDown = false;
    } catch (error) {
      const unavailable = databaseUnavailable(error);
      if (unavailable !== undefined) {
        if (!this.#databaseDown) {
          log(
            `service ${this.name}: the database is unavailable (${unavailable}); retrying every ${this.#options.intervalMs} ms`,
          );
        }
        this.#databaseDown = true;
      } else {
        log(
          `service ${this.name}: tick failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      }
    } finally {
      this.#inFlight = undefined;
      if (this.#running && generation === this.#generation) this.#schedule(this.#options.intervalMs);
    }
  }
}

/** Why a tick failed when the database is down or busy (a retryable error); undefined otherwise. */
function databaseUnavailable(error: unknown): string | undefined {
  if (isStewardError(error) && error.code === "SERVICE_UNAVAILABLE") {
    return retryableDatabaseError(error.cause) ?? "busy or unreachable";
  }
  return retryableDatabaseError(error);
}
