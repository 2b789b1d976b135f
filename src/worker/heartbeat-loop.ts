import type { WorkPool } from "../api/work-pools.js";
import type { StewardClient } from "../client/index.js";
import { describeError, type WorkerLog } from "./worker-log.js";

/** Options of {@link HeartbeatLoop}. */
export interface HeartbeatLoopOptions {
  readonly client: StewardClient;
  readonly poolName: string;
  readonly workerName: string;
  readonly intervalSeconds: number;
  /** Receives the pool as read on every beat (its template and paused flag may change). */
  readonly onPool: (pool: WorkPool) => void;
  readonly log: WorkerLog;
}

/**
 * The worker's sync loop: every `intervalSeconds` it sends a heartbeat (which keeps the worker
 * ONLINE and its pool READY) and re-reads its pool. A failure is logged once per outage, not on
 * every beat, and the loop carries on.
 */
export class HeartbeatLoop {
  readonly #options: HeartbeatLoopOptions;
  #timer: NodeJS.Timeout | undefined;
  #beating: Promise<void> | null = null;
  #failing = false;

  constructor(options: HeartbeatLoopOptions) {
    this.#options = options;
  }

  /** Sends one heartbeat now and starts the timer. Resolves once the first beat is done. */
  async start(): Promise<void> {
    await this.beat();
    this.#timer ??= setInterval(() => void this.beat(), this.#options.intervalSeconds * 1000);
  }

  /** Stops the timer and waits for a beat in flight. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#beating;
  }

  /** One heartbeat and pool read; never rejects. Overlapping calls share the one in flight. */
  beat(): Promise<void> {
    this.#beating ??= this.#beat().finally(() => {
      this.#beating = null;
    });
    return this.#beating;
  }

  async #beat(): Promise<void> {
    const { client, poolName, workerName, intervalSeconds, onPool, log } = this.#options;
    try {
      await client.call("workerHeartbeat", {
        params: { name: poolName },
        body: { name: workerName, heartbeat_interval_seconds: Math.max(1, Math.round(intervalSeconds)) },
      });
      onPool(await client.call("readWorkPool", { params: { name: poolName } }));
      if (this.#failing) log.info("The API answers heartbeats again.");
      this.#failing = false;
    } catch (error) {
      if (!this.#failing) {
        log.warn(
          `Heartbeat to work pool '${poolName}' failed (${describeError(error)}); retrying every ${intervalSeconds} s. The worker shows OFFLINE until it gets through.`,
        );
      }
      this.#failing = true;
    }
  }
}
