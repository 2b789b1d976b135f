import { newId } from "../../../core/ids.js";
import type { State } from "../../../api/index.js";
import {
  applyPolicyChanges,
  nextBookkeeping,
  type PolicyChanges,
  type RuleState,
  type RunBookkeeping,
} from "../../../core/orchestration/index.js";
import type { Db, JsonText, RunStateColumns, StateColumns } from "../database.js";
import { stateFromRule, stateRow } from "../mappers/state.js";
import { CompiledOnce } from "./compiled-once.js";
import { RUN_STATE_KEYS, STATE_ROW_KEYS } from "./state-columns.js";
import type { LockedRun } from "./locked-run.js";

/** The run columns that follow from its current state and bookkeeping. */
export function runStateColumns(stateId: string, state: RuleState, bk: RunBookkeeping): RunStateColumns {
  return {
    state_id: stateId,
    state_type: state.type,
    state_name: state.name,
    state_timestamp: state.timestamp,
    run_count: bk.runCount,
    start_time: bk.startTime,
    end_time: bk.endTime,
    total_run_time: bk.totalRunTimeMs,
    expected_start_time: bk.expectedStartTime,
    next_scheduled_start_time: bk.nextScheduledStartTime,
  };
}

/**
 * Keeps a run's state history strictly ordered: a new state is stamped at least 1 ms after the
 * current one, so "latest timestamp" always names the current state and run-time sums never go
 * negative, even when two proposals land in the same millisecond or a client clock lags.
 */
export function monotonicTimestamp(proposed: number, current: RuleState | null): number {
  return current !== null && proposed <= current.timestamp ? current.timestamp + 1 : proposed;
}

/** The stored policy JSON with the rules' changes applied (snake_case, as the API shows it). */
export function mergePolicyJson(stored: JsonText, changes: PolicyChanges): JsonText {
  const policy = JSON.parse(stored) as Record<string, unknown>;
  if (changes.retryType !== undefined) policy.retry_type = changes.retryType;
  if (changes.pauseKeys !== undefined) policy.pause_keys = [...changes.pauseKeys];
  if (changes.resuming !== undefined) policy.resuming = changes.resuming;
  return JSON.stringify(policy);
}

/** A state write worked out but not yet executed: the state row and the run's new columns. */
export interface PlannedState {
  readonly id: string;
  readonly row: StateColumns;
  readonly columns: RunStateColumns & { updated: number; empirical_policy?: JsonText };
  /** The state as it will be written (its id, its possibly nudged timestamp, its owner ids). */
  readonly state: State;
}

/**
 * Works out how `state` becomes the run's new current state: the state row, the run's
 * denormalised state columns, its bookkeeping, and the policy changes the rules asked for.
 */
export function planState(
  run: LockedRun,
  state: RuleState,
  changes: PolicyChanges | undefined,
  now: number,
): PlannedState {
  const previous = run.rule.state;
  const written: RuleState = { ...state, timestamp: monotonicTimestamp(state.timestamp, previous) };
  const id = newId();
  const policy = applyPolicyChanges(run.rule.policy, changes);
  const bk = nextBookkeeping(run.kind, run.bookkeeping, previous, written, { resuming: policy.resuming });
  const columns = {
    ...runStateColumns(id, written, bk),
    updated: now,
    ...(changes !== undefined && { empirical_policy: mergePolicyJson(run.policyJson, changes) }),
  };
  return {
    id,
    row: stateRow(id, written, run.owner, now),
    columns,
    state: stateFromRule(id, written, run.owner),
  };
}

type RunColumns = PlannedState["columns"];
type RunUpdate = RunColumns & { run_id: string };

/** The run's row changes of a state write, with or without the policy (the rules rarely change it). */
function runUpdate(table: "flow_run" | "task_run", withPolicy: boolean): CompiledOnce<RunUpdate> {
  const keys: (keyof RunUpdate & string)[] = [
    ...RUN_STATE_KEYS,
    "updated",
    ...(withPolicy ? (["empirical_policy"] as const) : []),
    "run_id",
  ];
  return new CompiledOnce<RunUpdate>(keys, (db, { run_id, ...columns }) =>
    db.updateTable(table).set(columns).where("id", "=", run_id),
  );
}

/** The state row of a run's new state (`run_id` goes in the owner column of `kind`). */
function stateInsert(kind: "flow_run" | "task_run"): CompiledOnce<StateColumns & { run_id: string }> {
  return new CompiledOnce<StateColumns & { run_id: string }>(
    [...STATE_ROW_KEYS, "run_id"],
    (db, { run_id, ...row }) =>
      kind === "flow_run"
        ? db.insertInto("flow_run_state").values({ ...row, flow_run_id: run_id })
        : db.insertInto("task_run_state").values({ ...row, task_run_id: run_id }),
  );
}

function statementsOf(kind: "flow_run" | "task_run") {
  return {
    insert: stateInsert(kind),
    update: runUpdate(kind, false),
    updateWithPolicy: runUpdate(kind, true),
  };
}

// The statements of a state write: run after run, set_state after set_state, so compiled once.
const STATEMENTS = { flow_run: statementsOf("flow_run"), task_run: statementsOf("task_run") };

/**
 * Writes `state` as the run's new current state inside `trx` ({@link planState}). Returns the
 * state as written.
 */
export async function writeState(
  trx: Db,
  run: LockedRun,
  state: RuleState,
  changes: PolicyChanges | undefined,
  now: number,
): Promise<State> {
  const { row, columns, state: written } = planState(run, state, changes, now);
  await STATEMENTS[run.kind].insert.execute(trx, { ...row, run_id: run.id });
  await updateRunState(trx, run.kind, run.id, columns);
  return written;
}

/** Moves a run's row to the state planned for it ({@link planState}'s `columns`); its state row is written apart. */
export async function updateRunState(
  trx: Db,
  kind: "flow_run" | "task_run",
  runId: string,
  columns: PlannedState["columns"],
): Promise<void> {
  const statements = STATEMENTS[kind];
  const update = columns.empirical_policy === undefined ? statements.update : statements.updateWithPolicy;
  await update.execute(trx, { ...columns, run_id: runId });
}

/** Stores policy changes of a decision that wrote no state (a REJECT without a state). */
export async function writePolicyOnly(
  trx: Db,
  run: LockedRun,
  changes: PolicyChanges,
  now: number,
): Promise<void> {
  const values = { empirical_policy: mergePolicyJson(run.policyJson, changes), updated: now };
  if (run.kind === "flow_run")
    await trx.updateTable("flow_run").set(values).where("id", "=", run.id).execute();
  else await trx.updateTable("task_run").set(values).where("id", "=", run.id).execute();
}
