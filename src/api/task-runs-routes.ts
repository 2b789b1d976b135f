import { z } from "zod";
import { PageRequest, paginated } from "./common.js";
import { TaskRunQuery } from "./filters.js";
import { OrchestrationResult, SetStateRequest, State } from "./states.js";
import { TaskRun, TaskRunCreate, TaskRunStateBatch, TaskRunStatesQuery, TaskRunUpdate } from "./task-runs.js";
import { Count, type RouteSpec } from "./route-spec.js";
import { ACCESS } from "../core/access.js";

/** Task runs: create, propose or record states, filter and page. */
export const taskRunRoutes = {
  createTaskRun: {
    method: "POST",
    path: "/task_runs/",
    summary: "Create a task run (upsert on flow_run_id + task_key + dynamic_key)",
    tag: "Task runs",
    access: { role: "operator", run: true },
    body: TaskRunCreate,
    response: TaskRun,
    status: 201,
  },
  readTaskRun: {
    method: "GET",
    path: "/task_runs/{id}",
    summary: "Read a task run",
    tag: "Task runs",
    access: { role: "viewer", run: true },
    response: TaskRun,
    status: 200,
  },
  updateTaskRun: {
    method: "PATCH",
    path: "/task_runs/{id}",
    summary: "Update a task run",
    tag: "Task runs",
    access: { role: "operator", run: true },
    body: TaskRunUpdate,
    status: 204,
  },
  deleteTaskRun: {
    method: "DELETE",
    path: "/task_runs/{id}",
    summary: "Delete a task run",
    tag: "Task runs",
    access: ACCESS.developer,
    status: 204,
  },
  setTaskRunState: {
    method: "POST",
    path: "/task_runs/{id}/set_state",
    summary: "Propose a task-run state",
    tag: "Task runs",
    access: { role: "operator", run: true },
    body: SetStateRequest,
    response: OrchestrationResult,
    status: 201,
  },
  recordTaskRunStates: {
    method: "POST",
    path: "/task_runs/record_states",
    summary: "Record a batch of client-orchestrated task-run states",
    tag: "Task runs",
    access: { role: "operator", run: true },
    body: TaskRunStateBatch,
    response: z.object({ recorded: z.number().int() }),
    status: 200,
  },
  filterTaskRuns: {
    method: "POST",
    path: "/task_runs/filter",
    summary: "Filter task runs",
    tag: "Task runs",
    access: ACCESS.viewer,
    body: TaskRunQuery,
    response: z.array(TaskRun),
    status: 200,
  },
  countTaskRuns: {
    method: "POST",
    path: "/task_runs/count",
    summary: "Count task runs",
    tag: "Task runs",
    access: ACCESS.viewer,
    body: TaskRunQuery,
    response: Count,
    status: 200,
  },
  paginateTaskRuns: {
    method: "POST",
    path: "/task_runs/paginate",
    summary: "Page through task runs",
    tag: "Task runs",
    access: ACCESS.viewer,
    body: TaskRunQuery.omit({ offset: true }).extend(PageRequest.shape),
    response: paginated(TaskRun),
    status: 200,
  },
  readTaskRunStates: {
    method: "GET",
    path: "/task_run_states/",
    summary: "State history of a task run",
    tag: "Task runs",
    access: ACCESS.viewer,
    query: z.strictObject({ task_run_id: z.uuid() }),
    response: z.array(State),
    status: 200,
  },
  filterTaskRunStates: {
    method: "POST",
    path: "/task_run_states/filter",
    summary:
      "State histories of several task runs (Steward extension): one call for a timeline's retried tasks",
    tag: "Task runs",
    access: ACCESS.viewer,
    body: TaskRunStatesQuery,
    response: z.array(State),
    status: 200,
  },
} as const satisfies Record<string, RouteSpec>;
