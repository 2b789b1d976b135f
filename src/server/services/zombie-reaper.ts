import type { Store } from "../storage/store.js";
import { maintenanceService, type MaintenanceServiceOptions, runs } from "./maintenance-service.js";
import type { PeriodicService } from "./service.js";

/** How the zombie reaper is made. */
export interface ZombieReaperOptions extends MaintenanceServiceOptions {
  readonly store: Store;
  /** A RUNNING run silent this long is CRASHED (`settings.zombieTimeoutSeconds`). */
  readonly timeoutSeconds: number;
}

/**
 * Marks CRASHED the RUNNING runs whose process stopped sending heartbeats (killed machine, OOM,
 * a worker that died with its children), which would otherwise stay RUNNING forever and hold
 * their concurrency slots. Prefect leaves this to a user-built automation; Steward has it built in.
 */
export function zombieReaperService(options: ZombieReaperOptions): PeriodicService {
  return maintenanceService(
    "zombie-reaper",
    options,
    (now) => options.store.maintenance.reapZombies(now - options.timeoutSeconds * 1000),
    (n) => `marked ${runs(n)} CRASHED (no heartbeat for ${options.timeoutSeconds} s)`,
  );
}
