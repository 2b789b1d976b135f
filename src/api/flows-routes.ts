import { z } from "zod";
import { PageRequest, paginated } from "./common.js";
import { FlowQuery } from "./filters.js";
import { Flow, FlowCreate, FlowUpdate } from "./flows.js";
import { Count, Deleted, IdList, type RouteSpec } from "./route-spec.js";
import { ACCESS } from "../core/access.js";

/** Flows: the functions decorated with flow(), registered by name. */
export const flowRoutes = {
  createFlow: {
    method: "POST",
    path: "/flows/",
    summary: "Create a flow (upsert by name)",
    tag: "Flows",
    access: { role: "developer", run: true },
    body: FlowCreate,
    response: Flow,
    status: 201,
  },
  readFlow: {
    method: "GET",
    path: "/flows/{id}",
    summary: "Read a flow",
    tag: "Flows",
    access: { role: "viewer", worker: true, run: true },
    response: Flow,
    status: 200,
  },
  readFlowByName: {
    method: "GET",
    path: "/flows/name/{name}",
    summary: "Read a flow by name",
    tag: "Flows",
    access: { role: "viewer", worker: true, run: true },
    response: Flow,
    status: 200,
  },
  updateFlow: {
    method: "PATCH",
    path: "/flows/{id}",
    summary: "Update a flow",
    tag: "Flows",
    access: ACCESS.developer,
    body: FlowUpdate,
    status: 204,
  },
  deleteFlow: {
    method: "DELETE",
    path: "/flows/{id}",
    summary: "Delete a flow and its runs",
    tag: "Flows",
    access: ACCESS.developer,
    status: 204,
  },
  filterFlows: {
    method: "POST",
    path: "/flows/filter",
    summary: "Filter flows",
    tag: "Flows",
    access: ACCESS.viewer,
    body: FlowQuery,
    response: z.array(Flow),
    status: 200,
  },
  countFlows: {
    method: "POST",
    path: "/flows/count",
    summary: "Count flows",
    tag: "Flows",
    access: ACCESS.viewer,
    body: FlowQuery,
    response: Count,
    status: 200,
  },
  paginateFlows: {
    method: "POST",
    path: "/flows/paginate",
    summary: "Page through flows",
    tag: "Flows",
    access: ACCESS.viewer,
    body: FlowQuery.omit({ offset: true }).extend(PageRequest.shape),
    response: paginated(Flow),
    status: 200,
  },
  bulkDeleteFlows: {
    method: "POST",
    path: "/flows/bulk_delete",
    summary: "Delete several flows",
    tag: "Flows",
    access: ACCESS.developer,
    body: IdList,
    response: Deleted,
    status: 200,
  },
} as const satisfies Record<string, RouteSpec>;
