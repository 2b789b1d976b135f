import { z } from "zod";
import { Health, PageRequest, paginated, Version } from "./common.js";
import { FlowQuery, FlowRunQuery, LogQuery, TaskRunQuery } from "./filters.js";
import { FlowRun, FlowRunCreate, FlowRunUpdate } from "./flow-runs.js";
import { Flow, FlowCreate, FlowUpdate } from "./flows.js";
import { Log, LogBatch } from "./logs.js";
import { OrchestrationResult, SetStateRequest, State } from "./states.js";
import { TaskRun, TaskRunCreate, TaskRunStateBatch, TaskRunUpdate } from "./task-runs.js";

/** One endpoint of the API: what it takes and what it answers. Paths are relative to `/api`. */
export interface RouteSpec {
  readonly method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly body?: z.ZodType;
  readonly query?: z.ZodType;
  /** Successful response body; absent for 204 responses. */
  readonly response?: z.ZodType;
  readonly status: 200 | 201 | 204;
}

const Count = z.number().int();
const IdList = z.object({ ids: z.array(z.uuid()).min(1).max(200) });
const Deleted = z.object({ deleted: z.array(z.uuid()) });

/**
 * Every route, keyed by a stable name. The server registers handlers under these names, the
 * client calls them, and `GET /api/openapi.json` is generated from them.
 */
export const routes = {
  health: {
    method: "GET",
    path: "/health",
    summary: "Liveness",
    tag: "Admin",
    response: Health,
    status: 200,
  },
  ready: {
    method: "GET",
    path: "/ready",
    summary: "Readiness (database reachable)",
    tag: "Admin",
    status: 200,
  },
  version: {
    method: "GET",
    path: "/version",
    summary: "Server version",
    tag: "Admin",
    response: Version,
    status: 200,
  },

  createFlow: {
    method: "POST",
    path: "/flows/",
    summary: "Create a flow (upsert by name)",
    tag: "Flows",
    body: FlowCreate,
    response: Flow,
    status: 201,
  },
  readFlow: {
    method: "GET",
    path: "/flows/{id}",
    summary: "Read a flow",
    tag: "Flows",
    response: Flow,
    status: 200,
  },
  readFlowByName: {
    method: "GET",
    path: "/flows/name/{name}",
    summary: "Read a flow by name",
    tag: "Flows",
    response: Flow,
    status: 200,
  },
  updateFlow: {
    method: "PATCH",
    path: "/flows/{id}",
    summary: "Update a flow",
    tag: "Flows",
    body: FlowUpdate,
    status: 204,
  },
  deleteFlow: {
    method: "DELETE",
    path: "/flows/{id}",
    summary: "Delete a flow and its runs",
    tag: "Flows",
    status: 204,
  },
  filterFlows: {
    method: "POST",
    path: "/flows/filter",
    summary: "Filter flows",
    tag: "Flows",
    body: FlowQuery,
    response: z.array(Flow),
    status: 200,
  },
  countFlows: {
    method: "POST",
    path: "/flows/count",
    summary: "Count flows",
    tag: "Flows",
    body: FlowQuery,
    response: Count,
    status: 200,
  },
  paginateFlows: {
    method: "POST",
    path: "/flows/paginate",
    summary: "Page through flows",
    tag: "Flows",
    body: FlowQuery.omit({ offset: true }).extend(PageRequest.shape),
    response: paginated(Flow),
    status: 200,
  },
  bulkDeleteFlows: {
    method: "POST",
    path: "/flows/bulk_delete",
    summary: "Delete several flows",
    tag: "Flows",
    body: IdList,
    response: Deleted,
    status: 200,
  },

  createFlowRun: {
    method: "POST",
    path: "/flow_runs/",
    summary: "Create a flow run (idempotent by flow_id + idempotency_key)",
    tag: "Flow runs",
    body: FlowRunCreate,
    response: FlowRun,
    status: 201,
  },
  readFlowRun: {
    method: "GET",
    path: "/flow_runs/{id}",
    summary: "Read a flow run",
    tag: "Flow runs",
    response: FlowRun,
    status: 200,
  },
  updateFlowRun: {
    method: "PATCH",
    path: "/flow_runs/{id}",
    summary: "Update a flow run",
    tag: "Flow runs",
    body: FlowRunUpdate,
    status: 204,
  },
  deleteFlowRun: {
    method: "DELETE",
    path: "/flow_runs/{id}",
    summary: "Delete a flow run, its task runs, states and logs",
    tag: "Flow runs",
    status: 204,
  },
  setFlowRunState: {
    method: "POST",
    path: "/flow_runs/{id}/set_state",
    summary: "Propose a state; the orchestration rules decide",
    tag: "Flow runs",
    body: SetStateRequest,
    response: OrchestrationResult,
    status: 201,
  },
  filterFlowRuns: {
    method: "POST",
    path: "/flow_runs/filter",
    summary: "Filter flow runs",
    tag: "Flow runs",
    body: FlowRunQuery,
    response: z.array(FlowRun),
    status: 200,
  },
  countFlowRuns: {
    method: "POST",
    path: "/flow_runs/count",
    summary: "Count flow runs",
    tag: "Flow runs",
    body: FlowRunQuery,
    response: Count,
    status: 200,
  },
  paginateFlowRuns: {
    method: "POST",
    path: "/flow_runs/paginate",
    summary: "Page through flow runs",
    tag: "Flow runs",
    body: FlowRunQuery.omit({ offset: true }).extend(PageRequest.shape),
    response: paginated(FlowRun),
    status: 200,
  },
  bulkDeleteFlowRuns: {
    method: "POST",
    path: "/flow_runs/bulk_delete",
    summary: "Delete several flow runs",
    tag: "Flow runs",
    body: IdList,
    response: Deleted,
    status: 200,
  },
  readFlowRunStates: {
    method: "GET",
    path: "/flow_run_states/",
    summary: "State history of a flow run",
    tag: "Flow runs",
    query: z.object({ flow_run_id: z.uuid() }),
    response: z.array(State),
    status: 200,
  },
  readFlowRunState: {
    method: "GET",
    path: "/flow_run_states/{id}",
    summary: "Read one flow-run state",
    tag: "Flow runs",
    response: State,
    status: 200,
  },

  createTaskRun: {
    method: "POST",
    path: "/task_runs/",
    summary: "Create a task run (upsert on flow_run_id + task_key + dynamic_key)",
    tag: "Task runs",
    body: TaskRunCreate,
    response: TaskRun,
    status: 201,
  },
  readTaskRun: {
    method: "GET",
    path: "/task_runs/{id}",
    summary: "Read a task run",
    tag: "Task runs",
    response: TaskRun,
    status: 200,
  },
  updateTaskRun: {
    method: "PATCH",
    path: "/task_runs/{id}",
    summary: "Update a task run",
    tag: "Task runs",
    body: TaskRunUpdate,
    status: 204,
  },
  deleteTaskRun: {
    method: "DELETE",
    path: "/task_runs/{id}",
    summary: "Delete a task run",
    tag: "Task runs",
    status: 204,
  },
  setTaskRunState: {
    method: "POST",
    path: "/task_runs/{id}/set_state",
    summary: "Propose a task-run state",
    tag: "Task runs",
    body: SetStateRequest,
    response: OrchestrationResult,
    status: 201,
  },
  recordTaskRunStates: {
    method: "POST",
    path: "/task_runs/record_states",
    summary: "Record a batch of client-orchestrated task-run states",
    tag: "Task runs",
    body: TaskRunStateBatch,
    response: z.object({ recorded: z.number().int() }),
    status: 200,
  },
  filterTaskRuns: {
    method: "POST",
    path: "/task_runs/filter",
    summary: "Filter task runs",
    tag: "Task runs",
    body: TaskRunQuery,
    response: z.array(TaskRun),
    status: 200,
  },
  countTaskRuns: {
    method: "POST",
    path: "/task_runs/count",
    summary: "Count task runs",
    tag: "Task runs",
    body: TaskRunQuery,
    response: Count,
    status: 200,
  },
  paginateTaskRuns: {
    method: "POST",
    path: "/task_runs/paginate",
    summary: "Page through task runs",
    tag: "Task runs",
    body: TaskRunQuery.omit({ offset: true }).extend(PageRequest.shape),
    response: paginated(TaskRun),
    status: 200,
  },
  readTaskRunStates: {
    method: "GET",
    path: "/task_run_states/",
    summary: "State history of a task run",
    tag: "Task runs",
    query: z.object({ task_run_id: z.uuid() }),
    response: z.array(State),
    status: 200,
  },

  createLogs: {
    method: "POST",
    path: "/logs/",
    summary: "Write a batch of log lines",
    tag: "Logs",
    body: LogBatch,
    status: 204,
  },
  filterLogs: {
    method: "POST",
    path: "/logs/filter",
    summary: "Filter log lines",
    tag: "Logs",
    body: LogQuery,
    response: z.array(Log),
    status: 200,
  },
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof routes;
