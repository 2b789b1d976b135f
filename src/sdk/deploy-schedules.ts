/**
 * @module Schedules as people write them (`interval: "PT10M"`, `cron: "0 2 * * *"`) turned into
 * the wire's `DeploymentScheduleCreate`, checked before anything is sent so a typo fails with a
 * message naming the schedule's field, not a 422 about `schedules[0].schedule`.
 */
import type { DeploymentScheduleCreate } from "../api/deployments.js";
import { MAX_SECONDS } from "../api/limits.js";
import { parseDuration, parseIsoDuration } from "../core/durations.js";
import { StewardError } from "../core/errors.js";
import { validateSchedule } from "../core/schedules/index.js";

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
  /** At most this many future runs of this schedule are created ahead. @default the scheduler's */
  readonly maxScheduledRuns?: number;
}

/**
 * One schedule of a deployment: every `interval` (seconds, or an ISO-8601 duration such as
 * "PT10M", or "10m"), a `cron` expression, or an RFC 5545 `rrule`.
 */
export type ScheduleSpec =
  | (ScheduleCommon & { readonly interval: number | string; readonly anchorDate?: string | Date })
  | (ScheduleCommon & { readonly cron: string; readonly dayOr?: boolean })
  | (ScheduleCommon & { readonly rrule: string });

/** One thing wrong with a schedule: the wire field at fault (`cron`, `timezone`, …) and why. */
export interface ScheduleProblem {
  readonly field: string;
  readonly message: string;
}

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
 * @throws StewardError VALIDATION_FAILED for anything else, a non-positive interval or one over
 * the API's cap ({@link MAX_SECONDS}, 366 days).
 */
export function parseIntervalSeconds(value: number | string): number {
  let seconds: number;
  try {
    seconds =
      typeof value === "string" && /^P/i.test(value.trim())
        ? parseIsoDuration(value.trim())
        : parseDuration(value) / 1000;
  } catch {
    throw invalidInterval(value);
  }
  if (!(seconds > 0)) throw invalidInterval(value, " (it must be longer than zero)");
  if (seconds > MAX_SECONDS)
    throw invalidInterval(value, ` (it must be at most ${MAX_SECONDS} seconds, 366 days)`);
  return seconds;
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

/** `parse(value)`, or undefined with the error's message recorded as a problem of `field`. */
function attempt<T>(problems: ScheduleProblem[], field: string, parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    problems.push({ field, message: (error as Error).message });
    return undefined;
  }
}

/**
 * Which field a message of `validateSchedule` is about: its own `field:` prefix when it has one,
 * else the field its words name, else the schedule's kind (the expression itself).
 */
function problemOf(message: string, kind: string): ScheduleProblem {
  const prefixed = /^(interval|cron|rrule|timezone|anchor_date|day_or)\s*:\s*(.*)$/s.exec(message);
  if (prefixed?.[1] && prefixed[2]) return { field: prefixed[1], message: prefixed[2] };
  if (/time ?zone/i.test(message)) return { field: "timezone", message };
  if (/anchor/i.test(message)) return { field: "anchor_date", message };
  return { field: kind, message };
}

/** The wire schedule of a spec, with the problems of everything that does not parse. */
function wireSchedule(spec: ScheduleSpec, problems: ScheduleProblem[]): DeploymentScheduleCreate["schedule"] {
  const timezone = spec.timezone;
  if ("interval" in spec) {
    // A placeholder keeps the other fields checked when the interval itself is wrong.
    const interval = attempt(problems, "interval", () => parseIntervalSeconds(spec.interval)) ?? 60;
    const anchorDate = spec.anchorDate;
    const anchor =
      anchorDate === undefined
        ? undefined
        : attempt(problems, "anchor_date", () => parseAnchorDate(anchorDate));
    return { interval, ...(anchor === undefined ? {} : { anchor_date: anchor }), timezone };
  }
  if ("cron" in spec) {
    return { cron: spec.cron, timezone, ...(spec.dayOr === undefined ? {} : { day_or: spec.dayOr }) };
  }
  return { rrule: spec.rrule, timezone };
}

/**
 * Every problem of a schedule, each with the field at fault: the interval and anchor date as
 * written, then the core checks (cron and rrule syntax, time zone, limits of the kind).
 */
export function scheduleProblems(spec: ScheduleSpec): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const schedule = wireSchedule(spec, problems);
  const kind = "interval" in spec ? "interval" : "cron" in spec ? "cron" : "rrule";
  const intervalBroken = problems.some((problem) => problem.field === "interval");
  for (const message of validateSchedule(schedule)) {
    const problem = problemOf(message, kind);
    if (!(intervalBroken && problem.field === "interval")) problems.push(problem);
  }
  const max = spec.maxScheduledRuns;
  if (max !== undefined && !(Number.isInteger(max) && max >= 1 && max <= 1000)) {
    problems.push({ field: "max_scheduled_runs", message: `${max} is not a whole number from 1 to 1000` });
  }
  return problems;
}

/** Problems as one message, `field: why` per line, under `heading`. */
export function describeScheduleProblems(heading: string, problems: readonly ScheduleProblem[]): string {
  return [heading, ...problems.map((problem) => `  - ${problem.field}: ${problem.message}`)].join("\n");
}

/**
 * The wire form of one schedule.
 *
 * @throws StewardError VALIDATION_FAILED listing every problem (see {@link scheduleProblems})
 */
export function toScheduleCreate(spec: ScheduleSpec): DeploymentScheduleCreate {
  const problems = scheduleProblems(spec);
  if (problems.length > 0) {
    throw new StewardError(
      "VALIDATION_FAILED",
      describeScheduleProblems(`Schedule ${JSON.stringify(kindText(spec))} is not valid:`, problems),
      { details: problems },
    );
  }
  const schedule = wireSchedule(spec, []);
  return {
    schedule,
    ...(spec.active === undefined ? {} : { active: spec.active }),
    ...(spec.parameters === undefined ? {} : { parameters: spec.parameters }),
    ...(spec.slug === undefined ? {} : { slug: spec.slug }),
    ...(spec.maxScheduledRuns === undefined ? {} : { max_scheduled_runs: spec.maxScheduledRuns }),
  };
}

/** "cron 0 2 * * *", for messages about a schedule that may not parse. */
function kindText(spec: ScheduleSpec): string {
  if ("interval" in spec) return `interval ${String(spec.interval)}`;
  return "cron" in spec ? `cron ${spec.cron}` : `rrule ${spec.rrule}`;
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
