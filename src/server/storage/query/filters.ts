import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { FlowFilter, FlowRunFilter, LogFilter, TaskRunFilter } from "../../../api/index.js";
import { msFromIso } from "../codec.js";
import type { DialectOps } from "../dialect-ops.js";

/**
 * Prefect-style filter objects (src/api/filters.ts) as SQL conditions. Every criterion of every
 * filter is translated here, once, for both dialects; queries AND the conditions together.
 * Columns are qualified by table name (`flow_run.state_type`), so a condition keeps its meaning
 * inside the EXISTS subqueries that implement cross-resource filters.
 */
export type Condition = RawBuilder<SqlBool>;

type IdCriteria = { any_?: readonly string[]; not_any_?: readonly string[]; is_null_?: boolean };
type NameCriteria = { any_?: readonly string[]; like_?: string };
type TagCriteria = { all_?: readonly string[]; any_?: readonly string[]; is_null_?: boolean };
type TimeCriteria = { before_?: string; after_?: string; is_null_?: boolean };
type StateCriteria = NonNullable<FlowRunFilter["state"]>;

const ALWAYS = sql<SqlBool>`1 = 1`;
const NEVER = sql<SqlBool>`1 = 0`;

/** All of `conditions` (true when there are none). */
export function and(conditions: readonly Condition[]): Condition {
  if (conditions.length === 0) return ALWAYS;
  if (conditions.length === 1) return conditions[0] ?? ALWAYS;
  return sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;
}

function oneOf(column: string, values: readonly unknown[]): Condition {
  // `in ()` is a syntax error, and "any of nothing" matches nothing (as in Prefect).
  if (values.length === 0) return NEVER;
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join([...values])})`;
}

function noneOf(column: string, values: readonly unknown[]): Condition {
  if (values.length === 0) return ALWAYS;
  // A NULL is "none of these" too; plain NOT IN would drop it.
  return sql<SqlBool>`(${sql.ref(column)} is null or ${sql.ref(column)} not in (${sql.join([...values])}))`;
}

function isNull(column: string, wanted: boolean): Condition {
  return wanted ? sql<SqlBool>`${sql.ref(column)} is null` : sql<SqlBool>`${sql.ref(column)} is not null`;
}

/** `any_`, `not_any_` and `is_null_` on an id column. */
export function idCriteria(column: string, c: IdCriteria | undefined): Condition[] {
  if (c === undefined) return [];
  const out: Condition[] = [];
  if (c.any_ !== undefined) out.push(oneOf(column, c.any_));
  if (c.not_any_ !== undefined) out.push(noneOf(column, c.not_any_));
  if (c.is_null_ !== undefined) out.push(isNull(column, c.is_null_));
  return out;
}

/** `like_` is a case-insensitive substring match; `%`, `_` and `\` in it are taken literally. */
export function nameCriteria(column: string, c: NameCriteria | undefined): Condition[] {
  if (c === undefined) return [];
  const out: Condition[] = [];
  if (c.any_ !== undefined) out.push(oneOf(column, c.any_));
  if (c.like_ !== undefined) {
    const pattern = `%${c.like_.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    out.push(sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`);
  }
  return out;
}

/** Conditions on a JSON list of tags in `column`. */
export function tagCriteria(ops: DialectOps, column: string, c: TagCriteria | undefined): Condition[] {
  if (c === undefined) return [];
  const out: Condition[] = [];
  if (c.all_ !== undefined && c.all_.length > 0) out.push(ops.tagsContainAll(column, c.all_));
  if (c.any_ !== undefined) out.push(c.any_.length > 0 ? ops.tagsContainAny(column, c.any_) : NEVER);
  if (c.is_null_ !== undefined) {
    const empty = ops.tagsEmpty(column);
    out.push(c.is_null_ ? empty : sql<SqlBool>`not (${empty})`);
  }
  return out;
}

/** `before_` and `after_` are inclusive, as in Prefect. */
function timeCriteria(column: string, c: TimeCriteria | undefined): Condition[] {
  if (c === undefined) return [];
  const out: Condition[] = [];
  if (c.before_ !== undefined) out.push(sql<SqlBool>`${sql.ref(column)} <= ${msFromIso(c.before_)}`);
  if (c.after_ !== undefined) out.push(sql<SqlBool>`${sql.ref(column)} >= ${msFromIso(c.after_)}`);
  if (c.is_null_ !== undefined) out.push(isNull(column, c.is_null_));
  return out;
}

function stateCriteria(table: string, c: StateCriteria | undefined): Condition[] {
  if (c === undefined) return [];
  return [
    ...idCriteria(`${table}.state_type`, c.type),
    ...(c.name?.any_ !== undefined ? [oneOf(`${table}.state_name`, c.name.any_)] : []),
    ...(c.name?.not_any_ !== undefined ? [noneOf(`${table}.state_name`, c.name.not_any_)] : []),
  ];
}

/** Conditions on `flow`. */
export function flowConditions(ops: DialectOps, f: FlowFilter | undefined): Condition[] {
  if (f === undefined) return [];
  return [
    ...idCriteria("flow.id", f.id),
    ...nameCriteria("flow.name", f.name),
    ...tagCriteria(ops, "flow.tags", f.tags),
  ];
}

/**
 * What flow-run conditions are for. Listing walks the index of the list's order and tests each
 * run on the way; counting wants conditions that an index can answer as ranges.
 */
export type RunConditionUse = "list" | "count";

/**
 * Tag criteria on flow runs. Testing a run's JSON list is the slow part of a tag filter, so where
 * it pays, a list is tested once per distinct value instead of once per run: the
 * `flow_run_tag_list` dictionary (migration 0006, kept by triggers) holds every `flow_run.tags`
 * value ever stored, and the runs holding the matching ones are ranges of the
 * (tags, expected_start_time) index. The result is the same: a run matches exactly when its own
 * list does.
 * - SQLite (`IN (lists)`) for both uses: `json_each` over every run costs seconds at a million.
 * - PostgreSQL, counting: the lists as an array, an index condition a parallel scan splits, so
 *   700,000 runs with a tag are 700,000 index entries rather than a million `@>` tests.
 * - PostgreSQL, listing: the run's own `@>`, cheap on jsonb, tested while walking the list's index
 *   (which carries the tags); a join to the dictionary would be planned on statistics autovacuum
 *   may never take for so small a table.
 */
function flowRunTagCriteria(ops: DialectOps, c: TagCriteria | undefined, use: RunConditionUse): Condition[] {
  if (ops.name === "postgres" && use === "list") return tagCriteria(ops, "flow_run.tags", c);
  const perList = tagCriteria(ops, "flow_run_tag_list.tags", c);
  if (perList.length === 0) return [];
  const lists = sql`select flow_run_tag_list.tags from flow_run_tag_list where ${and(perList)}`;
  return [
    ops.name === "postgres"
      ? sql<SqlBool>`flow_run.tags = any(array(${lists}))`
      : sql<SqlBool>`flow_run.tags in (${lists})`,
  ];
}

/** Conditions on `flow_run`. */
export function flowRunConditions(
  ops: DialectOps,
  f: FlowRunFilter | undefined,
  use: RunConditionUse = "list",
): Condition[] {
  if (f === undefined) return [];
  return [
    ...idCriteria("flow_run.id", f.id),
    ...nameCriteria("flow_run.name", f.name),
    ...flowRunTagCriteria(ops, f.tags, use),
    ...stateCriteria("flow_run", f.state),
    ...idCriteria("flow_run.flow_id", f.flow_id),
    ...idCriteria("flow_run.deployment_id", f.deployment_id),
    ...idCriteria("flow_run.parent_task_run_id", f.parent_task_run_id),
    ...timeCriteria("flow_run.start_time", f.start_time),
    ...timeCriteria("flow_run.end_time", f.end_time),
    ...timeCriteria("flow_run.expected_start_time", f.expected_start_time),
    ...timeCriteria("flow_run.next_scheduled_start_time", f.next_scheduled_start_time),
    ...nameCriteria("flow_run.work_pool_name", f.work_pool_name),
    ...nameCriteria("flow_run.work_queue_name", f.work_queue_name),
    ...booleanCriteria("flow_run.auto_scheduled", f.auto_scheduled),
    ...upcomingCriteria(f),
  ];
}

/** Whether the state criteria leave SCHEDULED runs out, so that none of the runs can be upcoming. */
function excludesScheduled(state: StateCriteria | undefined): boolean {
  const types = state?.type;
  if (types?.any_ !== undefined && !types.any_.includes("SCHEDULED")) return true;
  return types?.not_any_?.includes("SCHEDULED") ?? false;
}

/**
 * `upcoming` (see src/api/filters.ts): SCHEDULED, not waiting to retry, expected after `at_`. Each
 * part is a column of the (expected_start_time, id, state_type, state_name) index, so the upcoming
 * runs are one range of it, read without opening a row. The rest, `eq_: false`, is said as "not
 * one of the upcoming runs": those are few (the scheduler bounds them), and testing a run's id
 * against them keeps any list on its own covering index. When the state criteria already rule
 * SCHEDULED out, "not upcoming" holds for every run and adds nothing at all.
 */
function upcomingCriteria(f: FlowRunFilter): Condition[] {
  const c = f.upcoming;
  if (c === undefined) return [];
  if (excludesScheduled(f.state)) return c.eq_ ? [NEVER] : [];
  const upcoming = upcomingRuns(msFromIso(c.at_));
  if (c.eq_) return [upcoming];
  return [sql<SqlBool>`flow_run.id not in (select flow_run.id from flow_run where ${upcoming})`];
}

/** A run waiting to retry has started: it is not upcoming, however far its next attempt is. */
const RETRYING = "AwaitingRetry";

/**
 * The upcoming runs. `state_type || ''` keeps SQLite (which plans without statistics) off the
 * (state_type, expected_start_time) index, which lacks state_name and so would open every
 * future run's row: the range of future expected starts in the list's own index answers it all.
 */
function upcomingRuns(at: number): Condition {
  return sql<SqlBool>`(flow_run.expected_start_time > ${at} and flow_run.state_type || '' = 'SCHEDULED' and (flow_run.state_name is null or flow_run.state_name <> ${RETRYING}))`;
}

/** `eq_` on a boolean column; TRUE/FALSE literals mean the same in SQLite (1/0) and PostgreSQL. */
export function booleanCriteria(column: string, c: { eq_?: boolean } | undefined): Condition[] {
  if (c?.eq_ === undefined) return [];
  return [sql<SqlBool>`${sql.ref(column)} = ${sql.lit(c.eq_)}`];
}

/** Conditions on `task_run`. */
export function taskRunConditions(ops: DialectOps, f: TaskRunFilter | undefined): Condition[] {
  if (f === undefined) return [];
  return [
    ...idCriteria("task_run.id", f.id),
    ...nameCriteria("task_run.name", f.name),
    ...tagCriteria(ops, "task_run.tags", f.tags),
    ...stateCriteria("task_run", f.state),
    ...idCriteria("task_run.flow_run_id", f.flow_run_id),
    ...timeCriteria("task_run.start_time", f.start_time),
  ];
}

/** Conditions on `log`. */
export function logConditions(f: LogFilter | undefined): Condition[] {
  if (f === undefined) return [];
  const out = [
    ...idCriteria("log.flow_run_id", f.flow_run_id),
    ...idCriteria("log.task_run_id", f.task_run_id),
    ...timeCriteria("log.timestamp", f.timestamp),
  ];
  if (f.level?.ge_ !== undefined) out.push(sql<SqlBool>`log.level >= ${f.level.ge_}`);
  if (f.level?.le_ !== undefined) out.push(sql<SqlBool>`log.level <= ${f.level.le_}`);
  return out;
}
