import type { Store } from "../storage/store.js";
import { maintenanceService, type MaintenanceServiceOptions, runs } from "./maintenance-service.js";
import type { PeriodicService } from "./service.js";

/** How the cancellation-cleanup service is made. */
export interface CancellationCleanupOptions extends MaintenanceServiceOptions {
  readonly store: Store;
  /** A run CANCELLING this long is forced to CANCELLED (`settings.cancellingTimeoutSeconds`). */
  readonly timeoutSeconds: number;
}

/**
 * Finishes cancellations that nothing acknowledged (the run's process was already gone), so a
 * CANCELLING run does not hold its slot forever.
 */
export function cancellationCleanupService(options: CancellationCleanupOptions): PeriodicService {
  return maintenanceService(
    "cancellation-cleanup",
    options,
    (now) => options.store.maintenance.finishStuckCancellations(now - options.timeoutSeconds * 1000),
    (n) => `marked ${runs(n)} CANCELLED after ${options.timeoutSeconds} s in CANCELLING`,
  );
}
