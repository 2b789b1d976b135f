/**
 * @module Reading deployments: rows joined with their flow's name, the WHERE clause of
 * `POST /deployments/filter|count`, and its sort orders.
 */
import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { DeploymentQuery } from "../../../api/index.js";
import type { Db } from "../database.js";
import { and, type Condition } from "../query/filters.js";
import type { Parsed } from "../types.js";

/** Deployment rows with `flow_name`, ready for {@link deploymentFromRow}. */
export function selectDeploymentRows(db: Db) {
  return db
    .selectFrom("deployment")
    .innerJoin("flow", "flow.id", "deployment.flow_id")
    .selectAll("deployment")
    .select("flow.name as flow_name");
}

const NEVER = sql<SqlBool>`1 = 0`;

function oneOf(column: string, values: readonly unknown[] | undefined): Condition[] {
  if (values === undefined) return [];
  // "Any of nothing" matches nothing, as in the other filters.
  if (values.length === 0) return [NEVER];
  return [sql<SqlBool>`${sql.ref(column)} in (${sql.join([...values])})`];
}

/** Case-insensitive substring; `%`, `_` and `\` are taken literally. */
function like(column: string, text: string | undefined): Condition[] {
  if (text === undefined) return [];
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  return [sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`];
}

/** The WHERE clause of a deployment query (the flow is joined, so its columns are in reach). */
export function deploymentWhere(query: Parsed<typeof DeploymentQuery>): Condition {
  const d = query.deployments;
  const f = query.flows;
  const paused =
    d?.paused?.eq_ === undefined
      ? []
      : [sql<SqlBool>`${sql.ref("deployment.paused")} = ${d.paused.eq_ ? sql.lit(true) : sql.lit(false)}`];
  return and([
    ...oneOf("deployment.id", d?.id?.any_),
    ...oneOf("deployment.name", d?.name?.any_),
    ...like("deployment.name", d?.name?.like_),
    ...oneOf("deployment.work_pool_name", d?.work_pool_name?.any_),
    ...oneOf("deployment.work_queue_name", d?.work_queue_name?.any_),
    ...paused,
    ...oneOf("flow.id", f?.id?.any_),
    ...oneOf("flow.name", f?.name?.any_),
  ]);
}

const asc = (column: string) => sql`${sql.ref(column)} asc`;
const desc = (column: string) => sql`${sql.ref(column)} desc`;

/** ORDER BY terms; ties are broken by id so pages are stable. */
export function deploymentOrder(sort: Parsed<typeof DeploymentQuery>["sort"]): RawBuilder<unknown>[] {
  switch (sort) {
    case "CREATED_DESC":
      return [desc("deployment.created"), desc("deployment.id")];
    case "UPDATED_DESC":
      return [desc("deployment.updated"), desc("deployment.id")];
    case "NAME_DESC":
      return [desc("deployment.name"), desc("deployment.id")];
    default:
      return [asc("deployment.name"), asc("deployment.id")];
  }
}
