import type { Deployment } from "../api/deployments.js";
import type { FlowRun } from "../api/flow-runs.js";
import { CancellationPoller } from "./cancellation-poller.js";
import { FlowRunJob, type JobContext } from "./flow-run-job.js";
import type { CapacityLimiter } from "./limiter.js";
import { waitUntil } from "./waiting.js";

/** Options of {@link JobSet}. */
export interface JobSetOptions {
  /** What each job needs (client, API, infrastructure, log…). */
  readonly context: JobContext;
  /** The claim loop's slots: each submitted run holds one until its process is gone. */
  readonly limiter: CapacityLimiter;
  /** SIGTERM → SIGKILL grace when a run is cancelled or stopped by a shutdown. */
  readonly cancelGraceMs: number;
  /** How often runs being cancelled are looked for. */
  readonly cancellationPollMs: number;
  /** Told when a run is handed to its infrastructure, and when its process is gone (events). */
  readonly onSubmitted?: (run: FlowRun) => void;
  readonly onExecuted?: (run: FlowRun) => void;
}

/** A run that was still running when its worker or runner stopped. */
export interface LeftRun {
  readonly id: string;
  readonly name: string;
}

/**
 * The flow runs a worker (or a serve runner) is running: starts each claimed run as a
 * {@link FlowRunJob}, cancels those found CANCELLING, and on shutdown lets them finish within a
 * grace before stopping the rest. Shared so both run flows in exactly the same way.
 */
export class JobSet {
  readonly #options: JobSetOptions;
  readonly #jobs = new Map<string, { job: FlowRunJob; done: Promise<void> }>();
  readonly #poller: CancellationPoller;

  constructor(options: JobSetOptions) {
    this.#options = options;
    this.#poller = new CancellationPoller({
      client: options.context.client,
      intervalMs: options.cancellationPollMs,
      flowRunIds: () => this.ids,
      onCancelling: (id) => void this.#jobs.get(id)?.job.cancel(options.cancelGraceMs),
    });
  }

  /** Ids of the runs running now. */
  get ids(): string[] {
    return [...this.#jobs.keys()];
  }

  /** Starts watching for cancellations. */
  start(): void {
    this.#poller.start();
  }

  /**
   * Starts a claimed run; the caller holds one limiter slot for it, released when its process is
   * gone (or at once for a run already running here). `from` adds where it came from to the log;
   * `deployment` is the run's deployment when the claim brought it (read by the job otherwise).
   */
  submit(run: FlowRun, from = "", deployment?: Deployment | null): void {
    const { context, limiter } = this.#options;
    if (this.#jobs.has(run.id)) {
      limiter.release();
      return;
    }
    const job = new FlowRunJob(context, run, deployment);
    context.log.info(`Claimed flow run ${job.label}${from}.`);
    this.#options.onSubmitted?.(run);
    const done = job.run().finally(() => {
      this.#jobs.delete(run.id);
      limiter.release();
      this.#options.onExecuted?.(run);
    });
    this.#jobs.set(run.id, { job, done });
  }

  /** Settles when every run running now has ended. */
  async allDone(): Promise<void> {
    await Promise.all([...this.#jobs.values()].map((entry) => entry.done));
  }

  /**
   * Waits up to `graceMs` (cut short by `abort`) for the running runs to finish, then stops the
   * rest (SIGTERM, SIGKILL after the cancel grace; they end CRASHED) and stops watching for
   * cancellations. Returns the runs it had to stop.
   */
  async drain(graceMs: number, abort: AbortSignal): Promise<LeftRun[]> {
    const { log } = this.#options.context;
    const running = [...this.#jobs.values()];
    if (running.length > 0 && graceMs > 0 && !abort.aborted) {
      log.info(
        `Stopping: no new runs are claimed; waiting up to ${graceMs / 1000} s for ${running.length} running flow run(s) to finish.`,
      );
      await waitUntil(Promise.all(running.map((entry) => entry.done)), graceMs, abort);
    }
    const left = [...this.#jobs.values()];
    if (left.length > 0) {
      const ids = left.map((entry) => entry.job.flowRun.id);
      log.warn(
        `left ${left.length} run${left.length === 1 ? "" : "s"}: ${ids.join(", ")} — they will be marked CRASHED`,
      );
      const reason =
        graceMs > 0
          ? `they were still running after the ${graceMs / 1000} s shutdown grace`
          : "stopped at once";
      await Promise.all(left.map((entry) => entry.job.shutdown(this.#options.cancelGraceMs, reason)));
      await Promise.all(left.map((entry) => entry.done));
    }
    this.#poller.stop();
    return left.map(({ job }) => ({ id: job.flowRun.id, name: job.flowRun.name }));
  }
}
