import type { TaskRunStateRecord } from "../../../api/index.js";
import {
  initialBookkeeping,
  nextBookkeeping,
  type RuleState,
  type RunBookkeeping,
} from "../../../core/orchestration/index.js";
import type { StateColumns, TaskRunTable } from "../database.js";
import { currentRuleStateFromRow, stateRow } from "../mappers/state.js";
import type { TaskRunInput, TaskRunRow } from "../mappers/task-run.js";
import type { Parsed } from "../types.js";
import { bookkeepingFromRow } from "./locked-run.js";
import { proposedRuleState } from "./propose-state.js";
import { runStateColumns } from "./write-state.js";

/**
 * The pure half of recording a batch of client-orchestrated task-run states: grouping the records
 * by task run and replaying each run's new states over its current one. The I/O half
 * (record-states.ts) loads and stores what this computes.
 */

/** One state of the batch, in the rules' form, with its position in the batch. */
export interface BatchState {
  readonly index: number;
  readonly stateId: string;
  readonly state: RuleState;
}

/** The records of one task run: the first record's task-run fields and every state, in order. */
export interface BatchRun {
  readonly input: TaskRunInput;
  readonly states: BatchState[];
}

/** A batch grouped by task-run id (in order of first appearance), duplicates of a state id dropped. */
export interface PreparedBatch {
  readonly runs: Map<string, BatchRun>;
  readonly flowRunIds: readonly string[];
}

/** Groups `records` by task run; a state id sent twice in one batch counts once (the first). */
export function prepareBatch(
  records: readonly Parsed<typeof TaskRunStateRecord>[],
  now: number,
): PreparedBatch {
  const runs = new Map<string, BatchRun>();
  const seen = new Set<string>();
  const flowRunIds = new Set<string>();
  records.forEach((record, index) => {
    const { id: runId, ...input } = record.task_run;
    if (seen.has(record.state.id)) return;
    seen.add(record.state.id);
    let run = runs.get(runId);
    if (run === undefined) {
      run = { input, states: [] };
      runs.set(runId, run);
      if (input.flow_run_id != null) flowRunIds.add(input.flow_run_id);
    }
    run.states.push({ index, stateId: record.state.id, state: proposedRuleState(record.state, now) });
  });
  return { runs, flowRunIds: [...flowRunIds] };
}

/** A task run whose current state is being advanced by the batch. */
export interface TrackedRun {
  readonly id: string;
  readonly flowRunId: string | null;
  current: RuleState | null;
  stateId: string | null;
  bookkeeping: RunBookkeeping;
  /** True once a state of the batch became current. */
  changed: boolean;
  /** The stored row, for runs that existed before the batch. */
  readonly row: TaskRunTable | null;
}

/** A run about to be created by the batch. */
export function trackNew(id: string, input: TaskRunInput): TrackedRun {
  const flowRunId = input.flow_run_id ?? null;
  return {
    id,
    flowRunId,
    current: null,
    stateId: null,
    bookkeeping: initialBookkeeping(),
    changed: false,
    row: null,
  };
}

/** A run already stored. */
export function trackExisting(row: TaskRunRow): TrackedRun {
  const { state_message: _message, state_data: _data, state_details: _details, ...stored } = row;
  return {
    id: row.id,
    flowRunId: row.flow_run_id,
    current: currentRuleStateFromRow(row),
    stateId: row.state_id,
    bookkeeping: bookkeepingFromRow(row),
    changed: false,
    row: stored,
  };
}

/**
 * Replays `states` over `run` in batch order, skipping ids in `known` (already stored: a re-sent
 * batch). A state becomes current when it is not older than the current one, so states that
 * arrive out of order land in the history without moving the run backwards. Returns the rows to
 * insert.
 */
export function advance(
  run: TrackedRun,
  states: readonly BatchState[],
  known: ReadonlySet<string>,
  now: number,
): StateColumns[] {
  const rows: StateColumns[] = [];
  const owner = { flowRunId: run.flowRunId, taskRunId: run.id };
  for (const { stateId, state } of states) {
    if (known.has(stateId)) continue;
    rows.push(stateRow(stateId, state, owner, now));
    if (run.current === null || state.timestamp >= run.current.timestamp) {
      run.bookkeeping = nextBookkeeping("task_run", run.bookkeeping, run.current, state);
      run.current = state;
      run.stateId = stateId;
      run.changed = true;
    }
  }
  return rows;
}

/** The state and bookkeeping columns of a run the batch advanced. */
export function trackedColumns(run: TrackedRun) {
  if (run.current === null || run.stateId === null) return {};
  return runStateColumns(run.stateId, run.current, run.bookkeeping);
}
