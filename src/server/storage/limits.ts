/**
 * @module The bounds the store enforces on what a deployment may ask the scheduler for: the
 * smallest gap between runs of a schedule, the number of schedules, and the number of
 * auto-scheduled runs waiting (future and Late) per deployment. Set from the server's settings.
 */
/** Bounds on schedules and scheduled runs (see the STEWARD_SERVER_SCHEDULER_* settings). */
export interface StoreLimits {
  /** Smallest gap between two runs of one schedule, in seconds (0: no minimum). */
  readonly minScheduleIntervalSeconds: number;
  /** Most schedules per deployment. */
  readonly maxSchedulesPerDeployment: number;
  /** Most auto-scheduled SCHEDULED runs (future and Late) per deployment. */
  readonly maxScheduledRunsPerDeployment: number;
}

/** The settings' defaults. */
export const DEFAULT_STORE_LIMITS: StoreLimits = Object.freeze({
  minScheduleIntervalSeconds: 10,
  maxSchedulesPerDeployment: 20,
  maxScheduledRunsPerDeployment: 300,
});

/** The setting behind each limit, named in error messages and logs. */
export const LIMIT_SETTING = Object.freeze({
  minScheduleIntervalSeconds: "STEWARD_SERVER_SCHEDULER_MIN_INTERVAL_SECONDS",
  maxSchedulesPerDeployment: "STEWARD_SERVER_SCHEDULER_MAX_SCHEDULES",
  maxScheduledRunsPerDeployment: "STEWARD_SERVER_SCHEDULER_MAX_SCHEDULED_RUNS",
} as const);

/** The limits of a store context (its own, or the defaults). */
export function limitsOf(ctx: { readonly limits?: StoreLimits }): StoreLimits {
  return ctx.limits ?? DEFAULT_STORE_LIMITS;
}
