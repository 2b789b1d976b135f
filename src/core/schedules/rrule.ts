import * as rruleModule from "rrule";
import type { Options, RRule as RRuleType, RRuleSet as RRuleSetType } from "rrule";
import type { FloatingSource } from "./floating.js";
import type { RRuleSchedule } from "./types.js";
import { DEFAULT_ZONE, fromFloating, toFloating, zoneProblem } from "./zone.js";

// rrule ships CommonJS to Node: its ESM loader puts the exports under `default`, while CommonJS
// loaders (tsx's require mode, bundlers) give them as named exports.
const rrule: typeof rruleModule =
  (rruleModule as unknown as { default?: typeof rruleModule }).default ?? rruleModule;
const { RRule, RRuleSet, rrulestr } = rrule;

/** Prefect's limit on the rule text. */
export const MAX_RRULE_LENGTH = 6500;

// With no DTSTART, rrule would start at "now" and shift INTERVAL>1 rules between calls.
const DEFAULT_DTSTART = Date.UTC(2020, 0, 1);

const RANGES: ReadonlyArray<[keyof Options, string, number, number]> = [
  ["byhour", "BYHOUR", 0, 23],
  ["byminute", "BYMINUTE", 0, 59],
  ["bysecond", "BYSECOND", 0, 59],
];

interface ParsedRule {
  set: RRuleSetType;
  /** DTSTART's TZID, if any. */
  tzid: string | undefined;
}

function parse(text: string): ParsedRule {
  const set = rrulestr(text, { forceset: true, unfold: true }) as RRuleSetType;
  const first = set.rrules()[0] ?? set.exrules()[0];
  return { set, tzid: first?.origOptions.tzid ?? undefined };
}

function ruleProblems(rule: RRuleType, kind: string): string[] {
  const options = rule.origOptions;
  const problems: string[] = [];
  if (options.freq === undefined) problems.push(`${kind} needs FREQ (e.g. FREQ=DAILY)`);
  if (options.count !== undefined && options.count !== null) {
    problems.push("rrule COUNT is not supported (as in Prefect); end the rule with UNTIL instead");
  }
  if (options.interval !== undefined && !(options.interval >= 1)) {
    problems.push(`${kind} INTERVAL must be 1 or more, got ${options.interval}`);
  }
  for (const [key, name, low, high] of RANGES) {
    const values = [options[key]].flat().filter((value) => typeof value === "number");
    const bad = values.filter((value) => value < low || value > high);
    if (bad.length > 0) problems.push(`${kind} ${name} must be ${low}–${high}, got ${bad.join(",")}`);
  }
  return problems;
}

/** Readable problems with an rrule schedule's text and zones; empty when valid. */
export function rruleProblems(schedule: RRuleSchedule): string[] {
  const text = schedule.rrule;
  if (text.length > MAX_RRULE_LENGTH) {
    return [`rrule is ${text.length} characters; the limit is ${MAX_RRULE_LENGTH}`];
  }
  let parsed: ParsedRule;
  try {
    parsed = parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : "unparseable";
    const shown = text.length > 80 ? `${text.slice(0, 77)}...` : text;
    return [`invalid rrule ${JSON.stringify(shown)}: ${reason}`];
  }
  const rules = parsed.set.rrules();
  const problems = [
    ...rules.flatMap((rule) => ruleProblems(rule, "RRULE")),
    ...parsed.set.exrules().flatMap((rule) => ruleProblems(rule, "EXRULE")),
  ];
  if (rules.length === 0) problems.push("rrule needs an RRULE line (e.g. FREQ=WEEKLY;BYDAY=MO)");
  const tzProblem = parsed.tzid === undefined ? undefined : zoneProblem(parsed.tzid);
  if (tzProblem) problems.push(`rrule DTSTART TZID: ${tzProblem}`);
  return problems;
}

/** The zone an rrule schedule runs in: its own, else DTSTART's TZID, else UTC. */
export function rruleZone(schedule: RRuleSchedule): string {
  if (schedule.timezone) return schedule.timezone;
  try {
    return parse(schedule.rrule).tzid ?? DEFAULT_ZONE;
  } catch {
    return DEFAULT_ZONE;
  }
}

/** rrule hands dates over as UTC fields; move them from `source`'s wall clock to `zone`'s. */
function reFloat(date: Date, source: string, zone: string): Date {
  if (source === zone) return date;
  return new Date(toFloating(fromFloating(date.getTime(), source), zone));
}

/** The source zone of a DTSTART / UNTIL value written in the rule text. */
function valueZone(text: string, name: "DTSTART" | "UNTIL", tzid: string | undefined): string {
  const utc = new RegExp(`${name}[^\\n]*?[:=]\\d{8}T\\d{6}Z`, "i").test(text);
  if (utc) return DEFAULT_ZONE;
  return name === "DTSTART" ? (tzid ?? "") : "";
}

const UNIT_MS: Partial<Record<number, number>> = {
  [RRule.WEEKLY]: 7 * 86_400_000,
  [RRule.DAILY]: 86_400_000,
  [RRule.HOURLY]: 3_600_000,
  [RRule.MINUTELY]: 60_000,
  [RRule.SECONDLY]: 1_000,
};

/**
 * rrule walks every occurrence from DTSTART, so a minutely rule started in 2020 would walk
 * millions. Moving DTSTART forward by whole periods (INTERVAL × the frequency's unit, in floating
 * time, which has no DST) keeps every later occurrence, its phase and its default time of day;
 * COUNT is rejected, so nothing counts from DTSTART. Monthly and yearly rules are left alone.
 */
function moveNear(options: Partial<Options>, from: number): Partial<Options> {
  const unit = options.freq === undefined ? undefined : UNIT_MS[options.freq];
  const start = options.dtstart?.getTime();
  if (unit === undefined || start === undefined) return options;
  const period = unit * Math.max(1, options.interval ?? 1);
  const periods = Math.floor((from - start) / period) - 1;
  if (periods <= 0) return options;
  return { ...options, dtstart: new Date(start + periods * period) };
}

/**
 * Rebuilds the rules on floating wall-clock time in `zone` (BYHOUR and friends mean local hours
 * there): DTSTART, UNTIL, RDATE and EXDATE become wall-clock values in `zone`. A value written in
 * UTC ("Z") or with a TZID is converted; a floating value is already wall-clock in `zone`.
 */
export function rruleSource(schedule: RRuleSchedule): FloatingSource {
  const zone = rruleZone(schedule);
  const { set, tzid } = parse(schedule.rrule);
  const startZone = valueZone(schedule.rrule, "DTSTART", tzid) || zone;
  const untilZone = valueZone(schedule.rrule, "UNTIL", tzid) || zone;
  const dateZone = tzid ?? zone;
  const rebuild = (rule: RRuleType): Partial<Options> => {
    const { dtstart, until } = rule.origOptions;
    return {
      ...rule.origOptions,
      tzid: null,
      dtstart: dtstart ? reFloat(dtstart, startZone, zone) : new Date(DEFAULT_DTSTART),
      until: until ? reFloat(until, untilZone, zone) : null,
    };
  };
  const rules = set.rrules().map(rebuild);
  const exrules = set.exrules().map(rebuild);
  const rdates = set.rdates().map((date) => reFloat(date, dateZone, zone));
  const exdates = set.exdates().map((date) => reFloat(date, dateZone, zone));
  return (from, to, visit) => {
    const floating = new RRuleSet();
    for (const rule of rules) floating.rrule(new RRule(moveNear(rule, from)));
    for (const rule of exrules) floating.exrule(new RRule(moveNear(rule, from)));
    for (const date of rdates) floating.rdate(date);
    for (const date of exdates) floating.exdate(date);
    floating.between(new Date(from), new Date(to), false, (date) => visit(date.getTime()));
  };
}
