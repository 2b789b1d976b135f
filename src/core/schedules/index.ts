/**
 * Schedule maths: validation, occurrences in a window, the scheduler's horizon, and descriptions.
 * Pure: time zones come from the IANA data bundled with the runtime, never from the machine.
 */
export { describeSchedule } from "./describe.js";
export { nextRunTimes, type HorizonOptions } from "./horizon.js";
export { occurrences } from "./occurrences.js";
export { MAX_RRULE_LENGTH } from "./rrule.js";
export type { CronSchedule, IntervalSchedule, OccurrenceWindow, RRuleSchedule, Schedule } from "./types.js";
export { isCronSchedule, isIntervalSchedule, isRRuleSchedule } from "./types.js";
export { validateSchedule } from "./validate.js";
