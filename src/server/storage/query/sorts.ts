import { type RawBuilder, sql } from "kysely";
import type { z } from "zod";
import type { FlowRunSort, FlowSort, LogSort, TaskRunSort } from "../../../api/index.js";

/**
 * ORDER BY terms for each sort enum. NULLs always sort last, whatever the direction (the two
 * dialects disagree by default), and ties are broken by id so that pages are stable.
 */
type OrderTerm = RawBuilder<unknown>;

const asc = (expression: RawBuilder<unknown>) => sql`${expression} asc nulls last`;
const desc = (expression: RawBuilder<unknown>) => sql`${expression} desc nulls last`;
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
      return [asc(started), asc(col("flow_run.id"))];
    case "START_TIME_DESC":
      return [desc(started), desc(col("flow_run.id"))];
    case "EXPECTED_START_TIME_ASC":
      return [asc(col("flow_run.expected_start_time")), asc(col("flow_run.id"))];
    case "EXPECTED_START_TIME_DESC":
      return [desc(col("flow_run.expected_start_time")), desc(col("flow_run.id"))];
    case "NAME_ASC":
      return [asc(col("flow_run.name")), asc(col("flow_run.id"))];
    case "NAME_DESC":
      return [desc(col("flow_run.name")), desc(col("flow_run.id"))];
    case "NEXT_SCHEDULED_START_TIME_ASC":
      return [asc(col("flow_run.next_scheduled_start_time")), asc(col("flow_run.id"))];
    case "END_TIME_DESC":
      return [desc(col("flow_run.end_time")), desc(col("flow_run.id"))];
    default:
      return [desc(col("flow_run.id"))];
  }
}

/** Order of `POST /task_runs/filter`. */
export function taskRunOrder(sort: z.output<typeof TaskRunSort>): OrderTerm[] {
  switch (sort) {
    case "EXPECTED_START_TIME_ASC":
      return [asc(col("task_run.expected_start_time")), asc(col("task_run.id"))];
    case "EXPECTED_START_TIME_DESC":
      return [desc(col("task_run.expected_start_time")), desc(col("task_run.id"))];
    case "NAME_ASC":
      return [asc(col("task_run.name")), asc(col("task_run.id"))];
    case "NAME_DESC":
      return [desc(col("task_run.name")), desc(col("task_run.id"))];
    case "END_TIME_DESC":
      return [desc(col("task_run.end_time")), desc(col("task_run.id"))];
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
