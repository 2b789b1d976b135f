import type { Store } from "../storage/store.js";
import { maintenanceService, type MaintenanceServiceOptions, runs } from "./maintenance-service.js";
import type { PeriodicService } from "./service.js";

/** How the claim-expiry service is made. */
export interface ClaimExpiryOptions extends MaintenanceServiceOptions {
  readonly store: Store;
  /** A claimed run still PENDING, and silent, after this long goes back to SCHEDULED (`settings.claimTimeoutSeconds`). */
  readonly timeoutSeconds: number;
}

/**
 * Reschedules runs that a worker claimed but never started (it crashed between the claim and the
 * launch, or lost the claim's answer), so another worker can take them. A claimed run whose process
 * sends heartbeats is left alone: it is waiting for its scheduled time.
 */
export function claimExpiryService(options: ClaimExpiryOptions): PeriodicService {
  return maintenanceService(
    "claim-expiry",
    options,
    (now) => options.store.maintenance.expireClaims(now - options.timeoutSeconds * 1000),
    (n) => `rescheduled ${runs(n)} claimed more than ${options.timeoutSeconds} s ago and never started`,
  );
}
