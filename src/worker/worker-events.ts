/**
 * @module The events a worker emits about itself (`steward.worker.started | stopped |
 * submitted-flow-run | executed-flow-run`), through `POST /api/events`. Emitting is best effort:
 * a failure is logged once and never stops the worker, and runs keep flowing. One request is in
 * flight at a time, and what is emitted meanwhile goes in the next, together: a quiet worker sends
 * each event at once, a busy one a batch per round trip instead of two requests per run.
 */
import type { EventCreate, RelatedResource } from "../api/events.js";
import type { FlowRun } from "../api/flow-runs.js";
import type { WorkPool } from "../api/work-pools.js";
import type { StewardClient } from "../client/index.js";
import { describeError, type WorkerLog } from "./worker-log.js";

/** Options of {@link WorkerEvents}. */
export interface WorkerEventsOptions {
  readonly client: StewardClient;
  readonly workerName: string;
  readonly poolName: string;
  /** The pool as last read; null before the worker started (or for a runner without a pool). */
  readonly pool: () => WorkPool | null;
  readonly log: WorkerLog;
}

/** Most events in one request (the API takes up to 5,000). */
export const MAX_EVENTS_PER_REQUEST = 500;

/** Emits the worker's events; `settled()` waits for those not sent yet (before the worker exits). */
export class WorkerEvents {
  readonly #options: WorkerEventsOptions;
  readonly #queue: EventCreate[] = [];
  #sending: Promise<void> | null = null;
  #warned = false;

  constructor(options: WorkerEventsOptions) {
    this.#options = options;
  }

  /** The worker's resource id: `steward.worker.<pool name>.<worker name>`. */
  get resourceId(): string {
    return `steward.worker.${this.#options.poolName}.${this.#options.workerName}`;
  }

  started(): void {
    this.#emit("steward.worker.started", [], {});
  }

  /** A graceful stop; `left` are the runs it had to stop. */
  stopped(left: readonly { id: string }[]): void {
    this.#emit("steward.worker.stopped", [], { left_flow_runs: left.map((run) => run.id) });
  }

  submitted(run: FlowRun): void {
    this.#emit("steward.worker.submitted-flow-run", runRelated(run), { flow_run_id: run.id });
  }

  executed(run: FlowRun): void {
    this.#emit("steward.worker.executed-flow-run", runRelated(run), { flow_run_id: run.id });
  }

  /**
   * Resolves once every event emitted so far was sent (or failed), or after `timeoutMs`: a worker
   * stopping because the API is gone must not wait out the client's retries.
   */
  async settled(timeoutMs = 3000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([this.#sending ?? Promise.resolve(), timeout]);
    clearTimeout(timer);
  }

  #emit(name: string, related: RelatedResource[], payload: Record<string, unknown>): void {
    const pool = this.#options.pool();
    const event: EventCreate = {
      event: name,
      occurred: new Date().toISOString(),
      resource: {
        "steward.resource.id": this.resourceId,
        "steward.resource.name": this.#options.workerName,
      },
      related: [...(pool ? [poolRelated(pool)] : []), ...related],
      payload,
    };
    this.#queue.push(event);
    this.#sending ??= this.#sendQueued();
  }

  /** Sends the queue, a batch per request, until it is empty; `#send` never rejects. */
  async #sendQueued(): Promise<void> {
    while (this.#queue.length > 0) await this.#send(this.#queue.splice(0, MAX_EVENTS_PER_REQUEST));
    this.#sending = null;
  }

  async #send(events: EventCreate[]): Promise<void> {
    try {
      await this.#options.client.call("createEvents", { body: events });
    } catch (error) {
      if (this.#warned) return;
      this.#warned = true;
      const names = events.length === 1 ? `the event ${events[0]?.event}` : `${events.length} events`;
      this.#options.log.warn(
        `Could not emit ${names} (${describeError(error)}); the worker carries on, and later failures are not reported.`,
      );
    }
  }
}

function poolRelated(pool: WorkPool): RelatedResource {
  return {
    "steward.resource.id": `steward.work-pool.${pool.id}`,
    "steward.resource.role": "work-pool",
    "steward.resource.name": pool.name,
  };
}

function runRelated(run: FlowRun): RelatedResource[] {
  const related: RelatedResource[] = [
    {
      "steward.resource.id": `steward.flow-run.${run.id}`,
      "steward.resource.role": "flow-run",
      "steward.resource.name": run.name,
    },
  ];
  if (run.deployment_id) {
    related.push({
      "steward.resource.id": `steward.deployment.${run.deployment_id}`,
      "steward.resource.role": "deployment",
    });
  }
  return related;
}
