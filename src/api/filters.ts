import { z } from "zod";
import { Id, Limit, Offset, Timestamp } from "./common.js";
import { StateTypeSchema } from "./states.js";

/** Prefect-style filter criteria. Each is optional; present criteria are combined with AND. */
export const AnyId = z.object({
  any_: z.array(Id).max(1000).optional(),
  not_any_: z.array(Id).max(1000).optional(),
});
export const NullableIdFilter = AnyId.extend({ is_null_: z.boolean().optional() });
export const NameFilter = z.object({
  any_: z.array(z.string()).max(1000).optional(),
  like_: z.string().optional(),
});
export const TagsFilter = z.object({
  all_: z.array(z.string()).optional(),
  any_: z.array(z.string()).optional(),
  is_null_: z.boolean().optional(),
});
export const TimeFilter = z.object({
  before_: Timestamp.optional(),
  after_: Timestamp.optional(),
  is_null_: z.boolean().optional(),
});
export const StateFilter = z.object({
  type: z
    .object({ any_: z.array(StateTypeSchema).optional(), not_any_: z.array(StateTypeSchema).optional() })
    .optional(),
  name: z
    .object({ any_: z.array(z.string()).optional(), not_any_: z.array(z.string()).optional() })
    .optional(),
});

export const FlowFilter = z.object({
  id: AnyId.optional(),
  name: NameFilter.optional(),
  tags: TagsFilter.optional(),
});
export type FlowFilter = z.infer<typeof FlowFilter>;

export const FlowRunFilter = z.object({
  id: AnyId.optional(),
  name: NameFilter.optional(),
  tags: TagsFilter.optional(),
  state: StateFilter.optional(),
  flow_id: AnyId.optional(),
  deployment_id: NullableIdFilter.optional(),
  parent_task_run_id: NullableIdFilter.optional(),
  start_time: TimeFilter.optional(),
  end_time: TimeFilter.optional(),
  expected_start_time: TimeFilter.optional(),
  next_scheduled_start_time: TimeFilter.optional(),
  work_pool_name: z.object({ any_: z.array(z.string()).optional() }).optional(),
  work_queue_name: z.object({ any_: z.array(z.string()).optional() }).optional(),
  auto_scheduled: z.object({ eq_: z.boolean().optional() }).optional(),
});
export type FlowRunFilter = z.infer<typeof FlowRunFilter>;

export const TaskRunFilter = z.object({
  id: AnyId.optional(),
  name: NameFilter.optional(),
  tags: TagsFilter.optional(),
  state: StateFilter.optional(),
  flow_run_id: NullableIdFilter.optional(),
  start_time: TimeFilter.optional(),
});
export type TaskRunFilter = z.infer<typeof TaskRunFilter>;

export const LogFilter = z.object({
  flow_run_id: AnyId.optional(),
  task_run_id: NullableIdFilter.optional(),
  level: z.object({ ge_: z.number().int().optional(), le_: z.number().int().optional() }).optional(),
  timestamp: TimeFilter.optional(),
});
export type LogFilter = z.infer<typeof LogFilter>;

export const FlowSort = z.enum(["CREATED_DESC", "UPDATED_DESC", "NAME_ASC", "NAME_DESC"]);
export const FlowRunSort = z.enum([
  "ID_DESC",
  "START_TIME_ASC",
  "START_TIME_DESC",
  "EXPECTED_START_TIME_ASC",
  "EXPECTED_START_TIME_DESC",
  "NAME_ASC",
  "NAME_DESC",
  "NEXT_SCHEDULED_START_TIME_ASC",
  "END_TIME_DESC",
]);
export const TaskRunSort = z.enum([
  "ID_DESC",
  "EXPECTED_START_TIME_ASC",
  "EXPECTED_START_TIME_DESC",
  "NAME_ASC",
  "NAME_DESC",
  "END_TIME_DESC",
]);
export const LogSort = z.enum(["TIMESTAMP_ASC", "TIMESTAMP_DESC"]);

/** Body of `POST /flows/filter|count|paginate`. */
export const FlowQuery = z.object({
  flows: FlowFilter.optional(),
  flow_runs: FlowRunFilter.optional(),
  sort: FlowSort.default("NAME_ASC"),
  limit: Limit,
  offset: Offset,
});

/** Body of `POST /flow_runs/filter|count|paginate` (cross-resource filters as in Prefect). */
export const FlowRunQuery = z.object({
  flows: FlowFilter.optional(),
  flow_runs: FlowRunFilter.optional(),
  task_runs: TaskRunFilter.optional(),
  sort: FlowRunSort.default("ID_DESC"),
  limit: Limit,
  offset: Offset,
});
export type FlowRunQuery = z.input<typeof FlowRunQuery>;

/** Body of `POST /task_runs/filter|count|paginate`. */
export const TaskRunQuery = z.object({
  flows: FlowFilter.optional(),
  flow_runs: FlowRunFilter.optional(),
  task_runs: TaskRunFilter.optional(),
  sort: TaskRunSort.default("ID_DESC"),
  limit: Limit,
  offset: Offset,
});
export type TaskRunQuery = z.input<typeof TaskRunQuery>;

/** Body of `POST /logs/filter`. */
export const LogQuery = z.object({
  logs: LogFilter.optional(),
  sort: LogSort.default("TIMESTAMP_ASC"),
  limit: Limit,
  offset: Offset,
});
export type LogQuery = z.input<typeof LogQuery>;
