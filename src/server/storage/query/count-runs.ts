import { type RawBuilder, sql } from "kysely";
import type { FlowRunQuery } from "../../../api/index.js";
import type { Db } from "../database.js";
import type { DialectOps } from "../dialect-ops.js";
import type { Parsed } from "../store.js";
import { and } from "./filters.js";
import { flowRunWhereTerms } from "./where.js";

/**
 * How many flow runs match (`POST /flow_runs/count`, and the total of `/paginate`). With no filter
 * at all — the flow runs list as it first opens — the answer is read from `flow_run_count`, which
 * triggers keep exact in the same transaction as every insert and delete (migration 0006): counting
 * a million index entries costs tens of milliseconds, and grows with every run. Any filter counts
 * the matching runs, from an index where one covers it.
 */
export async function countFlowRuns(
  db: Db,
  ops: DialectOps,
  query: Parsed<typeof FlowRunQuery>,
): Promise<number> {
  const { rows } = await countFlowRunsQuery(ops, query).execute(db);
  return Number(rows[0]?.count ?? 0);
}

/** The query of {@link countFlowRuns}. */
export function countFlowRunsQuery(
  ops: DialectOps,
  query: Parsed<typeof FlowRunQuery>,
): RawBuilder<{ count: number | string }> {
  const terms = flowRunWhereTerms(ops, query, "count");
  return terms.length === 0
    ? sql`select coalesce(sum(runs), 0) as count from flow_run_count`
    : sql`select count(*) as count from flow_run where ${and(terms)}`;
}
