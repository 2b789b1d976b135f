/**
 * @module The action executor: claims due jobs from the durable queue (leased, so a crashed
 * executor's jobs come back), runs them through the Store, records each attempt, and writes
 * `steward.automation.action.executed` or `…failed` with the result. HTTP failures are retried
 * `retries` times, waiting `retry_delay_seconds` doubled each time, by rescheduling the job in the
 * database — a restart between attempts loses nothing. A failing action never stops the loop.
 */
import { type Actor, actingAs } from "../../audit/actor.js";
import { Action, AutomationEventNames } from "../../../api/automations.js";
import { actionTemplateValues, type EventLike } from "../../../core/automations/index.js";
import type { ActionJob, EngineEvent, JobOutcome } from "../../storage/automations/engine-store.js";
import type { Store } from "../../storage/store.js";
import type { Service } from "../../services/service.js";
import { automationResource, triggeringRelated } from "../firing-records.js";
import { WakeableLoop } from "../wakeable-loop.js";
import type { ActionContext, ActionOutcome, ActionStore } from "./action-context.js";
import { runAction } from "./run-action.js";

/** Options of {@link ActionExecutor}. */
export interface ActionExecutorOptions {
  readonly store: ActionStore & Pick<Store, "automationEngine">;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  readonly log?: (line: string) => void;
  /** Jobs running at once. @default 16 */
  readonly concurrency?: number;
  /** How long a claimed job is ours before another executor may take it. @default 10 minutes */
  readonly leaseMs?: number;
  /** Longest sleep between looks at the queue. @default 1000 */
  readonly pollMs?: number;
  /** Clock for attempt records. @default Date.now */
  readonly now?: () => number;
}

/** See the module comment. */
export class ActionExecutor implements Service {
  readonly name = "automation-actions";
  readonly #options: ActionExecutorOptions;
  readonly #loop: WakeableLoop;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(options: ActionExecutorOptions) {
    this.#options = options;
    this.#loop = new WakeableLoop({
      name: "automation actions",
      step: () => this.#step(),
      retryMs: 1000,
      log: this.#log,
    });
  }

  async start(): Promise<void> {
    this.#loop.start();
  }

  async stop(): Promise<void> {
    await this.#loop.stop();
    await Promise.all([...this.#inFlight]);
  }

  /** Looks at the queue now (the engine queued jobs). */
  wake(): void {
    this.#loop.wake();
  }

  /** Claims the due jobs and waits until they have run (tests call it directly). */
  async tick(): Promise<void> {
    await Promise.all(await this.#claimAndStart());
  }

  async #step(): Promise<{ delayMs: number }> {
    const started = await this.#claimAndStart();
    const capacity = (this.#options.concurrency ?? 16) - this.#inFlight.size;
    if (started.length > 0 && capacity > 0) return { delayMs: 0 };
    const poll = this.#options.pollMs ?? 1000;
    const due = await this.#options.store.automationEngine.nextJobDue();
    const now = this.#options.now?.() ?? Date.now();
    return { delayMs: due === null ? poll : Math.max(1, Math.min(poll, due - now)) };
  }

  async #claimAndStart(): Promise<Promise<void>[]> {
    const capacity = (this.#options.concurrency ?? 16) - this.#inFlight.size;
    if (capacity <= 0) return [];
    const jobs = await this.#options.store.automationEngine.claimJobs(
      capacity,
      this.#options.leaseMs ?? 600_000,
    );
    return jobs.map((job) => {
      const running = this.#execute(job).finally(() => {
        this.#inFlight.delete(running);
        // A slot is free: look for more work.
        this.#loop.wake();
      });
      this.#inFlight.add(running);
      return running;
    });
  }

  async #execute(job: ActionJob): Promise<void> {
    try {
      const outcome = await this.#attempt(job);
      await this.#options.store.automationEngine.finishJob(job.id, this.#record(job, outcome));
    } catch (error) {
      // Recording failed (database away): the lease runs out and the job is claimed again.
      this.#log(`automation actions: job ${job.id} could not be recorded: ${(error as Error).message}`);
    }
  }

  async #attempt(job: ActionJob): Promise<ActionOutcome> {
    const parsed = Action.safeParse(job.action);
    if (!parsed.success)
      return { ok: false, reason: `the action is not valid: ${parsed.error.message}`, retryable: false };
    const event = (job.triggeringEvent ?? null) as EventLike | null;
    const ctx: ActionContext = {
      store: this.#options.store,
      fetch: this.#options.fetch ?? globalThis.fetch,
      job,
      action: parsed.data,
      event,
      templateValues: actionTemplateValues(event, { id: job.automationId, name: job.automationName }),
    };
    // What an action changes is the automation's doing (its id and name on the events it causes).
    const actor: Actor = {
      kind: "automation",
      id: job.automationId,
      name: job.automationName,
      role: "automation",
    };
    return actingAs(actor, () => runAction(ctx));
  }

  #record(job: ActionJob, outcome: ActionOutcome): JobOutcome {
    const action = Action.safeParse(job.action);
    const retries = action.success && "retries" in action.data ? action.data.retries : 0;
    const delaySeconds =
      action.success && "retry_delay_seconds" in action.data ? action.data.retry_delay_seconds : 0;
    const attempt = {
      attempt: job.attempts,
      at: new Date(this.#options.now?.() ?? Date.now()).toISOString(),
      ok: outcome.ok,
      ...(outcome.status !== undefined && { status: outcome.status }),
      ...(outcome.excerpt !== undefined && { excerpt: outcome.excerpt }),
    };
    if (!outcome.ok && outcome.retryable && job.attempts <= retries) {
      const retryInMs = delaySeconds * 1000 * 2 ** (job.attempts - 1);
      return { status: "PENDING", retryInMs, result: { reason: outcome.reason }, attempt, events: [] };
    }
    const payload = {
      action_index: job.actionIndex,
      action_type: job.action.type,
      attempts: job.attempts,
      firing_id: job.firingId,
      ...(outcome.ok ? { result: outcome.result } : { reason: outcome.reason }),
    };
    const name = outcome.ok ? AutomationEventNames.actionExecuted : AutomationEventNames.actionFailed;
    const event: EngineEvent = {
      event: name,
      resource: automationResource({ id: job.automationId, name: job.automationName }),
      related: triggeringRelated((job.triggeringEvent ?? null) as EventLike | null),
      payload,
    };
    const result = outcome.ok ? outcome.result : { reason: outcome.reason };
    return { status: outcome.ok ? "SUCCEEDED" : "FAILED", result, attempt, events: [event] };
  }

  readonly #log = (line: string): void =>
    (this.#options.log ?? ((text: string) => console.error(text)))(line);
}
