/**
 * @module What the schedule dialog edits, and the schedule it makes: an interval in friendly units
 * (every 5 minutes), a cron expression or an rrule, each with a time zone.
 */
import type { DeploymentSchedule, Schedule } from "../../../../src/api/deployments.js";
import { isoToLocalInput, localInputToIso } from "../../components/schema-form/values.js";
import { intervalUnit } from "./schedule-words.js";

/** The three kinds of schedule. */
export type ScheduleKind = "interval" | "cron" | "rrule";

/** The dialog's fields, as typed. */
export interface ScheduleDraft {
  readonly kind: ScheduleKind;
  /** Interval count, in `unit` seconds. */
  readonly every: string;
  readonly unit: number;
  /** `datetime-local` text, "" for none. */
  readonly anchor: string;
  readonly cron: string;
  readonly dayOr: boolean;
  readonly rrule: string;
  readonly timezone: string;
  readonly active: boolean;
}

/** Interval units offered. */
export const UNITS = [
  { seconds: 1, label: "seconds" },
  { seconds: 60, label: "minutes" },
  { seconds: 3600, label: "hours" },
  { seconds: 86_400, label: "days" },
] as const;

/**
 * The draft of an existing schedule, or of a new one in `defaultZone`. A new one starts empty: a
 * pre-filled expression would be a real schedule that one careless Save turns into runs nobody
 * chose (the inputs show examples as placeholders instead).
 */
export function draftOf(entry: DeploymentSchedule | undefined, defaultZone: string): ScheduleDraft {
  const blank: ScheduleDraft = {
    kind: "cron",
    every: "",
    unit: 3600,
    anchor: "",
    cron: "",
    dayOr: true,
    rrule: "",
    timezone: defaultZone,
    active: true,
  };
  if (!entry) return blank;
  const schedule = entry.schedule;
  const common = { ...blank, timezone: schedule.timezone ?? "", active: entry.active };
  if ("interval" in schedule) {
    const { count, unit } = intervalUnit(schedule.interval);
    return {
      ...common,
      kind: "interval",
      every: String(count),
      unit,
      anchor: isoToLocalInput(schedule.anchor_date) ?? "",
    };
  }
  if ("cron" in schedule) return { ...common, kind: "cron", cron: schedule.cron, dayOr: schedule.day_or };
  return { ...common, kind: "rrule", rrule: schedule.rrule };
}

/** The schedule a draft describes, or why it cannot be one yet. */
export function scheduleOf(draft: ScheduleDraft): { schedule: Schedule } | { error: string } {
  const timezone = draft.timezone.trim() || null;
  if (draft.kind === "interval") {
    const every = Number(draft.every);
    if (draft.every.trim() === "" || !Number.isFinite(every) || every <= 0) {
      return { error: "Enter how often, as a positive number" };
    }
    const anchor = draft.anchor ? localInputToIso(draft.anchor) : null;
    if (anchor === undefined) return { error: "The anchor date is not a valid date and time" };
    return { schedule: { interval: every * draft.unit, anchor_date: anchor, timezone } };
  }
  if (draft.kind === "cron") {
    if (draft.cron.trim() === "") return { error: "Enter a cron expression, e.g. 0 9 * * 1" };
    return { schedule: { cron: draft.cron.trim(), timezone, day_or: draft.dayOr } };
  }
  if (draft.rrule.trim() === "") return { error: "Enter a recurrence rule, e.g. FREQ=WEEKLY;BYDAY=MO" };
  return { schedule: { rrule: draft.rrule.trim(), timezone } };
}
