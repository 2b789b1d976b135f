import type { Store } from "../storage/store.js";
import { maintenanceService, type MaintenanceServiceOptions } from "./maintenance-service.js";
import type { PeriodicService } from "./service.js";

/** How the late-runs service is made. */
export interface LateRunsOptions extends MaintenanceServiceOptions {
  readonly store: Store;
  /** A SCHEDULED run this far past its time is labelled Late (`settings.lateRunsAfterSeconds`). */
  readonly lateAfterSeconds: number;
}

/**
 * Labels overdue SCHEDULED runs "Late" (still SCHEDULED, still claimable), so people see that no
 * worker picked them up. The grace keeps it from racing a worker that is claiming the run now.
 */
export function lateRunsService(options: LateRunsOptions): PeriodicService {
  return maintenanceService("late-runs", options, (now) =>
    options.store.maintenance.markLateRuns(now - options.lateAfterSeconds * 1000),
  );
}
