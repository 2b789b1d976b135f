import type { State } from "../../../api/index.js";
import type { RuleRun, RunBookkeeping } from "../../../core/orchestration/index.js";
import type { StateType } from "../../../core/states.js";
import type { StoreContext } from "../context.js";
import type { Db, FlowRunTable, JsonText, RunStateColumns } from "../database.js";
import { type FlowRunRow, flowRunPolicyFromJson, flowRunRulePolicy } from "../mappers/flow-run.js";
import { currentRuleStateFromRow, currentStateFromRow, type StateOwner } from "../mappers/state.js";
import { taskRunRulePolicy } from "../mappers/task-run.js";
import { selectFlowRunRows, selectTaskRunRows } from "../query/select-runs.js";

/** A run read under lock, with everything a state proposal needs to decide and to write. */
export interface LockedRun {
  readonly kind: RuleRun["kind"];
  readonly id: string;
  readonly rule: RuleRun;
  readonly bookkeeping: RunBookkeeping;
  readonly owner: StateOwner;
  /** The current state in API form (answered on REJECT without state, WAIT and ABORT). */
  readonly current: State | null;
  readonly policyJson: JsonText;
}

/** The stored bookkeeping columns in the rules' form. */
export function bookkeepingFromRow(row: RunStateColumns): RunBookkeeping {
  return {
    runCount: row.run_count,
    startTime: row.start_time,
    endTime: row.end_time,
    totalRunTimeMs: row.total_run_time,
    expectedStartTime: row.expected_start_time,
    nextScheduledStartTime: row.next_scheduled_start_time,
  };
}

/**
 * Locks and reads a flow run inside `trx`; undefined when there is no such run. `locked`: `trx`
 * holds the row's lock already.
 */
export async function lockFlowRun(
  ctx: StoreContext,
  trx: Db,
  id: string,
  locked = false,
): Promise<LockedRun | undefined> {
  if (!locked) await ctx.ops.lockRuns(trx, "flow_run", [id]);
  const row = await selectFlowRunRows(trx).where("flow_run.id", "=", id).executeTakeFirst();
  return row === undefined ? undefined : lockedFlowRunFromRow(row);
}

/** A flow run row (as `selectFlowRunRows` reads it) that the caller has locked, as a proposal sees it. */
export function lockedFlowRunFromRow(row: FlowRunRow): LockedRun {
  const id = row.id;
  return {
    kind: "flow_run",
    id,
    rule: {
      kind: "flow_run",
      state: currentRuleStateFromRow(row),
      runCount: row.run_count,
      deploymentId: row.deployment_id,
      infrastructurePid: row.infrastructure_pid,
      policy: flowRunRulePolicy(flowRunPolicyFromJson(row.empirical_policy)),
      parentTaskRunId: row.parent_task_run_id,
    },
    bookkeeping: bookkeepingFromRow(row),
    owner: { flowRunId: id, taskRunId: null },
    current: currentStateFromRow(row),
    policyJson: row.empirical_policy,
  };
}

/**
 * A flow run about to be inserted by this transaction, as a proposal sees it: no state yet. No
 * lock is needed, as nobody else can see the row before the transaction commits.
 */
export function unsavedFlowRun(values: FlowRunTable): LockedRun {
  return {
    kind: "flow_run",
    id: values.id,
    rule: {
      kind: "flow_run",
      state: null,
      runCount: values.run_count,
      deploymentId: values.deployment_id,
      infrastructurePid: values.infrastructure_pid,
      policy: flowRunRulePolicy(flowRunPolicyFromJson(values.empirical_policy)),
      parentTaskRunId: values.parent_task_run_id,
    },
    bookkeeping: bookkeepingFromRow(values),
    owner: { flowRunId: values.id, taskRunId: null },
    current: null,
    policyJson: values.empirical_policy,
  };
}

/** Locks and reads a task run (and its flow run's state type) inside `trx`. */
export async function lockTaskRun(ctx: StoreContext, trx: Db, id: string): Promise<LockedRun | undefined> {
  await ctx.ops.lockRuns(trx, "task_run", [id]);
  const row = await selectTaskRunRows(trx)
    .leftJoin("flow_run", "flow_run.id", "task_run.flow_run_id")
    .select("flow_run.state_type as flow_run_state_type")
    .where("task_run.id", "=", id)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    kind: "task_run",
    id,
    rule: {
      kind: "task_run",
      state: currentRuleStateFromRow(row),
      runCount: row.run_count,
      deploymentId: null,
      infrastructurePid: null,
      policy: taskRunRulePolicy(row.empirical_policy),
      flowRunStateType: row.flow_run_state_type as StateType | null,
    },
    bookkeeping: bookkeepingFromRow(row),
    owner: { flowRunId: row.flow_run_id, taskRunId: id },
    current: currentStateFromRow(row),
    policyJson: row.empirical_policy,
  };
}
