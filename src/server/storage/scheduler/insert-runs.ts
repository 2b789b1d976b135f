/**
 * @module Writing the scheduler's runs: one short transaction per chunk of at most 500 runs,
 * insert-or-ignore on the unique (flow_id, idempotency_key) index, state rows only for the runs
 * that were really inserted. Restarts, overlapping loops and several replicas therefore never
 * create the same scheduled run twice.
 */
import { newId } from "../../../core/ids.js";
import type { DeploymentSchedule } from "../../../api/index.js";
import { randomRunName } from "../../../core/names.js";
import { StateType } from "../../../core/states.js";
import { isoFromMs, toJson, toStoredBoolean } from "../codec.js";
import { chunks, INSERT_CHUNK_ROWS, type StoreContext } from "../context.js";
import type { Db, FlowRunStateTable, FlowRunTable } from "../database.js";
import { flowRunPolicyFromJson } from "../mappers/flow-run.js";
import { stateRow } from "../mappers/state.js";
import { bulkInsert } from "../query/bulk-insert.js";
import { type PlannedRun, scheduleLabel } from "./plan.js";

/** The default name of a SCHEDULED state. */
const SCHEDULED_NAME = "Scheduled";

/** The message of a scheduler-made run's first state (Prefect's). */
export const SCHEDULED_MESSAGE = "Flow run scheduled";

/** The unique key that makes scheduling idempotent: one run per deployment, schedule and instant. */
export function scheduledRunKey(deploymentId: string, scheduleId: string, time: number): string {
  return `scheduled ${deploymentId} ${scheduleId} ${isoFromMs(time)}`;
}

type RunRow = Required<FlowRunTable>;

const RUN_COLUMNS: readonly (keyof RunRow & string)[] = [
  "id",
  "created",
  "updated",
  "name",
  "flow_id",
  "deployment_id",
  "deployment_version",
  "work_queue_id",
  "work_queue_name",
  "work_pool_id",
  "work_pool_name",
  "parameters",
  "idempotency_key",
  "context",
  "empirical_policy",
  "tags",
  "labels",
  "auto_scheduled",
  "job_variables",
  "created_by",
  "schedule_id",
  "state_id",
  "state_type",
  "state_name",
  "state_timestamp",
  "run_count",
  "expected_start_time",
  "next_scheduled_start_time",
  "total_run_time",
];

const STATE_COLUMNS: readonly (keyof FlowRunStateTable & string)[] = [
  "id",
  "created",
  "type",
  "name",
  "timestamp",
  "message",
  "data",
  "details",
  "flow_run_id",
];

const DEFAULT_POLICY = toJson(flowRunPolicyFromJson("{}"));
const EMPTY_OBJECT = "{}";

/** Per-schedule values shared by all its runs (computed once, not per run). */
interface ScheduleShared {
  readonly parameters: string;
  readonly tags: string;
  readonly labels: string;
  readonly createdBy: string;
}

function sharedOf(run: PlannedRun, cache: Map<string, ScheduleShared>): ScheduleShared {
  const { deployment, schedule } = run;
  let shared = cache.get(schedule.id);
  if (shared === undefined) {
    shared = {
      parameters: toJson({ ...deployment.parameters, ...schedule.parameters }),
      tags: toJson([...new Set(["auto-scheduled", ...deployment.tags])]),
      labels: toJson(deployment.labels),
      createdBy: toJson(createdBy(schedule)),
    };
    cache.set(schedule.id, shared);
  }
  return shared;
}

function createdBy(schedule: DeploymentSchedule) {
  return { id: schedule.id, type: "SCHEDULE", display_value: scheduleLabel(schedule) };
}

function runRow(run: PlannedRun, stateId: string, shared: ScheduleShared, now: number): RunRow {
  const { deployment, schedule, time } = run;
  return {
    id: newId(),
    created: now,
    updated: now,
    name: randomRunName(),
    flow_id: deployment.flow_id,
    deployment_id: deployment.id,
    deployment_version: deployment.version,
    work_queue_id: deployment.work_queue_id,
    work_queue_name: deployment.work_queue_name,
    work_pool_id: deployment.work_pool_id,
    work_pool_name: deployment.work_pool_name,
    flow_version: null,
    parameters: shared.parameters,
    idempotency_key: scheduledRunKey(deployment.id, schedule.id, time),
    context: EMPTY_OBJECT,
    empirical_policy: DEFAULT_POLICY,
    tags: shared.tags,
    labels: shared.labels,
    parent_task_run_id: null,
    auto_scheduled: toStoredBoolean(true),
    infrastructure_pid: null,
    job_variables: EMPTY_OBJECT,
    created_by: shared.createdBy,
    last_heartbeat: null,
    schedule_id: schedule.id,
    // The first state's columns, as the write path would set them for Scheduled(time).
    state_id: stateId,
    state_type: StateType.SCHEDULED,
    state_name: SCHEDULED_NAME,
    state_timestamp: now,
    run_count: 0,
    expected_start_time: time,
    next_scheduled_start_time: time,
    start_time: null,
    end_time: null,
    total_run_time: 0,
  };
}

function firstState(run: RunRow, now: number): FlowRunStateTable {
  const row = stateRow(
    run.state_id ?? newId(),
    {
      type: StateType.SCHEDULED,
      name: SCHEDULED_NAME,
      timestamp: now,
      message: SCHEDULED_MESSAGE,
      data: null,
      details: { scheduled_time: run.next_scheduled_start_time ?? now },
    },
    { flowRunId: run.id, taskRunId: null },
    now,
  );
  return { ...row, flow_run_id: run.id };
}

/**
 * The schedules of `chunk` that are, inside this transaction, still active, unchanged since they
 * were planned, and of an unpaused deployment. A schedule switched off (or a deployment paused)
 * while the top-up was planning has had its future runs deleted already; inserting its planned
 * runs now would bring them back. On PostgreSQL the rows are share-locked, so such a change waits
 * for this insert and then deletes what it inserted.
 */
async function stillPlanned(trx: Db, ctx: StoreContext, chunk: readonly PlannedRun[]): Promise<Set<string>> {
  const planned = new Map(chunk.map((run) => [run.schedule.id, Date.parse(run.schedule.updated)]));
  let query = trx
    .selectFrom("deployment_schedule")
    .innerJoin("deployment", "deployment.id", "deployment_schedule.deployment_id")
    .select(["deployment_schedule.id", "deployment_schedule.updated"])
    .where("deployment_schedule.id", "in", [...planned.keys()])
    .where("deployment_schedule.active", "=", toStoredBoolean(true))
    .where("deployment.paused", "=", toStoredBoolean(false));
  if (ctx.ops.name === "postgres") query = query.forShare();
  const rows = await query.execute();
  return new Set(rows.filter((row) => Number(row.updated) === planned.get(row.id)).map((row) => row.id));
}

/**
 * Inserts the planned runs that do not exist yet, in chunks of at most 500 (one transaction
 * each, so other writers wait for milliseconds at most); returns how many were inserted.
 */
export async function insertScheduledRuns(
  ctx: StoreContext,
  planned: readonly PlannedRun[],
): Promise<number> {
  let inserted = 0;
  const shared = new Map<string, ScheduleShared>();
  for (const chunk of chunks(planned, INSERT_CHUNK_ROWS)) {
    const now = ctx.now();
    inserted += await ctx.db.transaction().execute(async (trx) => {
      const current = await stillPlanned(trx, ctx, chunk);
      const rows = chunk
        .filter((run) => current.has(run.schedule.id))
        .map((run) => runRow(run, newId(), sharedOf(run, shared), now));
      if (rows.length === 0) return 0;
      const result = await bulkInsert<RunRow, { id: string }>(
        trx,
        ctx.ops,
        {
          table: "flow_run",
          columns: RUN_COLUMNS,
          suffix: `on conflict ("flow_id", "idempotency_key") do nothing returning "id"`,
        },
        rows,
      );
      const ids = new Set(result.rows.map((row) => row.id));
      const states = rows.filter((row) => ids.has(row.id)).map((row) => firstState(row, now));
      if (states.length > 0)
        await bulkInsert(trx, ctx.ops, { table: "flow_run_state", columns: STATE_COLUMNS }, states);
      return states.length;
    });
  }
  return inserted;
}
