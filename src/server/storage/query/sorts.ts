import { type RawBuilder, sql } from "kysely";
import type { z } from "zod";
import type { FlowRunSort, FlowSort, LogSort, TaskRunSort } from "../../../api/index.js";

/**
 * ORDER BY terms for each sort enum. NULLs always sort last, whatever the direction (the two
 * dialects disagree by default), and ties are broken by id so that pages are stable.
 *
 * Each order is spelled so that an index can produce it (migration 0006), which is what keeps a
 * page of a million runs cheap:
 * - columns that are never NULL (ids, names, log timestamps) get a plain ASC/DESC, which one index
 *   serves in both directions on both dialects;
 * - a nullable column descending is `DESC NULLS LAST`: SQLite's natural DESC order, and how the
 *   PostgreSQL indexes are declared;
 * - a nullable column ascending is `(x is null), x` — the same order as `x ASC NULLS LAST`, which
 *   SQLite can never read from an index, while this can be (an index on those two expressions).
 */
type OrderTerm = RawBuilder<unknown>;

/** A column that is never NULL. */
const asc = (expression: RawBuilder<unknown>) => sql`${expression} asc`;
/** A column that is never NULL. */
const desc = (expression: RawBuilder<unknown>) => sql`${expression} desc`;
const descNullsLast = (expression: RawBuilder<unknown>) => sql`${expression} desc nulls last`;
const ascNullsLast = (expression: RawBuilder<unknown>): OrderTerm[] => [
  sql`(${expression} is null) asc`,
  sql`${expression} asc`,
];
const col = (column: string) => sql.ref(column);

/** Order of `POST /flows/filter`. */
export function flowOrder(sort: z.output<typeof FlowSort>): OrderTerm[] {
  switch (sort) {
    case "CREATED_DESC":
      return [desc(col("flow.created")), desc(col("flow.id"))];
    case "UPDATED_DESC":
      return [desc(col("flow.updated")), desc(col("flow.id"))];
    case "NAME_DESC":
      return [desc(col("flow.name")), desc(col("flow.id"))];
    default:
      return [asc(col("flow.name")), asc(col("flow.id"))];
  }
}

/** Order of `POST /flow_runs/filter`. A run that has not started sorts by its expected start. */
export function flowRunOrder(sort: z.output<typeof FlowRunSort>): OrderTerm[] {
  const started = sql`coalesce(flow_run.start_time, flow_run.expected_start_time)`;
  switch (sort) {
    case "START_TIME_ASC":
      return [...ascNullsLast(started), asc(col("flow_run.id"))];
    case "START_TIME_DESC":
      return [descNullsLast(started), desc(col("flow_run.id"))];
    case "EXPECTED_START_TIME_ASC":
      return [...ascNullsLast(col("flow_run.expected_start_time")), asc(col("flow_run.id"))];
    case "EXPECTED_START_TIME_DESC":
      return [descNullsLast(col("flow_run.expected_start_time")), desc(col("flow_run.id"))];
    case "NAME_ASC":
      return [asc(col("flow_run.name")), asc(col("flow_run.id"))];
    case "NAME_DESC":
      return [desc(col("flow_run.name")), desc(col("flow_run.id"))];
    case "NEXT_SCHEDULED_START_TIME_ASC":
      return [...ascNullsLast(col("flow_run.next_scheduled_start_time")), asc(col("flow_run.id"))];
    case "END_TIME_DESC":
      return [descNullsLast(col("flow_run.end_time")), desc(col("flow_run.id"))];
    default:
      return [desc(col("flow_run.id"))];
  }
}

/** Order of `POST /task_runs/filter`. */
export function taskRunOrder(sort: z.output<typeof TaskRunSort>): OrderTerm[] {
  switch (sort) {
    case "EXPECTED_START_TIME_ASC":
      return [...ascNullsLast(col("task_run.expected_start_time")), asc(col("task_run.id"))];
    case "EXPECTED_START_TIME_DESC":
      return [descNullsLast(col("task_run.expected_start_time")), desc(col("task_run.id"))];
    case "NAME_ASC":
      return [asc(col("task_run.name")), asc(col("task_run.id"))];
    case "NAME_DESC":
      return [desc(col("task_run.name")), desc(col("task_run.id"))];
    case "END_TIME_DESC":
      return [descNullsLast(col("task_run.end_time")), desc(col("task_run.id"))];
    default:
      return [desc(col("task_run.id"))];
  }
}

/** Order of `POST /logs/filter`. */
export function logOrder(sort: z.output<typeof LogSort>): OrderTerm[] {
  return sort === "TIMESTAMP_DESC"
    ? [desc(col("log.timestamp")), desc(col("log.id"))]
    : [asc(col("log.timestamp")), asc(col("log.id"))];
}
