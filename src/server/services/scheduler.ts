import { actingAs, serviceActor } from "../audit/actor.js";
import type { TopUpResult } from "../storage/scheduler/index.js";
import type { Store } from "../storage/store.js";
import { ScheduleCapReporter } from "./schedule-cap-reporter.js";
import { PeriodicService, type Service } from "./service.js";

/** How the scheduler service is made. */
export interface SchedulerServiceOptions {
  readonly store: Store;
  /** Pause between full top-ups (the safety net). @default 10 000 */
  readonly intervalMs?: number;
  /** How long the fast path gathers changed deployments before topping them up. @default 50 */
  readonly debounceMs?: number;
  /** Clock (epoch ms). @default Date.now */
  readonly now?: () => number;
  /** Where loop times and failures are reported. */
  readonly log?: (line: string) => void;
  /** Called after a top-up that created runs (the UI's change feed). */
  readonly onChange?: () => void;
}

/**
 * The scheduler: a full top-up of every schedulable deployment every `intervalMs`, and a fast
 * path that tops up a deployment ~50 ms after it was created, edited or resumed in this process
 * (so its first runs exist within a second, not at the next loop). Top-ups never overlap inside
 * one process; across replicas they are harmless (idempotent inserts).
 */
export class SchedulerService implements Service {
  readonly name = "scheduler";
  readonly #options: SchedulerServiceOptions;
  readonly #loop: PeriodicService;
  readonly #pending = new Set<string>();
  #debounce: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  /** The top-up in flight (full or fast); the next one waits for it. */
  #chain: Promise<unknown> = Promise.resolve();
  /** Which deployments are at the cap on waiting runs, so each is reported once. */
  readonly #caps: ScheduleCapReporter;

  constructor(options: SchedulerServiceOptions) {
    this.#options = options;
    this.#caps = new ScheduleCapReporter(options.store, (line) => this.#options.log?.(line));
    this.#loop = new PeriodicService({
      name: this.name,
      intervalMs: options.intervalMs ?? 10_000,
      log: options.log,
      tick: () => this.tick(),
    });
  }

  async start(): Promise<void> {
    this.#unsubscribe ??= this.#options.store.scheduler.onDeploymentChanged((id) => this.#changed(id));
    await this.#loop.start();
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    clearTimeout(this.#debounce);
    this.#debounce = undefined;
    this.#pending.clear();
    await this.#loop.stop();
    await this.#chain.catch(() => {});
  }

  /** One full top-up; logs its loop time when it created runs or took long. */
  async tick(): Promise<void> {
    const result = await this.#serialised(() => this.#options.store.scheduler.topUp({ now: this.#now() }));
    await this.#caps.record(result, undefined);
    if (result.inserted > 0) this.#options.onChange?.();
    if (result.inserted > 0 || result.elapsedMs > 1000) this.#log("loop", result);
  }

  /** Tops up the deployments changed since the last call (the fast path); tests may call it. */
  async flushChanged(): Promise<void> {
    clearTimeout(this.#debounce);
    this.#debounce = undefined;
    const ids = [...this.#pending];
    this.#pending.clear();
    if (ids.length === 0) return;
    const result = await this.#serialised(() =>
      this.#options.store.scheduler.topUp({ now: this.#now(), deploymentIds: ids }),
    );
    await this.#caps.record(result, ids);
    if (result.inserted > 0) {
      this.#options.onChange?.();
      this.#log("changed deployments", result);
    }
  }

  #changed(id: string): void {
    this.#pending.add(id);
    if (this.#debounce !== undefined) return;
    this.#debounce = setTimeout(() => {
      this.#debounce = undefined;
      this.flushChanged().catch((error: unknown) =>
        this.#options.log?.(
          `service scheduler: top-up of changed deployments failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }, this.#options.debounceMs ?? 50);
    this.#debounce.unref();
  }

  /**
   * Runs `work` after the top-up in flight, as the scheduler: a top-up that a deployment change
   * started would otherwise run in the context of the request that made the change.
   */
  #serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#chain.catch(() => {}).then(() => actingAs(serviceActor(this.name), work));
    this.#chain = next;
    return next;
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  #log(what: string, result: TopUpResult): void {
    this.#options.log?.(
      `scheduler: ${what}: ${result.inserted} run${result.inserted === 1 ? "" : "s"} created for ${result.schedules} schedule${result.schedules === 1 ? "" : "s"} of ${result.deployments} deployment${result.deployments === 1 ? "" : "s"} in ${Math.round(result.elapsedMs)} ms`,
    );
  }
}

/** The scheduler service (see {@link SchedulerService}). */
export function schedulerService(options: SchedulerServiceOptions): SchedulerService {
  return new SchedulerService(options);
}
