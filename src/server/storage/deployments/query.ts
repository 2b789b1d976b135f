/**
 * @module Reading deployments: rows joined with their flow's name, the WHERE clause of
 * `POST /deployments/filter|count`, and its sort orders.
 */
import { type RawBuilder, sql } from "kysely";
import type { DeploymentQuery } from "../../../api/index.js";
import type { Db } from "../database.js";
import type { DialectOps } from "../dialect-ops.js";
import type { Condition } from "../query/filters.js";
import { deploymentWhere as crossWhere } from "../query/where.js";
import type { Parsed } from "../types.js";

/** Deployment rows with `flow_name`, ready for {@link deploymentFromRow}. */
export function selectDeploymentRows(db: Db) {
  return db
    .selectFrom("deployment")
    .innerJoin("flow", "flow.id", "deployment.flow_id")
    .selectAll("deployment")
    .select("flow.name as flow_name");
}

/** The WHERE clause of a deployment query (the flow is joined, so its columns are in reach). */
export function deploymentWhere(ops: DialectOps, query: Parsed<typeof DeploymentQuery>): Condition {
  return crossWhere(ops, query);
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
