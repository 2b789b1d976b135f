import { randomUUID } from "node:crypto";
import type { FlowRun } from "../api/flow-runs.js";
import { StewardClient } from "../client/index.js";
import type { Settings } from "../config/settings.js";
import { StewardError } from "../core/errors.js";
import { claimClient } from "../worker/claim-client.js";
import { runClaimLoop } from "../worker/claim-loop.js";
import type { Infrastructure } from "../worker/infrastructure.js";
import { JobSet } from "../worker/job-set.js";
import type { RunHostOptions, StopReport } from "../worker/run-host-options.js";
import { CapacityLimiter } from "../worker/limiter.js";
import { ProcessInfrastructure } from "../worker/types/process.js";
import { consoleWorkerLog, type WorkerLog } from "../worker/worker-log.js";

/** Default most flow runs a runner runs at once (Prefect's runner default). */
export const DEFAULT_RUNNER_LIMIT = 5;

/** Options of a {@link Runner}. Only `settings` (with an API URL) and `deploymentIds` are required. */
export interface RunnerOptions extends RunHostOptions {
  /** The deployments whose runs it claims. */
  readonly deploymentIds: readonly string[];
  /** @default `runner-<8 hex digits>` */
  readonly name?: string;
  /** Most flow runs at once. @default 5 */
  readonly limit?: number;
  /** How long `stop()` lets running flows finish. @default settings.workerShutdownGraceSeconds */
  readonly shutdownGraceMs?: number;
}

/** What {@link Runner.stop} reports. */
export type RunnerStopReport = StopReport;

/**
 * Runs the flow runs of a few deployments in child processes of this process — what `serve` runs.
 * Like a worker without a pool: it long-polls `POST /deployments/claim` for due runs of its
 * deployments (moved to PENDING atomically, within its free slots), starts each with
 * `steward flow-run execute` exactly as the process worker does (same job, same CRASHED
 * explanations, same cancellation), and stops gracefully. It sends no heartbeats of its own: the
 * flow-run processes send theirs.
 *
 * @example
 * const runner = new Runner({ settings, deploymentIds: [deployment.id], limit: 2 });
 * runner.start();
 * process.once("SIGINT", () => void runner.stop());
 * await runner.finished;
 */
export class Runner {
  readonly name: string;
  readonly limiter: CapacityLimiter;
  readonly deploymentIds: readonly string[];
  readonly #options: RunnerOptions;
  readonly #claimClient: StewardClient;
  readonly #log: WorkerLog;
  readonly #jobs: JobSet;
  readonly #stopClaiming = new AbortController();
  readonly #drainAbort = new AbortController();
  #claimLoop: Promise<void> | null = null;
  #stopping: Promise<RunnerStopReport> | null = null;
  readonly #finished: Promise<void>;
  #resolveFinished: () => void = () => {};

  constructor(options: RunnerOptions) {
    if (options.deploymentIds.length === 0) throw new RangeError("A runner needs at least one deployment.");
    this.#options = options;
    const apiUrl = requireApiUrl(options.settings);
    this.name = options.name ?? `runner-${randomUUID().slice(0, 8)}`;
    this.deploymentIds = [...options.deploymentIds];
    this.limiter = new CapacityLimiter(options.limit ?? DEFAULT_RUNNER_LIMIT);
    this.#log = options.log ?? consoleWorkerLog();
    const apiKey = options.settings.apiKey;
    const client = new StewardClient({ apiUrl, apiKey, fetch: options.fetch });
    this.#claimClient = claimClient({
      apiUrl,
      apiKey,
      waitSeconds: this.#waitSeconds,
      stop: this.#stopClaiming.signal,
      fetch: options.fetch,
    });
    this.#jobs = new JobSet({
      context: {
        client,
        apiUrl,
        apiKey,
        workerName: this.name,
        role: "runner",
        pool: () => null,
        infrastructure: options.infrastructure ?? processInfrastructure(options),
        log: this.#log,
      },
      limiter: this.limiter,
      cancelGraceMs: options.settings.workerCancelGraceSeconds * 1000,
      cancellationPollMs: options.cancellationPollMs ?? 1000,
    });
    this.#finished = new Promise((resolve) => {
      this.#resolveFinished = resolve;
    });
  }

  /** Ids of the flow runs running now. */
  get flowRunIds(): string[] {
    return this.#jobs.ids;
  }

  /** Settles once the runner has stopped. */
  get finished(): Promise<void> {
    return this.#finished;
  }

  /** Starts claiming and watching for cancellations. */
  start(): void {
    if (this.#claimLoop) throw new Error(`Runner '${this.name}' was already started.`);
    this.#jobs.start();
    this.#claimLoop = runClaimLoop<FlowRun>({
      client: this.#claimClient,
      poolName: "",
      workerName: this.name,
      source: `deployment${this.deploymentIds.length === 1 ? "" : "s"} ${this.deploymentIds.join(", ")}`,
      claim: (limit, waitSeconds) =>
        this.#claimClient.call("claimDeploymentFlowRuns", {
          body: {
            deployment_ids: [...this.deploymentIds],
            runner_name: this.name,
            limit,
            prefetch_seconds: this.#options.prefetchSeconds ?? 10,
            wait_seconds: waitSeconds,
          },
        }),
      limiter: this.limiter,
      prefetchSeconds: this.#options.prefetchSeconds ?? 10,
      waitSeconds: this.#waitSeconds,
      once: false,
      signal: this.#stopClaiming.signal,
      onClaimed: (run) => this.#jobs.submit(run),
      log: this.#log,
    });
  }

  /**
   * Stops claiming at once, lets running flow runs finish for `graceMs`, then stops the rest
   * (SIGTERM to their process groups, SIGKILL after the cancel grace) — those end CRASHED.
   * Calling it again with `graceMs: 0` cuts the wait short (a second Ctrl+C).
   */
  stop(options: { graceMs?: number } = {}): Promise<RunnerStopReport> {
    if (this.#stopping) {
      if (options.graceMs === 0) this.#drainAbort.abort();
      return this.#stopping;
    }
    const graceMs =
      options.graceMs ??
      this.#options.shutdownGraceMs ??
      this.#options.settings.workerShutdownGraceSeconds * 1000;
    this.#stopping = this.#shutDown(graceMs);
    return this.#stopping;
  }

  async #shutDown(graceMs: number): Promise<RunnerStopReport> {
    this.#stopClaiming.abort();
    await this.#claimLoop;
    const left = await this.#jobs.drain(graceMs, this.#drainAbort.signal);
    this.#resolveFinished();
    return { left };
  }

  get #waitSeconds(): number {
    return this.#options.claimWaitSeconds ?? 20;
  }
}

function requireApiUrl(settings: Settings): string {
  if (settings.apiUrl) return settings.apiUrl;
  throw new StewardError(
    "CONFIG_INVALID",
    "Serving a flow needs an API: start one with `steward server start` and set STEWARD_API_URL=http://127.0.0.1:4200/api.",
  );
}

function processInfrastructure(options: RunnerOptions): Infrastructure {
  return new ProcessInfrastructure({
    output:
      options.output ??
      ((line, stream) => (stream === "stderr" ? process.stderr : process.stdout).write(`${line}\n`)),
    baseEnv: options.env,
    workerCwd: options.cwd,
  });
}
