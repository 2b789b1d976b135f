import { ACTIVE_STATE_TYPES, type StateType } from "../../../core/states.js";
import type { Store } from "../store.js";

/**
 * The flow-run repo, waking claim waiters after each write that may have made a run claimable:
 * a run created SCHEDULED, a state written outside PENDING/RUNNING/CANCELLING (a run rescheduled,
 * or a slot freed), a run deleted. Wrapping the repo (rather than each caller) covers every write
 * path — routes, deployments, services — and fires only after the write's transaction committed.
 */
export function notifyingFlowRuns(repo: Store["flowRuns"], notify: () => void): Store["flowRuns"] {
  return {
    ...repo,
    async create(input, extras) {
      const result = await repo.create(input, extras);
      if (result.created && result.value.state_type === "SCHEDULED") notify();
      return result;
    },
    async setState(id, request) {
      const outcome = await repo.setState(id, request);
      const type = outcome.result.state?.type;
      if (outcome.written && type !== undefined && !ACTIVE_STATE_TYPES.has(type as StateType)) notify();
      return outcome;
    },
    async delete(id) {
      const deleted = await repo.delete(id);
      if (deleted) notify();
      return deleted;
    },
  };
}
