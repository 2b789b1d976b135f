/**
 * @module Cron expressions in words: "At 09:00 on Monday", "Every 15 minutes", "At minute 5 past
 * every hour on day 1 of the month". Covers the shapes people write (numbers, lists, ranges,
 * steps, names, @macros); anything else returns undefined so callers show the expression itself.
 */

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS = [
  "",
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const MONTH_NAMES = ["", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

const MACROS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

/** One part of a list: a number or an inclusive range. */
type Part = { from: number; to: number };
/** A parsed field: anything, every n-th, or a list of numbers and ranges. */
type Field = { kind: "any" } | { kind: "step"; step: number } | { kind: "list"; parts: Part[] };

function parseValue(text: string, names: readonly string[], min: number, max: number): number | undefined {
  const named = names.indexOf(text.toUpperCase());
  const value = named >= 0 && names[named] !== "" ? named : /^\d+$/.test(text) ? Number(text) : NaN;
  return Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}

function parseField(
  text: string,
  min: number,
  max: number,
  names: readonly string[] = [],
): Field | undefined {
  if (text === "*" || text === "?") return { kind: "any" };
  const step = /^\*\/(\d+)$/.exec(text);
  if (step) return Number(step[1]) >= 1 ? { kind: "step", step: Number(step[1]) } : undefined;
  const parts: Part[] = [];
  for (const item of text.split(",")) {
    const [a, b, ...rest] = item.split("-");
    if (a === undefined || rest.length > 0) return undefined;
    const from = parseValue(a, names, min, max);
    const to = b === undefined ? from : parseValue(b, names, min, max);
    if (from === undefined || to === undefined || to < from) return undefined;
    parts.push({ from, to });
  }
  return { kind: "list", parts };
}

/** "a", "a and b", "a, b and c". */
function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

function partWords(parts: readonly Part[], word: (n: number) => string): string {
  return listWords(
    parts.map((p) => (p.from === p.to ? word(p.from) : `${word(p.from)} through ${word(p.to)}`)),
  );
}

/** The single values of a list without ranges, else undefined. */
function singles(field: Field): number[] | undefined {
  if (field.kind !== "list" || field.parts.some((p) => p.from !== p.to)) return undefined;
  return field.parts.map((p) => p.from);
}

const clock = (hour: number, minute: number) =>
  `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
const ordinal = (n: number) =>
  `${n}${n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th")}`;

/**
 * The time-of-day part, phrased as crontab.guru does ("At minute 0 past every 2nd hour"), or
 * undefined for shapes it does not cover.
 */
function timeWords(minute: Field, hour: Field): string | undefined {
  const minutes = singles(minute);
  const hours = singles(hour);
  if (minutes && hours && minutes.length * hours.length <= 6) {
    return `At ${listWords(hours.flatMap((h) => minutes.map((m) => clock(h, m))))}`;
  }
  if (hour.kind === "any" && minute.kind !== "list") {
    const step = minute.kind === "step" ? minute.step : 1;
    return step === 1 ? "Every minute" : `Every ${step} minutes`;
  }
  const within =
    minute.kind === "any"
      ? "At every minute"
      : minute.kind === "step"
        ? `At every ${minute.step === 1 ? "" : `${ordinal(minute.step)} `}minute`
        : minutes
          ? `At minute${minutes.length > 1 ? "s" : ""} ${listWords(minutes.map(String))}`
          : undefined;
  if (within === undefined) return undefined;
  if (hour.kind === "any") return `${within} past every hour`;
  if (hour.kind === "step")
    return `${within} past every ${hour.step === 1 ? "" : `${ordinal(hour.step)} `}hour`;
  const only = hour.parts.length === 1 ? hour.parts[0] : undefined;
  if (only && only.from !== only.to) return `${within} past every hour from ${only.from} through ${only.to}`;
  return `${within} past hour${hour.parts.length > 1 ? "s" : ""} ${partWords(hour.parts, String)}`;
}

/** "on day 1 of the month", "on Monday through Friday", both joined by or / if; "" for every day. */
function dayWords(dom: Field, dow: Field, dayOr: boolean): string | undefined {
  if (dom.kind === "step" || dow.kind === "step") return undefined;
  const several = dom.kind === "list" && (dom.parts.length > 1 || dom.parts.some((p) => p.from !== p.to));
  const month =
    dom.kind === "list"
      ? `on day${several ? "s" : ""} ${partWords(dom.parts, String)} of the month`
      : undefined;
  const week = dow.kind === "list" ? `on ${partWords(dow.parts, (n) => DAYS[n] ?? String(n))}` : undefined;
  if (month && week) return dayOr ? `${month} or ${week}` : `${month} if it is ${week.slice(3)}`;
  return month ?? week ?? "";
}

/**
 * A cron expression in words, or undefined when its shape is not covered.
 *
 * @example
 * cronWords("0 9 * * 1")      // "At 09:00 on Monday"
 * cronWords("*\/15 * * * *")  // "Every 15 minutes"
 */
export function cronWords(expression: string, dayOr = true): string | undefined {
  const text = expression.trim();
  const expanded = MACROS[text.toLowerCase()] ?? text;
  let fields = expanded.split(/\s+/);
  if (fields.length === 6) {
    const seconds = fields[0] ?? "";
    const rest = fields.slice(1);
    if (seconds !== "0") {
      if (rest.every((f) => f === "*")) {
        const step = parseField(seconds, 0, 59);
        if (step?.kind === "any") return "Every second";
        if (step?.kind === "step") return `Every ${step.step} seconds`;
      }
      return undefined;
    }
    fields = rest;
  }
  if (fields.length !== 5) return undefined;
  const [m, h, dom, mon, dow] = fields as [string, string, string, string, string];
  const minute = parseField(m, 0, 59);
  const hour = parseField(h, 0, 23);
  const day = parseField(dom, 1, 31);
  const month = parseField(mon, 1, 12, MONTH_NAMES);
  const weekday = parseField(dow, 0, 7, DAY_NAMES);
  if (!minute || !hour || !day || !month || !weekday) return undefined;
  const time = timeWords(minute, hour);
  const days = dayWords(day, weekday, dayOr);
  if (time === undefined || days === undefined || month.kind === "step") return undefined;
  const months = month.kind === "list" ? `in ${partWords(month.parts, (n) => MONTHS[n] ?? String(n))}` : "";
  return [time, days, months].filter(Boolean).join(" ");
}
