/**
 * @module The server's resource limits: how much the scheduler may create and how much disk the
 * database may use. Kept apart from settings.ts so the limits read as one group.
 */
import { z } from "zod";

/** The limit settings, spread into `SETTING_DEFINITIONS`. */
export const SERVER_LIMIT_DEFINITIONS = {
  STEWARD_SERVER_SCHEDULER_MIN_INTERVAL_SECONDS: {
    description:
      "Smallest gap between two runs of one schedule (interval, cron or rrule); a tighter schedule is refused with a 422.",
    default: "10",
  },
  STEWARD_SERVER_SCHEDULER_MAX_SCHEDULED_RUNS: {
    description:
      "Most auto-scheduled SCHEDULED runs (future and Late) one deployment may have; the scheduler stops creating more at this cap.",
    default: "300",
  },
  STEWARD_SERVER_SCHEDULER_MAX_SCHEDULES: {
    description: "Most schedules one deployment may have; more is refused with a 422.",
    default: "20",
  },
  STEWARD_SERVER_MIN_FREE_DISK_MB: {
    description:
      "Below this much free space on the SQLite database's volume, writes answer 507 (reads keep working); 0 turns the check off. Not checked for PostgreSQL.",
    default: "1024",
  },
  STEWARD_SERVER_MAX_DATABASE_MB: {
    description: "At this database size, writes answer 507 (reads keep working); 0 means no cap.",
    default: "0",
  },
} as const satisfies Record<string, { description: string; default: string }>;

/** The limits as numbers (see {@link SERVER_LIMIT_DEFINITIONS}). */
export interface ServerLimits {
  readonly schedulerMinIntervalSeconds: number;
  readonly schedulerMaxScheduledRuns: number;
  readonly schedulerMaxSchedules: number;
  /** 0: not checked. */
  readonly minFreeDiskMb: number;
  /** 0: no cap. */
  readonly maxDatabaseMb: number;
}

/** Schemas of the limit settings, by name. */
export const SERVER_LIMIT_SCHEMAS = {
  STEWARD_SERVER_SCHEDULER_MIN_INTERVAL_SECONDS: z.coerce.number().min(0).max(86_400),
  STEWARD_SERVER_SCHEDULER_MAX_SCHEDULED_RUNS: z.coerce.number().int().min(1).max(100_000),
  STEWARD_SERVER_SCHEDULER_MAX_SCHEDULES: z.coerce.number().int().min(1).max(1000),
  STEWARD_SERVER_MIN_FREE_DISK_MB: z.coerce.number().min(0).max(1e9),
  STEWARD_SERVER_MAX_DATABASE_MB: z.coerce.number().min(0).max(1e12),
} as const;

/** The field of {@link ServerLimits} each setting fills. */
export const SERVER_LIMIT_FIELDS: Readonly<
  Record<keyof typeof SERVER_LIMIT_DEFINITIONS, keyof ServerLimits>
> = {
  STEWARD_SERVER_SCHEDULER_MIN_INTERVAL_SECONDS: "schedulerMinIntervalSeconds",
  STEWARD_SERVER_SCHEDULER_MAX_SCHEDULED_RUNS: "schedulerMaxScheduledRuns",
  STEWARD_SERVER_SCHEDULER_MAX_SCHEDULES: "schedulerMaxSchedules",
  STEWARD_SERVER_MIN_FREE_DISK_MB: "minFreeDiskMb",
  STEWARD_SERVER_MAX_DATABASE_MB: "maxDatabaseMb",
};
