import { type SqlBool, sql } from "kysely";
import type {
  DeploymentFilter,
  FlowFilter,
  FlowRunFilter,
  TaskRunFilter,
  WorkPoolFilter,
  WorkQueueFilter,
} from "../../../api/index.js";
import type { DialectOps } from "../dialect-ops.js";
import {
  and,
  type Condition,
  flowConditions,
  flowRunConditions,
  type RunConditionUse,
  taskRunConditions,
} from "./filters.js";
import { deploymentConditions, workPoolConditions, workQueueConditions } from "./resource-filters.js";

/**
 * The WHERE clause of each resource's filter/count queries, cross-resource filters included.
 * Related resources are matched with EXISTS subqueries (never joins), so a run matching through
 * several task runs is still listed once and counts need no DISTINCT.
 */
export interface CrossFilters {
  readonly flows?: FlowFilter;
  readonly flow_runs?: FlowRunFilter;
  readonly task_runs?: TaskRunFilter;
  readonly deployments?: DeploymentFilter;
  readonly work_pools?: WorkPoolFilter;
  readonly work_pool_queues?: WorkQueueFilter;
}

function exists(from: string, link: Condition, conditions: readonly Condition[]): Condition[] {
  // An empty related filter ({}) adds nothing, rather than requiring a related row to exist.
  if (conditions.length === 0) return [];
  return [sql<SqlBool>`exists (select 1 from ${sql.table(from)} where ${link} and ${and(conditions)})`];
}

const FLOW_OF_RUN = sql<SqlBool>`flow.id = flow_run.flow_id`;
const RUN_OF_FLOW = sql<SqlBool>`flow_run.flow_id = flow.id`;
const TASK_OF_RUN = sql<SqlBool>`task_run.flow_run_id = flow_run.id`;
const RUN_OF_TASK = sql<SqlBool>`flow_run.id = task_run.flow_run_id`;
const DEPLOYMENT_OF_RUN = sql<SqlBool>`deployment.id = flow_run.deployment_id`;
const RUN_OF_DEPLOYMENT = sql<SqlBool>`flow_run.deployment_id = deployment.id`;
const QUEUE_OF_RUN = sql<SqlBool>`work_queue.id = flow_run.work_queue_id`;
const POOL_OF_RUN = sql<SqlBool>`work_pool.id = flow_run.work_pool_id`;
const QUEUE_OF_DEPLOYMENT = sql<SqlBool>`work_queue.id = deployment.work_queue_id`;
// A deployment names its queue; the pool is the queue's (as Prefect joins it).
const POOL_OF_DEPLOYMENT = sql<SqlBool>`work_pool.id in (select work_queue.work_pool_id from work_queue where work_queue.id = deployment.work_queue_id)`;

/** Flows matching `flows`, having at least one run that matches `flow_runs`. */
export function flowWhere(ops: DialectOps, q: CrossFilters): Condition {
  return and([
    ...flowConditions(ops, q.flows),
    ...exists("flow_run", RUN_OF_FLOW, flowRunConditions(ops, q.flow_runs)),
  ]);
}

/**
 * Flow runs matching `flow_runs`, of a flow matching `flows`, with a task run matching `task_runs`.
 * `use` picks the spelling the planner serves best (see {@link RunConditionUse}); the rows are the same.
 */
export function flowRunWhere(ops: DialectOps, q: CrossFilters, use: RunConditionUse = "list"): Condition {
  return and(flowRunWhereTerms(ops, q, use));
}

/** The conditions {@link flowRunWhere} ANDs together; none when the query filters nothing. */
export function flowRunWhereTerms(
  ops: DialectOps,
  q: CrossFilters,
  use: RunConditionUse = "list",
): Condition[] {
  return [...runTerms(ops, q, use), ...exists("task_run", TASK_OF_RUN, taskRunConditions(ops, q.task_runs))];
}

/** Conditions on a flow run from every key but `task_runs`: its own, its flow's, deployment's, pool's, queue's. */
function runTerms(ops: DialectOps, q: CrossFilters, use: RunConditionUse = "list"): Condition[] {
  return [
    ...flowRunConditions(ops, q.flow_runs, use),
    ...runsOfFlowIds(q.flows),
    ...exists("flow", FLOW_OF_RUN, flowConditions(ops, q.flows)),
    ...exists("deployment", DEPLOYMENT_OF_RUN, deploymentConditions(ops, q.deployments)),
    ...exists("work_pool", POOL_OF_RUN, workPoolConditions(q.work_pools)),
    ...exists("work_queue", QUEUE_OF_RUN, workQueueConditions(q.work_pool_queues)),
  ];
}

/**
 * `flows.id.any_` said again on the run's own column. The EXISTS already implies it (a run's flow
 * is the flow with that id), so no result changes; but a planner cannot see through the EXISTS and
 * would walk every run to test it, while `flow_run.flow_id in (…)` is a range of an index.
 */
function runsOfFlowIds(flows: FlowFilter | undefined): Condition[] {
  const ids = flows?.id?.any_;
  if (ids === undefined || ids.length === 0) return [];
  return [sql<SqlBool>`flow_run.flow_id in (${sql.join([...ids])})`];
}

/**
 * Task runs matching `task_runs`, in a flow run matching `flow_runs`, of a flow matching `flows`,
 * a deployment matching `deployments`, in a pool and queue matching `work_pools` and `work_pool_queues`.
 */
export function taskRunWhere(ops: DialectOps, q: CrossFilters): Condition {
  return and([...taskRunConditions(ops, q.task_runs), ...exists("flow_run", RUN_OF_TASK, runTerms(ops, q))]);
}

/**
 * Deployments matching `deployments`, of a flow matching `flows` (the query joins `flow`), with a
 * run matching `flow_runs` (and a task run of it matching `task_runs`), routed to a pool and
 * queue matching `work_pools` and `work_pool_queues`.
 */
export function deploymentWhere(ops: DialectOps, q: CrossFilters): Condition {
  const ofRun = [
    ...flowRunConditions(ops, q.flow_runs),
    ...exists("task_run", TASK_OF_RUN, taskRunConditions(ops, q.task_runs)),
  ];
  return and([
    ...deploymentConditions(ops, q.deployments),
    ...flowConditions(ops, q.flows),
    ...exists("flow_run", RUN_OF_DEPLOYMENT, ofRun),
    ...exists("work_pool", POOL_OF_DEPLOYMENT, workPoolConditions(q.work_pools)),
    ...exists("work_queue", QUEUE_OF_DEPLOYMENT, workQueueConditions(q.work_pool_queues)),
  ]);
}
