import { z } from "zod";
import { Id, Limit, Offset, Timestamp } from "./common.js";
import { FilterName, filterValues, LikePattern, MAX_TAG_LENGTH } from "./limits.js";
import { StateTypeSchema } from "./states.js";
import { FLOW_RUN_SORT_VALUES } from "./flow-run-sorts.js";

/**
 * Prefect-style filter criteria. Each is optional; present criteria are combined with AND. Every
 * object is strict (an unknown key is a 422 naming it, never a wider answer) and every list and
 * string is bounded (src/api/limits.ts).
 */
export const AnyId = z.strictObject({
  any_: filterValues(Id).optional(),
  not_any_: filterValues(Id).optional(),
});
export const NullableIdFilter = AnyId.extend({ is_null_: z.boolean().optional() });
export const NameFilter = z.strictObject({
  any_: filterValues(FilterName).optional(),
  like_: LikePattern.optional(),
});
/** `{any_}` on a name column. */
export const AnyName = z.strictObject({ any_: filterValues(FilterName).optional() });
const TagValue = z.string().max(MAX_TAG_LENGTH);
export const TagsFilter = z.strictObject({
  all_: filterValues(TagValue).optional(),
  any_: filterValues(TagValue).optional(),
  is_null_: z.boolean().optional(),
});
export const TimeFilter = z.strictObject({
  before_: Timestamp.optional(),
  after_: Timestamp.optional(),
  is_null_: z.boolean().optional(),
});
export const StateFilter = z.strictObject({
  type: z
    .strictObject({
      any_: filterValues(StateTypeSchema).optional(),
      not_any_: filterValues(StateTypeSchema).optional(),
    })
    .optional(),
  name: z
    .strictObject({
      any_: filterValues(FilterName).optional(),
      not_any_: filterValues(FilterName).optional(),
    })
    .optional(),
});
const BooleanFilter = z.strictObject({ eq_: z.boolean().optional() });

/**
 * Runs still to come, or the rest, as seen at `at_`: a run is upcoming while it is SCHEDULED and
 * expected after `at_`, unless it waits to retry (state name AwaitingRetry: it has started).
 * `eq_: false` is every other run — it started, was due (Late ones too), or ended without
 * starting — which is what lists of "what ran" show; `eq_: true` is their "Upcoming" view. The
 * two split the runs exactly.
 */
export const UpcomingFilter = z.strictObject({ eq_: z.boolean(), at_: Timestamp });

export const FlowFilter = z.strictObject({
  id: AnyId.optional(),
  name: NameFilter.optional(),
  tags: TagsFilter.optional(),
});
export type FlowFilter = z.infer<typeof FlowFilter>;

export const FlowRunFilter = z.strictObject({
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
  work_pool_name: AnyName.optional(),
  work_queue_name: AnyName.optional(),
  auto_scheduled: BooleanFilter.optional(),
  upcoming: UpcomingFilter.optional(),
});
export type FlowRunFilter = z.infer<typeof FlowRunFilter>;

export const TaskRunFilter = z.strictObject({
  id: AnyId.optional(),
  name: NameFilter.optional(),
  tags: TagsFilter.optional(),
  state: StateFilter.optional(),
  flow_run_id: NullableIdFilter.optional(),
  start_time: TimeFilter.optional(),
});
export type TaskRunFilter = z.infer<typeof TaskRunFilter>;

/** Prefect's `DeploymentFilter`. */
export const DeploymentFilter = z.strictObject({
  id: AnyId.optional(),
  name: NameFilter.optional(),
  tags: TagsFilter.optional(),
  work_pool_name: AnyName.optional(),
  work_queue_name: AnyName.optional(),
  paused: BooleanFilter.optional(),
});
export type DeploymentFilter = z.infer<typeof DeploymentFilter>;

/** Prefect's `WorkPoolFilter`. */
export const WorkPoolFilter = z.strictObject({
  id: AnyId.optional(),
  name: AnyName.optional(),
  type: AnyName.optional(),
});
export type WorkPoolFilter = z.infer<typeof WorkPoolFilter>;

/** Prefect's `WorkQueueFilter` (the `work_pool_queues` key). */
export const WorkQueueFilter = z.strictObject({
  id: AnyId.optional(),
  name: AnyName.optional(),
});
export type WorkQueueFilter = z.infer<typeof WorkQueueFilter>;

/**
 * The cross-resource keys of Prefect's run and deployment queries: each narrows the answer to rows
 * related to a row of that resource matching it, and all are combined with AND.
 */
export const CrossResourceFilters = {
  flows: FlowFilter.optional(),
  flow_runs: FlowRunFilter.optional(),
  task_runs: TaskRunFilter.optional(),
  deployments: DeploymentFilter.optional(),
  work_pools: WorkPoolFilter.optional(),
  work_pool_queues: WorkQueueFilter.optional(),
};

export const LogFilter = z.strictObject({
  flow_run_id: AnyId.optional(),
  task_run_id: NullableIdFilter.optional(),
  level: z
    .strictObject({
      ge_: z.number().int().min(0).max(100).optional(),
      le_: z.number().int().min(0).max(100).optional(),
    })
    .optional(),
  timestamp: TimeFilter.optional(),
});
export type LogFilter = z.infer<typeof LogFilter>;

export const FlowSort = z.enum(["CREATED_DESC", "UPDATED_DESC", "NAME_ASC", "NAME_DESC"]);
export const FlowRunSort = z.enum(FLOW_RUN_SORT_VALUES);
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
export const FlowQuery = z.strictObject({
  flows: FlowFilter.optional(),
  flow_runs: FlowRunFilter.optional(),
  sort: FlowSort.default("NAME_ASC"),
  limit: Limit,
  offset: Offset,
});

/** Body of `POST /flow_runs/filter|count|paginate` (cross-resource filters as in Prefect). */
export const FlowRunQuery = z.strictObject({
  ...CrossResourceFilters,
  sort: FlowRunSort.default("ID_DESC"),
  limit: Limit,
  offset: Offset,
});
export type FlowRunQuery = z.input<typeof FlowRunQuery>;

/** Body of `POST /task_runs/filter|count|paginate`. */
export const TaskRunQuery = z.strictObject({
  ...CrossResourceFilters,
  sort: TaskRunSort.default("ID_DESC"),
  limit: Limit,
  offset: Offset,
});
export type TaskRunQuery = z.input<typeof TaskRunQuery>;

/** Body of `POST /logs/filter`. */
export const LogQuery = z.strictObject({
  logs: LogFilter.optional(),
  sort: LogSort.default("TIMESTAMP_ASC"),
  limit: Limit,
  offset: Offset,
});
export type LogQuery = z.input<typeof LogQuery>;
