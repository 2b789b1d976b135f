/**
 * @module Views of flow runs that pages and dashboards need beyond plain filtering: activity over
 * time (`/flow_runs/history`) and the run's timeline of task runs and subflows (`/flow_runs/{id}/graph`).
 */
import { z } from "zod";
import { Id, Timestamp } from "./common.js";
import { FlowFilter, FlowRunFilter } from "./filters.js";
import { MAX_SECONDS } from "./limits.js";
import { StateTypeSchema } from "./states.js";

/** The most buckets one history request may ask for. */
export const MAX_HISTORY_BUCKETS = 500;

/** A bucket's width as the server counts it: whole milliseconds, as times are stored. */
export function historyIntervalMs(intervalSeconds: number): number {
  return Math.max(1, Math.round(intervalSeconds * 1000));
}

/** How many buckets [start, end) makes (the last one may be shorter). */
export function historyBucketCount(startMs: number, endMs: number, intervalSeconds: number): number {
  return Math.ceil((endMs - startMs) / historyIntervalMs(intervalSeconds));
}

/**
 * Body of `POST /flow_runs/history` (Prefect's shape): runs whose `expected_start_time` falls in
 * [history_start, history_end), counted per bucket of `history_interval_seconds` and per state.
 */
export const FlowRunHistoryRequest = z
  .strictObject({
    history_start: Timestamp,
    history_end: Timestamp,
    history_interval_seconds: z.number().min(1).max(MAX_SECONDS),
    flows: FlowFilter.optional(),
    flow_runs: FlowRunFilter.optional(),
  })
  .refine((body) => Date.parse(body.history_end) > Date.parse(body.history_start), {
    message: "history_end must be after history_start",
    path: ["history_end"],
  })
  // Counted in whole ms, as the server buckets: a client dividing a range by 500 with floats
  // (7 days / 500 = 1209.6 s) must not be refused for a rounding error.
  .refine(
    (body) =>
      historyBucketCount(
        Date.parse(body.history_start),
        Date.parse(body.history_end),
        body.history_interval_seconds,
      ) <= MAX_HISTORY_BUCKETS,
    {
      message: `at most ${MAX_HISTORY_BUCKETS} buckets: raise history_interval_seconds`,
      path: ["history_interval_seconds"],
    },
  );
export type FlowRunHistoryRequest = z.input<typeof FlowRunHistoryRequest>;

/** Runs in one state within one bucket. */
export const HistoryStateCount = z.object({
  state_type: StateTypeSchema,
  state_name: z.string(),
  count_runs: z.number().int(),
});

/** One bucket of `/flow_runs/history`; every bucket of the range is present, empty ones with `states: []`. */
export const FlowRunHistoryBucket = z.object({
  interval_start: Timestamp,
  interval_end: Timestamp,
  states: z.array(HistoryStateCount),
});
export type FlowRunHistoryBucket = z.infer<typeof FlowRunHistoryBucket>;

/** The most nodes `/flow_runs/{id}/graph` returns; `truncated` says when there were more. */
export const MAX_GRAPH_NODES = 5_000;

/** A task run or a subflow run on a flow run's timeline. */
export const GraphNode = z.object({
  kind: z.enum(["task-run", "flow-run"]),
  id: Id,
  label: z.string(),
  state_type: StateTypeSchema.nullable(),
  state_name: z.string().nullable(),
  /** When it started running; null while it has not. */
  start_time: Timestamp.nullable(),
  /** When it finished; null while it runs. */
  end_time: Timestamp.nullable(),
  /** How many times it has run: above 1 for a retried task, whose attempts its state history holds. */
  run_count: z.number().int(),
  /** For a subflow: the task run inside the parent that stands for it. */
  parent_task_run_id: Id.nullable(),
});
export type GraphNode = z.infer<typeof GraphNode>;

/** Response of `GET /flow_runs/{id}/graph`: the direct task runs and subflow runs, by start time. */
export const FlowRunGraph = z.object({
  flow_run_id: Id,
  start_time: Timestamp.nullable(),
  end_time: Timestamp.nullable(),
  nodes: z.array(GraphNode),
  truncated: z.boolean(),
});
export type FlowRunGraph = z.infer<typeof FlowRunGraph>;
