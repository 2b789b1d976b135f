import { z } from "zod";
import { LogQuery } from "./filters.js";
import { Log, LogBatch } from "./logs.js";
import { type RouteSpec } from "./route-spec.js";
import { ACCESS } from "../core/access.js";

/** Log lines of flow and task runs. */
export const logRoutes = {
  createLogs: {
    method: "POST",
    path: "/logs/",
    summary: "Write a batch of log lines",
    tag: "Logs",
    access: { role: "operator", worker: true, run: true },
    body: LogBatch,
    status: 204,
  },
  filterLogs: {
    method: "POST",
    path: "/logs/filter",
    summary: "Filter log lines",
    tag: "Logs",
    access: ACCESS.viewer,
    body: LogQuery,
    response: z.array(Log),
    status: 200,
  },
} as const satisfies Record<string, RouteSpec>;
