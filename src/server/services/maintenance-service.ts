import { PeriodicService } from "./service.js";

/** What every maintenance service is made from. */
export interface MaintenanceServiceOptions {
  /** Pause between ticks (`settings.servicesIntervalSeconds`). */
  readonly intervalMs: number;
  /** Clock (epoch ms), injected so tests can move time. @default Date.now */
  readonly now?: () => number;
  /** Where changes and failed ticks are reported. */
  readonly log?: (line: string) => void;
  /** Called after a tick that changed something (the UI's change feed). */
  readonly onChange?: () => void;
}

/**
 * A periodic service whose tick runs `work(now)` once and, when something changed, tells
 * `onChange` and (when `report` is given) logs one line saying what it did.
 */
export function maintenanceService(
  name: string,
  options: MaintenanceServiceOptions,
  work: (now: number) => Promise<number>,
  report?: (changed: number) => string,
): PeriodicService {
  const now = options.now ?? Date.now;
  return new PeriodicService({
    name,
    intervalMs: options.intervalMs,
    log: options.log,
    tick: async () => {
      const changed = await work(now());
      if (changed <= 0) return;
      options.onChange?.();
      if (report !== undefined) options.log?.(`${name}: ${report(changed)}`);
    },
  });
}

/** "1 flow run" / "3 flow runs". */
export function runs(count: number): string {
  return `${count} flow run${count === 1 ? "" : "s"}`;
}
