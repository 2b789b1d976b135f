import { type RawBuilder, sql } from "kysely";
import type { FlowRunQuery } from "../../../api/index.js";
import type { Db } from "../database.js";
import type { DialectOps } from "../dialect-ops.js";
import type { Parsed } from "../types.js";
import { and, tagCriteria } from "./filters.js";
import { flowRunWhereTerms } from "./where.js";

/**
 * How many flow runs match (`POST /flow_runs/count`, and the total of `/paginate`). With no filter
 * at all — the flow runs list as it first opens — the answer is read from `flow_run_count`, which
 * triggers keep exact in the same transaction as every insert and delete (migration 0006): counting
 * a million index entries costs tens of milliseconds, and grows with every run. A filter on tags
 * alone sums `flow_run_tag_count` (migration 0007) over the matching tag lists, for the same
 * reason: a tag most runs carry is most of the index. Any other filter counts the matching runs,
 * from an index where one covers it. Runs that are not upcoming (the default of every run list)
 * are counted as all the matching runs less the upcoming ones: the first keeps the shortcuts above,
 * the second is a short range of future expected starts, where counting the past ones would test
 * nearly every run.
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
  const upcoming = query.flow_runs?.upcoming;
  if (upcoming?.eq_ === false) {
    const all = countFlowRunsQuery(ops, { ...query, flow_runs: { ...query.flow_runs, upcoming: undefined } });
    const ahead = countFlowRunsQuery(ops, {
      ...query,
      flow_runs: { ...query.flow_runs, upcoming: { ...upcoming, eq_: true } },
    });
    return sql`select (${all}) - (${ahead}) as count`;
  }
  const terms = flowRunWhereTerms(ops, query, "count");
  if (terms.length === 0) return sql`select coalesce(sum(runs), 0) as count from flow_run_count`;
  const tags = query.flow_runs?.tags;
  const withoutTags = { ...query, flow_runs: { ...query.flow_runs, tags: undefined } };
  if (tags !== undefined && flowRunWhereTerms(ops, withoutTags, "count").length === 0) {
    const perList = tagCriteria(ops, "flow_run_tag_count.tags", tags);
    return sql`select coalesce(sum(runs), 0) as count from flow_run_tag_count where ${and(perList)}`;
  }
  return sql`select count(*) as count from flow_run where ${and(terms)}`;
}
