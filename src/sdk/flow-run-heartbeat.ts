import type { StewardClient } from "../client/index.js";

/**
 * Tells the API that a flow run's process is alive (`POST /flow_runs/{id}/heartbeat`) every
 * `intervalMs` while it runs or waits to start, so the server's zombie reaper can mark runs whose
 * process vanished CRASHED, and its claim expiry leaves a run waiting for its time alone.
 * Errors are ignored (the next beat tries again) and the timer is unref'd: a heartbeat never keeps
 * a process alive or fails a run.
 */
export class FlowRunHeartbeat {
  readonly #client: StewardClient;
  readonly #flowRunId: string;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #sending = false;

  constructor(client: StewardClient, flowRunId: string, intervalMs: number) {
    this.#client = client;
    this.#flowRunId = flowRunId;
    this.#intervalMs = intervalMs;
  }

  /** Starts beating (idempotent). */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.#beat(), this.#intervalMs);
    this.#timer.unref();
  }

  /** Stops beating (idempotent). */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** One beat now, between the regular ones (never rejects). */
  beatNow(): Promise<void> {
    return this.#beat();
  }

  async #beat(): Promise<void> {
    // A beat still retrying (API briefly down) is not stacked with another.
    if (this.#sending) return;
    this.#sending = true;
    try {
      await this.#client.call("flowRunHeartbeat", { params: { id: this.#flowRunId } });
    } catch {
      // Missing one beat is harmless; the reaper allows several intervals of silence.
    } finally {
      this.#sending = false;
    }
  }
}
