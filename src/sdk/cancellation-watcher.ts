import type { State } from "../api/states.js";
import type { StewardClient } from "../client/index.js";

/**
 * Notices that a tracked flow run is being cancelled (`steward flow-run cancel` sets CANCELLING)
 * by reading the run every `intervalMs`. A failed read is skipped: the next tick tries again.
 * The timer is unref'd, so it never keeps the process alive on its own.
 */
export class CancellationWatcher {
  readonly #client: StewardClient;
  readonly #flowRunId: string;
  readonly #intervalMs: number;
  readonly #onCancel: (state: State) => void;
  #timer: NodeJS.Timeout | undefined;
  #checking = false;

  constructor(
    client: StewardClient,
    flowRunId: string,
    intervalMs: number,
    onCancel: (state: State) => void,
  ) {
    this.#client = client;
    this.#flowRunId = flowRunId;
    this.#intervalMs = intervalMs;
    this.#onCancel = onCancel;
  }

  /** Starts checking (idempotent). */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.#check(), this.#intervalMs);
    this.#timer.unref();
  }

  /** Stops checking (idempotent). */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #check(): Promise<void> {
    if (this.#checking || !this.#timer) return;
    this.#checking = true;
    try {
      const run = await this.#client.call("readFlowRun", { params: { id: this.#flowRunId } });
      if (this.#timer && run.state && (run.state.type === "CANCELLING" || run.state.type === "CANCELLED")) {
        this.stop();
        this.#onCancel(run.state);
      }
    } catch {
      // The API is briefly unreachable: not a reason to stop the run; the next tick reads again.
    } finally {
      this.#checking = false;
    }
  }
}
