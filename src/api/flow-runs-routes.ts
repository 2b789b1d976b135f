import { z } from "zod";
import { PageRequest, paginated } from "./common.js";
import { FlowRunQuery } from "./filters.js";
import { FlowRun, FlowRunCreate, FlowRunUpdate } from "./flow-runs.js";
import { FlowRunGraph, FlowRunHistoryBucket, FlowRunHistoryRequest } from "./run-views.js";
import { OrchestrationResult, SetStateRequest, State } from "./states.js";
import { Count, Deleted, IdList, type RouteSpec } from "./route-spec.js";

/** Flow runs: create, read, propose states, filter, page, history, graph and heartbeats. */
export const flowRunRoutes = {
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
  flowRunHistory: {
    method: "POST",
    path: "/flow_runs/history",
    summary: "Flow-run counts per time bucket and state (activity charts)",
    tag: "Flow runs",
    body: FlowRunHistoryRequest,
    response: z.array(FlowRunHistoryBucket),
    status: 200,
  },
  readFlowRunGraph: {
    method: "GET",
    path: "/flow_runs/{id}/graph",
    summary: "A flow run's task runs and subflow runs on a time axis",
    tag: "Flow runs",
    response: FlowRunGraph,
    status: 200,
  },
  readFlowRunStates: {
    method: "GET",
    path: "/flow_run_states/",
    summary: "State history of a flow run",
    tag: "Flow runs",
    query: z.strictObject({ flow_run_id: z.uuid() }),
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
  flowRunHeartbeat: {
    method: "POST",
    path: "/flow_runs/{id}/heartbeat",
    summary: "The run's process is alive (feeds the zombie reaper)",
    tag: "Flow runs",
    status: 204,
  },
} as const satisfies Record<string, RouteSpec>;
