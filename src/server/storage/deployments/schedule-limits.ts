/**
 * @module The limits on what a deployment may ask the scheduler for: a smallest gap between two
 * runs of a schedule and a most schedules per deployment. Two dozen 1-second schedules once made
 * the scheduler write hundreds of runs a second until the disk was full; these refuse that up
 * front with a 422 that names the setting to change.
 */
import type { DeploymentScheduleCreate } from "../../../api/index.js";
import { StewardError } from "../../../core/errors.js";
import { isIntervalSchedule, nextRunTimes, type Schedule } from "../../../core/schedules/index.js";
import { formatIssues, type SchemaIssue } from "../../../core/json-schema.js";
import { LIMIT_SETTING, type StoreLimits } from "../limits.js";
import type { Parsed } from "../types.js";

/** Instants of a cron or rrule schedule sampled to find its smallest gap. */
const GAP_SAMPLE = 10;

/**
 * The smallest gap in seconds between two runs of `schedule`: the interval itself, or for cron
 * and rrule the smallest gap among the next few instants after `now` (undefined when it has
 * fewer than two, or cannot be computed: validation reports that).
 */
export function smallestGapSeconds(schedule: Schedule, now: number): number | undefined {
  if (isIntervalSchedule(schedule)) return schedule.interval;
  let times: number[];
  try {
    times = nextRunTimes(schedule, { now, minRuns: GAP_SAMPLE, minHorizonMs: 0, maxRuns: GAP_SAMPLE });
  } catch {
    return undefined;
  }
  let gap: number | undefined;
  for (let i = 1; i < times.length; i++) {
    const step = ((times[i] ?? 0) - (times[i - 1] ?? 0)) / 1000;
    gap = gap === undefined ? step : Math.min(gap, step);
  }
  return gap;
}

/**
 * Each schedule at least `minScheduleIntervalSeconds` apart (checked first: it is the likelier
 * mistake), and at most
 * `maxSchedulesPerDeployment` schedules in all (`existing` already stored plus these).
 * @throws StewardError VALIDATION_FAILED naming the setting to change.
 */
export function checkScheduleLimits(
  subject: string,
  schedules: readonly Pick<Parsed<typeof DeploymentScheduleCreate>, "schedule">[],
  limits: StoreLimits,
  options: { readonly existing?: number; readonly now: number; readonly paths?: readonly string[] },
): void {
  const minimum = limits.minScheduleIntervalSeconds;
  const issues: SchemaIssue[] = [];
  schedules.forEach((entry, index) => {
    if (minimum <= 0) return;
    const gap = smallestGapSeconds(entry.schedule, options.now);
    if (gap === undefined || gap >= minimum) return;
    issues.push({
      path: options.paths?.[index] ?? `schedules[${index}].schedule`,
      message: `runs ${gap} s apart, below the minimum of ${minimum} s (${LIMIT_SETTING.minScheduleIntervalSeconds})`,
    });
  });
  if (issues.length > 0) {
    throw new StewardError(
      "VALIDATION_FAILED",
      `Schedules of the ${subject} run too often: ${formatIssues(issues)}. Use an interval of at least ${minimum} s, or lower ${LIMIT_SETTING.minScheduleIntervalSeconds} on the server.`,
      { details: issues },
    );
  }
  const total = (options.existing ?? 0) + schedules.length;
  if (total > limits.maxSchedulesPerDeployment) {
    throw new StewardError(
      "VALIDATION_FAILED",
      `The ${subject} would have ${total} schedules; at most ${limits.maxSchedulesPerDeployment} are allowed (setting ${LIMIT_SETTING.maxSchedulesPerDeployment}). Combine schedules (one cron or rrule can hold several times) or raise the setting on the server.`,
      { details: [{ path: "schedules", message: `at most ${limits.maxSchedulesPerDeployment} schedules` }] },
    );
  }
}
