/**
 * @module Says once when the cap on waiting runs stops the scheduler for a deployment: one log
 * line and one `steward.deployment.schedule-capped` event when it starts, nothing on the loops
 * after, and again only once the deployment has been under the cap in between. Remembered in
 * memory: after a restart a deployment still at the cap is reported once more.
 */
import type { CappedDeployment, TopUpResult } from "../storage/scheduler/index.js";
import type { Store } from "../storage/store.js";

/** The event of a deployment whose scheduled runs reached the cap. */
export const SCHEDULE_CAPPED_EVENT = "steward.deployment.schedule-capped";

/** The setting that sets the cap, named in the log line. */
const CAP_SETTING = "STEWARD_SERVER_SCHEDULER_MAX_SCHEDULED_RUNS";

/** Remembers which deployments are at the cap and reports each new one. */
export class ScheduleCapReporter {
  readonly #store: Store;
  readonly #log: (line: string) => void;
  readonly #capped = new Set<string>();

  constructor(store: Store, log: (line: string) => void) {
    this.#store = store;
    this.#log = log;
  }

  /** Deployments currently known to be at the cap. */
  get capped(): ReadonlySet<string> {
    return this.#capped;
  }

  /**
   * Takes a top-up's result: `scope` is the deployments it looked at (undefined: all of them), so
   * one of those not capped any more is forgotten and will be reported if it comes back.
   */
  async record(result: TopUpResult, scope: readonly string[] | undefined): Promise<void> {
    const now = new Set(result.capped.map((entry) => entry.deploymentId));
    const looked = scope ?? [...this.#capped];
    for (const id of looked) if (!now.has(id)) this.#capped.delete(id);
    for (const entry of result.capped) {
      if (this.#capped.has(entry.deploymentId)) continue;
      this.#capped.add(entry.deploymentId);
      await this.#report(entry);
    }
  }

  async #report(entry: CappedDeployment): Promise<void> {
    this.#log(
      `scheduler: deployment ${entry.deploymentId} has ${entry.waiting} scheduled runs waiting, the cap is ${entry.cap} (${CAP_SETTING}); no more runs are created for it until some run or are cancelled. Start a worker for its work pool, pause the deployment, or raise ${CAP_SETTING}.`,
    );
    try {
      await this.#store.events.insert([
        {
          event: SCHEDULE_CAPPED_EVENT,
          resource: { "steward.resource.id": `steward.deployment.${entry.deploymentId}` },
          related: [],
          payload: { waiting: entry.waiting, cap: entry.cap, setting: CAP_SETTING },
        },
      ]);
    } catch (error) {
      this.#log(
        `scheduler: could not record the ${SCHEDULE_CAPPED_EVENT} event of deployment ${entry.deploymentId}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
