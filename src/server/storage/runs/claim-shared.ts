/**
 * @module A PostgreSQL claim on a pool without concurrency limits, under the pool's shared lock
 * (claim-sql.ts `lockPoolForClaim`): claims of one pool run side by side instead of one after the
 * other, in three statements instead of a dozen. One statement marks the queues and deployments
 * polled, reads the scope again and picks and locks the runs (`FOR UPDATE SKIP LOCKED`, in queue
 * priority, then scheduled-time order); the rules decide each run's PENDING state in memory (the
 * same decideState and planState as every proposal); one statement inserts the states and one
 * moves the runs. Anything the shared lock cannot decide alone — a limit met after all, a run of a
 * limited deployment, Late runs for the catch-up policy — answers `undefined`: the caller rolls
 * back and claims again under the exclusive lock, where the general walk (claim-select.ts) applies.
 */
import { sql } from "kysely";
import type { ClaimFlowRuns, WorkerFlowRunResponse } from "../../../api/index.js";
import { StateName, StateType } from "../../../core/states.js";
import type { StoreContext } from "../context.js";
import type { Db } from "../database.js";
import { type FlowRunRow, flowRunFromRow } from "../mappers/flow-run.js";
import { queueNotFound } from "../repos/work-pool-errors.js";
import { CATCHUP_LATE_AFTER_MS } from "../scheduler/catch-up.js";
import type { Parsed } from "../types.js";
import { HAS_DEPLOYMENTS } from "./claim-deployments.js";
import { polledDeploymentColumns, polledQueueColumns } from "./claim-marks.js";
import { notInProcessRetry } from "./claim-sql.js";
import { pendingRequest } from "./claim-states.js";
import { lockedFlowRunFromRow } from "./locked-run.js";
import { decideState } from "./propose-state.js";
import { type PlannedState, planState, updateRunState } from "./write-state.js";

/** One row of the picking statement: what it found out, and a run it locked (all null if none). */
interface PickedRow extends FlowRunRow {
  readonly missing_queue: string | null;
  readonly limited: boolean;
  readonly late: boolean;
  readonly deployment_limit: number | null;
  /** Never null for a run taken: it was picked through its queue. */
  readonly work_queue_id: string;
}

/** What the caller claims with. */
export interface SharedClaim {
  readonly poolId: string;
  readonly poolName: string;
  readonly request: Parsed<typeof ClaimFlowRuns>;
}

/**
 * Claims under the pool's shared lock, inside `trx`; undefined when this claim needs the
 * exclusive lock after all (the caller must then roll `trx` back and start over).
 * @throws WORK_QUEUE_NOT_FOUND for a named queue the pool does not have.
 */
export async function claimShared(
  ctx: StoreContext,
  trx: Db,
  claim: SharedClaim,
): Promise<WorkerFlowRunResponse[] | undefined> {
  if (!HAS_DEPLOYMENTS) return undefined;
  const now = ctx.now();
  const rows = await pickRuns(ctx, trx, claim, now);
  const [meta] = rows;
  if (meta?.missing_queue) throw queueNotFound(claim.poolName, meta.missing_queue);
  if (meta === undefined || meta.limited || meta.late) return undefined;
  const runs = rows.filter((row) => row.id !== null);
  if (runs.some((run) => run.deployment_limit !== null)) return undefined;
  const planned: { row: PickedRow; state: PlannedState }[] = [];
  for (const row of runs) {
    const state = planPending(row, claim.request.worker_name, now);
    if (state === undefined) return undefined;
    planned.push({ row, state });
  }
  await writeStates(trx, planned);
  return planned.map(({ row, state }) => ({
    work_pool_id: claim.poolId,
    work_queue_id: row.work_queue_id,
    flow_run: flowRunFromRow(
      {
        ...row,
        ...state.columns,
        state_message: state.row.message,
        state_data: state.row.data,
        state_details: state.row.details,
      },
      now,
    ),
  }));
}

/** The run's PENDING state as the rules decide it; undefined when they do not accept it. */
function planPending(row: PickedRow, claimant: string, now: number): PlannedState | undefined {
  const run = lockedFlowRunFromRow(row);
  const request = pendingRequest(
    { id: row.id, next_scheduled_start_time: Number(row.next_scheduled_start_time) },
    claimant,
  );
  const decision = decideState(run, request, now);
  if (decision.status !== "ACCEPT" || decision.state?.type !== StateType.PENDING) return undefined;
  return planState(run, decision.state, decision.policy, now);
}

/**
 * The states, then the runs pointing at them: two statements, as set_state writes them, so that
 * each state's event is written once (a run moved by the statement that also inserted its state
 * would fire both event triggers of migration 0008).
 */
async function writeStates(trx: Db, planned: readonly { row: PickedRow; state: PlannedState }[]) {
  if (planned.length === 0) return;
  await trx
    .insertInto("flow_run_state")
    .values(planned.map(({ row, state }) => ({ ...state.row, flow_run_id: row.id })))
    .execute();
  for (const { row, state } of planned) await updateRunState(trx, "flow_run", row.id, state.columns);
}

/**
 * One statement: marks the polled queues and their deployments polled (skipping rows another
 * claim is marking this very moment: it writes the same thing, and waiting for it would serialise
 * the claims again), reads whether a limit or a Late run calls for the exclusive lock, and locks
 * up to `limit` due runs of the polled queues. Always one row; the run columns are null when no
 * run was taken.
 */
async function pickRuns(ctx: StoreContext, trx: Db, claim: SharedClaim, now: number): Promise<PickedRow[]> {
  const { poolId, request } = claim;
  const names = request.work_queue_names ?? [];
  const before = now + request.prefetch_seconds * 1000;
  const queueMark = polledQueueColumns(now);
  const deploymentMark = polledDeploymentColumns(now);
  const { rows } = await sql<PickedRow>`
    with pool as (
      select id, is_paused, concurrency_limit from work_pool where id = ${poolId}
    ), queues as (
      select id, name, is_paused, concurrency_limit, priority from work_queue where work_pool_id = ${poolId}
    ), polled as (
      select * from queues where cardinality(${names}::text[]) = 0 or name = any(${names}::text[])
    ), marked_queues as (
      update work_queue set last_polled = ${queueMark.last_polled}, status_updated = ${queueMark.status_updated},
        status = ${queueMark.status}
      where id in (select id from work_queue where id in (select id from polled) order by id for update skip locked)
      returning id
    ), marked_deployments as (
      update deployment set last_polled = ${deploymentMark.last_polled},
        status_updated = ${deploymentMark.status_updated}, status = ${deploymentMark.status}
      where id in (
        select id from deployment where work_queue_id in (select id from polled) order by id for update skip locked
      )
      returning id
    ), open_queues as (
      select polled.* from polled, pool where not pool.is_paused and not polled.is_paused
    ), taken as (
      -- Only the runs' own rows are sorted and locked: the joins below run for the taken ones alone.
      select flow_run.*, open_queues.priority as queue_priority, open_queues.name as queue_name
      from flow_run join open_queues on open_queues.id = flow_run.work_queue_id
      where flow_run.state_type = 'SCHEDULED' and flow_run.next_scheduled_start_time <= ${before}
        and ${notInProcessRetry(ctx.ops)}
      order by open_queues.priority, open_queues.name, flow_run.next_scheduled_start_time, flow_run.id
      limit ${request.limit}
      for update of flow_run skip locked
    )
    select
      (select n.name from unnest(${names}::text[]) as n(name) where n.name not in (select name from queues) limit 1)
        as missing_queue,
      (select concurrency_limit is not null from pool)
        or exists (select 1 from queues where concurrency_limit is not null) as limited,
      exists (
        select 1 from flow_run
        join open_queues on open_queues.id = flow_run.work_queue_id
        join deployment on deployment.id = flow_run.deployment_id
        where flow_run.state_type = 'SCHEDULED' and flow_run.schedule_id is not null
          and flow_run.next_scheduled_start_time <= ${now}
          and (flow_run.state_name = ${StateName.Late} or flow_run.next_scheduled_start_time <= ${now - CATCHUP_LATE_AFTER_MS})
          and deployment.catchup_policy <> 'run_all'
      ) as late,
      taken.*, flow.name as flow_name, current_state.message as state_message,
      current_state.data as state_data, current_state.details as state_details,
      deployment.concurrency_limit as deployment_limit
    from (select 1) as one
    left join taken on true
    left join flow on flow.id = taken.flow_id
    left join flow_run_state as current_state on current_state.id = taken.state_id
    left join deployment on deployment.id = taken.deployment_id
    order by taken.queue_priority, taken.queue_name, taken.next_scheduled_start_time, taken.id`.execute(trx);
  return rows;
}
