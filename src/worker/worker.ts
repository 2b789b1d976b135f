import { randomUUID } from "node:crypto";
import type { ClaimedFlowRun } from "../api/claims.js";
import type { WorkPool } from "../api/work-pools.js";
import { StewardClient } from "../client/index.js";
import type { Settings } from "../config/settings.js";
import { StewardError } from "../core/errors.js";
import { claimClient } from "./claim-client.js";
import { runClaimLoop } from "./claim-loop.js";
import { HeartbeatLoop } from "./heartbeat-loop.js";
import type { Infrastructure } from "./infrastructure.js";
import { JobSet } from "./job-set.js";
import type { RunHostOptions, StopReport } from "./run-host-options.js";
import { CapacityLimiter } from "./limiter.js";
import { setUpPool } from "./pool-setup.js";
import { ProcessInfrastructure } from "./types/process.js";
import { WorkerEvents } from "./worker-events.js";
import { consoleWorkerLog, type WorkerLog } from "./worker-log.js";

/** Options of a {@link Worker}. Only `settings` (with an API URL) and `pool` are required. */
export interface WorkerOptions extends RunHostOptions {
  /** The work pool to poll; created (with `type`) when missing. */
  readonly pool: string;
  /** @default `ProcessWorker <8 hex digits>` */
  readonly name?: string;
  /** Only claim from these queues. @default every queue of the pool */
  readonly workQueues?: readonly string[];
  /** Most flow runs this worker runs at once. @default no limit */
  readonly limit?: number;
  /**
   * Warm flow-run processes to keep ready (process infrastructure only). @default the setting
   * `STEWARD_WORKER_WARM_PROCESSES` (2)
   */
  readonly warmProcesses?: number;
  /** @default "process" */
  readonly type?: string;
  /** Claim once, run what was claimed, and finish. @default false */
  readonly runOnce?: boolean;
}

/** What {@link Worker.stop} reports. */
export type WorkerStopReport = StopReport;

/** Infrastructure types this worker can run, by pool type. */
const SUPPORTED_TYPES = ["process"] as const;

function supportedType(type: string): string {
  if ((SUPPORTED_TYPES as readonly string[]).includes(type)) return type;
  throw new StewardError(
    "UNKNOWN_WORKER_TYPE",
    `Unknown worker type '${type}'. Steward workers run these types: ${SUPPORTED_TYPES.join(", ")}.`,
  );
}

function requireApiUrl(settings: Settings): string {
  if (settings.apiUrl) return settings.apiUrl;
  throw new StewardError(
    "CONFIG_INVALID",
    "A worker needs an API: set STEWARD_API_URL (e.g. http://127.0.0.1:4200/api) or `steward config set STEWARD_API_URL=…`.",
  );
}

/**
 * A polling worker: keeps its pool READY with heartbeats, claims due flow runs (long poll, within
 * its `limit`), starts each in its own process, watches for cancellations, and marks runs whose
 * process dies without a final state CRASHED.
 *
 * @example
 * const worker = new Worker({ settings, pool: "tutorial-process-pool", limit: 4 });
 * await worker.start();               // pool read or created, first heartbeat sent
 * process.once("SIGINT", () => void worker.stop());
 * await worker.finished;              // after stop() (or, with runOnce, when its runs finish)
 */
export class Worker {
  readonly name: string;
  readonly poolName: string;
  readonly type: string;
  readonly workQueues: readonly string[];
  readonly limiter: CapacityLimiter;
  readonly #options: WorkerOptions;
  readonly #apiUrl: string;
  readonly #client: StewardClient;
  readonly #claimClient: StewardClient;
  readonly #log: WorkerLog;
  readonly #infrastructure: Infrastructure;
  readonly #jobs: JobSet;
  readonly #stopClaiming = new AbortController();
  readonly #drainAbort = new AbortController();
  readonly #heartbeat: HeartbeatLoop;
  readonly #events: WorkerEvents;
  #pool: WorkPool | null = null;
  #claimLoop: Promise<void> | null = null;
  #stopping: Promise<WorkerStopReport> | null = null;
  readonly #finished: Promise<void>;
  #resolveFinished: () => void = () => {};

  constructor(options: WorkerOptions) {
    this.#options = options;
    this.type = supportedType(options.type ?? "process");
    this.#apiUrl = requireApiUrl(options.settings);
    this.name = options.name ?? `ProcessWorker ${randomUUID().slice(0, 8)}`;
    this.poolName = options.pool;
    this.workQueues = options.workQueues ?? [];
    this.limiter = new CapacityLimiter(options.limit);
    this.#log = options.log ?? consoleWorkerLog();
    const apiKey = options.settings.apiKey;
    this.#client = new StewardClient({ apiUrl: this.#apiUrl, apiKey, fetch: options.fetch });
    this.#claimClient = claimClient({
      apiUrl: this.#apiUrl,
      apiKey,
      waitSeconds: options.claimWaitSeconds ?? 20,
      stop: this.#stopClaiming.signal,
      fetch: options.fetch,
    });
    this.#infrastructure = options.infrastructure ?? this.#processInfrastructure(options);
    this.#heartbeat = new HeartbeatLoop({
      client: this.#client,
      poolName: this.poolName,
      workerName: this.name,
      intervalSeconds: options.settings.workerHeartbeatSeconds,
      onPool: (pool) => this.#onPool(pool),
      log: this.#log,
    });
    this.#events = new WorkerEvents({
      client: this.#client,
      workerName: this.name,
      poolName: this.poolName,
      pool: () => this.#pool,
      log: this.#log,
    });
    this.#jobs = new JobSet({
      context: {
        client: this.#client,
        apiUrl: this.#apiUrl,
        apiKey: options.settings.apiKey,
        workerName: this.name,
        pool: () => this.#pool as WorkPool,
        infrastructure: this.#infrastructure,
        log: this.#log,
      },
      limiter: this.limiter,
      cancelGraceMs: this.#cancelGraceMs,
      cancellationPollMs: options.cancellationPollMs ?? 1000,
      onSubmitted: (run) => this.#events.submitted(run),
      onExecuted: (run) => this.#events.executed(run),
    });
    this.#finished = new Promise((resolve) => {
      this.#resolveFinished = resolve;
    });
  }

  /** The pool as last read (null before `start`). */
  get pool(): WorkPool | null {
    return this.#pool;
  }

  /** Ids of the flow runs this worker is running now. */
  get flowRunIds(): string[] {
    return this.#jobs.ids;
  }

  /** Settles once the worker has stopped: after `stop()`, or with `runOnce` when its runs end. */
  get finished(): Promise<void> {
    return this.#finished;
  }

  /**
   * Reads (or creates) the pool, sends the first heartbeat, and starts claiming. Resolves with the
   * pool once the worker is polling.
   * @throws StewardError when the pool is of another type; ApiError when the API refuses.
   */
  async start(): Promise<WorkPool> {
    if (this.#claimLoop) throw new Error(`Worker '${this.name}' was already started.`);
    this.#pool = await setUpPool({
      client: this.#client,
      poolName: this.poolName,
      type: this.type,
      workQueues: this.workQueues,
      log: this.#log,
    });
    await this.#heartbeat.start();
    this.#events.started();
    this.#jobs.start();
    this.#claimLoop = this.#claim();
    return this.#pool;
  }

  /**
   * Stops claiming at once, lets running flow runs finish for `graceMs`, then stops the rest
   * (SIGTERM to their process groups, SIGKILL after the cancel grace) — those end CRASHED.
   * Calling it again while stopping with `graceMs: 0` cuts the wait short (a second Ctrl+C).
   */
  stop(options: { graceMs?: number } = {}): Promise<WorkerStopReport> {
    if (this.#stopping) {
      if (options.graceMs === 0) this.#drainAbort.abort();
      return this.#stopping;
    }
    const graceMs = options.graceMs ?? this.#options.settings.workerShutdownGraceSeconds * 1000;
    this.#stopping = this.#shutDown(graceMs);
    return this.#stopping;
  }

  async #claim(): Promise<void> {
    await runClaimLoop({
      client: this.#claimClient,
      poolName: this.poolName,
      workerName: this.name,
      workQueues: this.workQueues,
      limiter: this.limiter,
      prefetchSeconds: this.#options.prefetchSeconds ?? 10,
      waitSeconds: this.#options.claimWaitSeconds ?? 20,
      once: this.#options.runOnce ?? false,
      signal: this.#stopClaiming.signal,
      onClaimed: (claimed) => this.#submit(claimed),
      log: this.#log,
    });
    if (this.#options.runOnce && !this.#stopping) {
      await this.#jobs.allDone();
      if (!this.#stopping) void this.stop({ graceMs: 0 });
    }
  }

  #submit(claimed: ClaimedFlowRun): void {
    const queue = claimed.flow_run.work_queue_name;
    this.#jobs.submit(claimed.flow_run, queue ? ` from queue '${queue}'` : "", claimed.deployment);
  }

  async #shutDown(graceMs: number): Promise<WorkerStopReport> {
    this.#stopClaiming.abort();
    await this.#claimLoop;
    const left = await this.#jobs.drain(graceMs, this.#drainAbort.signal);
    await this.#infrastructure.close?.();
    this.#events.stopped(left);
    await this.#events.settled();
    await this.#heartbeat.stop();
    this.#resolveFinished();
    return { left };
  }

  #onPool(pool: WorkPool): void {
    if (this.#pool && pool.is_paused && !this.#pool.is_paused) {
      this.#log.warn(`Work pool '${pool.name}' was paused: no runs are claimed until it is resumed.`);
    }
    this.#pool = pool;
  }

  get #cancelGraceMs(): number {
    return this.#options.settings.workerCancelGraceSeconds * 1000;
  }

  #processInfrastructure(options: WorkerOptions): Infrastructure {
    return new ProcessInfrastructure({
      output:
        options.output ??
        ((line, stream) => (stream === "stderr" ? process.stderr : process.stdout).write(`${line}\n`)),
      baseEnv: options.env,
      workerCwd: options.cwd,
      warmProcesses: options.warmProcesses ?? options.settings.workerWarmProcesses,
      apiUrl: this.#apiUrl,
      log: (line) => this.#log.warn(line),
    });
  }
}
