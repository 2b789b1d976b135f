import type { z } from "zod";
import type { FlowRunQuery } from "../../../api/index.js";
import type { Db } from "../database.js";
import type { DialectOps } from "../dialect-ops.js";
import { flowRunOrder } from "./sorts.js";
import { flowRunWhere } from "./where.js";

/**
 * The base SELECTs for flow-run and task-run rows in their API shape: the run's own columns, the
 * rest of its current state row (type, name and time are denormalised on the run), and for flow
 * runs the flow's name. Filters, sorts and locks are added by the callers.
 */
export function selectFlowRunRows(db: Db) {
  return db
    .selectFrom("flow_run")
    .leftJoin("flow", "flow.id", "flow_run.flow_id")
    .leftJoin("flow_run_state as current_state", "current_state.id", "flow_run.state_id")
    .selectAll("flow_run")
    .select([
      "flow.name as flow_name",
      "current_state.message as state_message",
      "current_state.data as state_data",
      "current_state.details as state_details",
    ]);
}

/**
 * One page of flow runs in their API shape (`POST /flow_runs/filter` and `/paginate`). The page's
 * ids are picked first ({@link selectFlowRunPageIds}); only the page's own rows are then read and
 * joined. Done in one go, the joins would also run for every row the offset skips: page 100 would
 * read and join 5,000 runs to return 50.
 */
export function selectFlowRunPage(db: Db, ops: DialectOps, query: z.output<typeof FlowRunQuery>) {
  let page = selectFlowRunRows(db).where("flow_run.id", "in", selectFlowRunPageIds(db, ops, query));
  for (const term of flowRunOrder(query.sort)) page = page.orderBy(term);
  return page;
}

/**
 * The ids of one page of flow runs: a query on flow_run alone (filters, order, offset) that the
 * indexes of migration 0006 answer without reading a single run row.
 */
export function selectFlowRunPageIds(db: Db, ops: DialectOps, query: z.output<typeof FlowRunQuery>) {
  let ids = db.selectFrom("flow_run").select("flow_run.id").where(flowRunWhere(ops, query));
  for (const term of flowRunOrder(query.sort)) ids = ids.orderBy(term);
  return ids.limit(query.limit).offset(query.offset);
}

/** See {@link selectFlowRunRows}. */
export function selectTaskRunRows(db: Db) {
  return db
    .selectFrom("task_run")
    .leftJoin("task_run_state as current_state", "current_state.id", "task_run.state_id")
    .selectAll("task_run")
    .select([
      "current_state.message as state_message",
      "current_state.data as state_data",
      "current_state.details as state_details",
    ]);
}
