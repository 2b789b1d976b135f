import { sql } from "kysely";
import { type FlowRunGraph, type GraphNode, MAX_GRAPH_NODES } from "../../../api/index.js";
import type { StateType } from "../../../core/states.js";
import { isUuid, isoOrNull } from "../codec.js";
import type { StoreContext } from "../context.js";

/** One row of the node query: a task run or a subflow run, with what orders it. */
interface NodeRow {
  readonly kind: GraphNode["kind"];
  readonly id: string;
  readonly label: string;
  readonly state_type: string | null;
  readonly state_name: string | null;
  readonly start_time: number | null;
  readonly end_time: number | null;
  readonly run_count: number;
  readonly created: number;
  readonly parent_task_run_id: string | null;
}

/**
 * A flow run's timeline (`GET /flow_runs/{id}/graph`): its own task runs, and the flow runs
 * started from them (subflows), by start time — runs that have not started last — then creation.
 *
 * A subflow appears twice, as in Prefect: as the task run that stands for it in this run (the SDK
 * creates one and passes its id as the child's `parent_task_run_id`) and as the child flow run,
 * whose `parent_task_run_id` names that task run so the UI can pair them. Both kinds come from one
 * UNION query ordered and cut by the database, so a run with a huge fan-out costs one bounded read.
 * Undefined for an unknown flow run.
 */
export async function flowRunGraph(ctx: StoreContext, id: string): Promise<FlowRunGraph | undefined> {
  if (!isUuid(id)) return undefined;
  const run = await ctx.db
    .selectFrom("flow_run")
    .select(["start_time", "end_time"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (run === undefined) return undefined;
  const rows = (await ctx.db
    .selectFrom("task_run")
    .select([
      sql<string>`'task-run'`.as("kind"),
      "task_run.id",
      "task_run.name as label",
      "task_run.state_type",
      "task_run.state_name",
      "task_run.start_time",
      "task_run.end_time",
      "task_run.run_count",
      "task_run.created",
      sql<string | null>`null`.as("parent_task_run_id"),
    ])
    .where("task_run.flow_run_id", "=", id)
    .unionAll(
      ctx.db
        .selectFrom("flow_run")
        .innerJoin("task_run", "task_run.id", "flow_run.parent_task_run_id")
        .select([
          sql<string>`'flow-run'`.as("kind"),
          "flow_run.id",
          "flow_run.name as label",
          "flow_run.state_type",
          "flow_run.state_name",
          "flow_run.start_time",
          "flow_run.end_time",
          "flow_run.run_count",
          "flow_run.created",
          "flow_run.parent_task_run_id",
        ])
        .where("task_run.flow_run_id", "=", id),
    )
    // Only output column names may order a compound SELECT (SQLite); NULLS LAST works in both.
    .orderBy(sql`start_time asc nulls last`)
    .orderBy(sql`created asc`)
    .orderBy(sql`id asc`)
    .limit(MAX_GRAPH_NODES + 1)
    .execute()) as NodeRow[];
  return {
    flow_run_id: id,
    start_time: isoOrNull(run.start_time),
    end_time: isoOrNull(run.end_time),
    nodes: rows.slice(0, MAX_GRAPH_NODES).map(toNode),
    truncated: rows.length > MAX_GRAPH_NODES,
  };
}

function toNode(row: NodeRow): GraphNode {
  return {
    kind: row.kind,
    id: row.id,
    label: row.label,
    state_type: row.state_type as StateType | null,
    state_name: row.state_name,
    start_time: isoOrNull(row.start_time),
    end_time: isoOrNull(row.end_time),
    run_count: Number(row.run_count),
    parent_task_run_id: row.parent_task_run_id,
  };
}
