import type { StewardClient } from "../client/index.js";
import { StateType } from "../core/states.js";

/** Options of {@link CancellationPoller}. */
export interface CancellationPollerOptions {
  readonly client: StewardClient;
  readonly intervalMs: number;
  /** The flow runs this worker runs right now. */
  readonly flowRunIds: () => string[];
  /** Called for each of them found CANCELLING (again on later ticks while it stays so). */
  readonly onCancelling: (flowRunId: string) => void;
}

/** The API's largest page: more ids than this are asked for in several calls. */
const PAGE = 200;

/**
 * Finds which of the worker's runs are being cancelled: every `intervalMs`, one filter call for the
 * ids it runs, in state CANCELLING. Costs nothing while the worker runs nothing. A failed call is
 * skipped; the next tick asks again.
 */
export class CancellationPoller {
  readonly #options: CancellationPollerOptions;
  #timer: NodeJS.Timeout | undefined;
  #polling = false;

  constructor(options: CancellationPollerOptions) {
    this.#options = options;
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.poll(), this.#options.intervalMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** One check now; never rejects. */
  async poll(): Promise<void> {
    const ids = this.#options.flowRunIds();
    if (this.#polling || ids.length === 0) return;
    this.#polling = true;
    try {
      for (let start = 0; start < ids.length; start += PAGE) {
        const page = ids.slice(start, start + PAGE);
        const runs = await this.#options.client.call("filterFlowRuns", {
          body: {
            flow_runs: { id: { any_: page }, state: { type: { any_: [StateType.CANCELLING] } } },
            limit: page.length,
          },
        });
        for (const run of runs) this.#options.onCancelling(run.id);
      }
    } catch {
      // The API is briefly unreachable: the next tick asks again.
    } finally {
      this.#polling = false;
    }
  }
}
