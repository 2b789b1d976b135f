import { Cron } from "croner";
import type { FloatingSource } from "./floating.js";

/*
 * Cron matching runs in UTC on floating wall-clock time (see zone.ts) instead of croner's own
 * `timezone` option: croner fires an hourly job twice in a fall-back hour and moves fixed-time jobs
 * in a gap to the gap's end, while Prefect (croniter) fires once per wall-clock time. Matching
 * wall-clock times and mapping them ourselves gives that behaviour for every expression.
 */

const FIELD_HELP = "minute hour day-of-month month day-of-week";

function build(expression: string, dayOr: boolean): Cron {
  return new Cron(expression.trim(), {
    timezone: "UTC",
    mode: "5-or-6-parts",
    domAndDow: !dayOr,
    paused: true,
  });
}

/** What is wrong with a cron expression, or undefined when croner accepts it. */
export function cronProblem(expression: string, dayOr = true): string | undefined {
  const text = expression.trim();
  const shown = JSON.stringify(expression);
  const fields = text === "" ? [] : text.split(/\s+/);
  if (!text.startsWith("@") && fields.length !== 5 && fields.length !== 6) {
    return (
      `invalid cron ${shown}: expected 5 fields (${FIELD_HELP}) or 6 with seconds first, ` +
      `got ${fields.length}`
    );
  }
  const keyword = fields.some((field) => field.split(/[,/-]/).some((t) => /^[HR](\(|$)/i.test(t)));
  if (keyword) {
    return `invalid cron ${shown}: the random "R" and hashed "H" keywords are not supported`;
  }
  try {
    build(text, dayOr);
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^CronPattern:\s*/, "") : "";
    return `invalid cron ${shown}: ${reason || "not a valid expression"}`;
  }
}

/** Wall-clock matches of a cron expression, as a floating source. */
export function cronSource(expression: string, dayOr = true): FloatingSource {
  const job = build(expression, dayOr);
  return (from, to, visit) => {
    let previous = new Date(from);
    for (;;) {
      const next = job.nextRun(previous);
      if (next === null || next.getTime() > to || !visit(next.getTime())) return;
      previous = next;
    }
  };
}
