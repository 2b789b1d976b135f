/**
 * @module Schedules as people write them (`interval: "PT10M"`, `cron: "0 2 * * *"`) turned into
 * the wire's `DeploymentScheduleCreate`, checked before anything is sent so a typo fails with a
 * message naming the schedule, not a 422 about `schedules[0].schedule`.
 */
import type { DeploymentScheduleCreate } from "../api/deployments.js";
import { parseDuration } from "../core/durations.js";
import { StewardError } from "../core/errors.js";

/** Fields every kind of schedule may carry. */
interface ScheduleCommon {
  /** IANA time zone, e.g. "Europe/Paris". @default "UTC" on the server */
  readonly timezone?: string;
  /** @default true */
  readonly active?: boolean;
  /** Parameters merged over the deployment's for runs of this schedule. */
  readonly parameters?: Record<string, unknown>;
  /** A name for the schedule, unique within the deployment. */
  readonly slug?: string;
}

/**
 * One schedule of a deployment: every `interval` (seconds, or an ISO-8601 duration such as
 * "PT10M", or "10m"), a `cron` expression, or an RFC 5545 `rrule`.
 */
export type ScheduleSpec =
  | (ScheduleCommon & { readonly interval: number | string; readonly anchorDate?: string | Date })
  | (ScheduleCommon & { readonly cron: string; readonly dayOr?: boolean })
  | (ScheduleCommon & { readonly rrule: string });

const ISO_DURATION =
  /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
const ISO_UNIT_SECONDS = [7 * 86_400, 86_400, 3_600, 60, 1] as const;

function invalidInterval(value: unknown, why = ""): StewardError {
  return new StewardError(
    "VALIDATION_FAILED",
    `Interval ${JSON.stringify(value)} is not valid${why}. Give a number of seconds (60), an ISO-8601 ` +
      `duration (PT10M, P1D, PT1H30M) or a duration such as "10m" or "1h30m".`,
  );
}

/**
 * Seconds in an interval: a number of seconds, a numeric string, an ISO-8601 duration without
 * years or months (their length varies) such as "PT10M" or "P1DT12H", or "10m" / "1h30m".
 *
 * @throws StewardError VALIDATION_FAILED for anything else, or a non-positive interval.
 */
export function parseIntervalSeconds(value: number | string): number {
  let seconds: number;
  if (typeof value === "string" && /^P/i.test(value.trim())) {
    const match = ISO_DURATION.exec(value.trim());
    if (!match || match.slice(1).every((part) => part === undefined)) throw invalidInterval(value);
    seconds = ISO_UNIT_SECONDS.reduce((sum, unit, i) => sum + Number(match[i + 1] ?? 0) * unit, 0);
  } else {
    try {
      seconds = parseDuration(value) / 1000;
    } catch {
      throw invalidInterval(value);
    }
  }
  if (!(seconds > 0)) throw invalidInterval(value, " (it must be longer than zero)");
  return seconds;
}

/** Checks an IANA time zone name with the runtime's own zone database. */
export function checkTimezone(timezone: string): string {
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
    return timezone;
  } catch {
    throw new StewardError(
      "VALIDATION_FAILED",
      `Unknown time zone ${JSON.stringify(timezone)}. Use an IANA name such as "UTC", "Europe/Paris" or "America/Chicago".`,
    );
  }
}

/** An anchor date as the ISO-8601 string the API stores. */
export function parseAnchorDate(value: string | Date): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new StewardError(
      "VALIDATION_FAILED",
      `Anchor date ${JSON.stringify(String(value))} is not a date. Use ISO-8601, e.g. 2025-01-01T00:00:00Z.`,
    );
  }
  return date.toISOString();
}

/** The wire form of one schedule. */
export function toScheduleCreate(spec: ScheduleSpec): DeploymentScheduleCreate {
  const timezone = spec.timezone === undefined ? undefined : checkTimezone(spec.timezone);
  const common = {
    ...(spec.active === undefined ? {} : { active: spec.active }),
    ...(spec.parameters === undefined ? {} : { parameters: spec.parameters }),
    ...(spec.slug === undefined ? {} : { slug: spec.slug }),
  };
  if ("interval" in spec) {
    const anchor = spec.anchorDate === undefined ? {} : { anchor_date: parseAnchorDate(spec.anchorDate) };
    return { schedule: { interval: parseIntervalSeconds(spec.interval), ...anchor, timezone }, ...common };
  }
  if ("cron" in spec) {
    const dayOr = spec.dayOr === undefined ? {} : { day_or: spec.dayOr };
    return { schedule: { cron: spec.cron, timezone, ...dayOr }, ...common };
  }
  return { schedule: { rrule: spec.rrule, timezone }, ...common };
}

/** The shorthand schedule options of `flow.deploy()` and `steward deploy`. */
export interface ScheduleShorthands {
  readonly interval?: number | string;
  readonly cron?: string;
  readonly rrule?: string;
  /** Applies to the interval, cron and rrule shorthands. */
  readonly timezone?: string;
  /** Applies to the interval shorthand. */
  readonly anchorDate?: string | Date;
}

/** The schedules the shorthands describe (one per shorthand given), in interval, cron, rrule order. */
export function shorthandSchedules(options: ScheduleShorthands): ScheduleSpec[] {
  const { interval, cron, rrule, timezone, anchorDate } = options;
  if (anchorDate !== undefined && interval === undefined) {
    throw new StewardError(
      "VALIDATION_FAILED",
      "An anchor date only applies to an interval schedule: give an interval with it.",
    );
  }
  const specs: ScheduleSpec[] = [];
  if (interval !== undefined) specs.push({ interval, anchorDate, timezone });
  if (cron !== undefined) specs.push({ cron, timezone });
  if (rrule !== undefined) specs.push({ rrule, timezone });
  if (timezone !== undefined && specs.length === 0) {
    throw new StewardError(
      "VALIDATION_FAILED",
      "A time zone only applies to a schedule: give an interval, a cron or an rrule with it.",
    );
  }
  return specs;
}
