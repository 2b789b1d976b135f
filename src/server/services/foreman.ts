import type { Store } from "../storage/store.js";
import { maintenanceService, type MaintenanceServiceOptions } from "./maintenance-service.js";
import type { PeriodicService } from "./service.js";

/** How the foreman is made. */
export interface ForemanOptions extends MaintenanceServiceOptions {
  readonly store: Store;
}

/**
 * Keeps statuses honest when nobody is calling: workers that stopped heartbeating go OFFLINE,
 * pools without an ONLINE worker and queues (and deployments) nobody polls go NOT_READY.
 */
export function foremanService(options: ForemanOptions): PeriodicService {
  return maintenanceService("foreman", options, (now) => options.store.maintenance.updateStatuses(now));
}
