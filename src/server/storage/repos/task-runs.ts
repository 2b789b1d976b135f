import { sql } from "kysely";
import { newId } from "../../../core/ids.js";
import type { State, TaskRun, TaskRunCreate, TaskRunQuery, TaskRunUpdate } from "../../../api/index.js";
import { StewardError } from "../../../core/errors.js";
import { isUuid } from "../codec.js";
import type { StoreContext } from "../context.js";
import type { Db } from "../database.js";
import { stateFromRow } from "../mappers/state.js";
import { taskRunFromRow, taskRunRow } from "../mappers/task-run.js";
import { selectTaskRunRows } from "../query/select-runs.js";
import { taskRunOrder } from "../query/sorts.js";
import { taskRunWhere } from "../query/where.js";
import { findTaskRunIdByKey } from "../runs/task-run-key.js";
import { proposeState } from "../runs/propose-state.js";
import { recordTaskRunStates } from "../runs/record-states.js";
import type { Parsed, SetStateOutcome, Upserted } from "../types.js";
import type { Store } from "../store.js";
import { flowRunNotFound } from "./flow-runs.js";

/** Task runs: upsert by (flow_run_id, task_key, dynamic_key), state proposals and batches. */
export function createTaskRunRepo(ctx: StoreContext): Store["taskRuns"] {
  const { db, ops } = ctx;

  return {
    create: (input) => db.transaction().execute((trx) => createTaskRun(ctx, trx, input)),

    read: async (id) => (isUuid(id) ? readTaskRun(ctx, db, id) : undefined),

    async update(id: string, patch: Parsed<typeof TaskRunUpdate>): Promise<boolean> {
      if (!isUuid(id)) return false;
      const result = await db
        .updateTable("task_run")
        .set({ updated: ctx.now(), ...(patch.name !== undefined && { name: patch.name }) })
        .where("id", "=", id)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async delete(id: string): Promise<boolean> {
      if (!isUuid(id)) return false;
      const result = await db.deleteFrom("task_run").where("id", "=", id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async filter(query: Parsed<typeof TaskRunQuery>): Promise<TaskRun[]> {
      let q = selectTaskRunRows(db).where(taskRunWhere(ops, query));
      for (const term of taskRunOrder(query.sort)) q = q.orderBy(term);
      const rows = await q.limit(query.limit).offset(query.offset).execute();
      const now = ctx.now();
      return rows.map((row) => taskRunFromRow(row, now));
    },

    async count(query: Parsed<typeof TaskRunQuery>): Promise<number> {
      const row = await db
        .selectFrom("task_run")
        .select(sql<number>`count(*)`.as("count"))
        .where(taskRunWhere(ops, query))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    async setState(id, request): Promise<SetStateOutcome> {
      const outcome = isUuid(id)
        ? await db.transaction().execute((trx) => proposeState(ctx, trx, "task_run", id, request))
        : undefined;
      if (outcome === undefined) throw taskRunNotFound(id);
      return outcome;
    },

    recordStates: (batch) => recordTaskRunStates(ctx, batch.records),

    async states(taskRunId: string): Promise<State[]> {
      if (!isUuid(taskRunId)) return [];
      const rows = await db
        .selectFrom("task_run_state")
        .selectAll()
        .where("task_run_id", "=", taskRunId)
        .orderBy("timestamp")
        .orderBy("id")
        .execute();
      return rows.map(stateFromRow);
    },

    async statesOf(taskRunIds: readonly string[], limit: number): Promise<State[]> {
      const ids = taskRunIds.filter(isUuid);
      if (ids.length === 0) return [];
      // Each run's rows are read in the order of its (task_run_id, timestamp) index.
      const rows = await db
        .selectFrom("task_run_state")
        .selectAll()
        .where("task_run_id", "in", ids)
        .orderBy("task_run_id")
        .orderBy("timestamp")
        .orderBy("id")
        .limit(limit)
        .execute();
      return rows.map(stateFromRow);
    },
  };
}

/** The error for an unknown task run id. */
export function taskRunNotFound(id: string): StewardError {
  return new StewardError(
    "TASK_RUN_NOT_FOUND",
    `Task run ${id} does not exist. Check the id; it may have been deleted with its flow run.`,
  );
}

async function readTaskRun(ctx: StoreContext, executor: Db, id: string): Promise<TaskRun | undefined> {
  const row = await selectTaskRunRows(executor).where("task_run.id", "=", id).executeTakeFirst();
  return row && taskRunFromRow(row, ctx.now());
}

async function createTaskRun(
  ctx: StoreContext,
  trx: Db,
  input: Parsed<typeof TaskRunCreate>,
): Promise<Upserted<TaskRun>> {
  const flowRunId = input.flow_run_id ?? null;
  if (flowRunId !== null) {
    const run = await trx.selectFrom("flow_run").select("id").where("id", "=", flowRunId).executeTakeFirst();
    if (run === undefined) throw flowRunNotFound(flowRunId);
  }
  const id = input.id ?? newId();
  // No conflict target: a clash on the id or on (flow_run_id, task_key, dynamic_key) both mean
  // "it may exist already", which `existingTaskRunId` sorts out.
  const inserted = await trx
    .insertInto("task_run")
    .values(taskRunRow(id, input, ctx.now()))
    .onConflict((oc) => oc.doNothing())
    .returning("id")
    .executeTakeFirst();
  if (inserted === undefined) {
    const existing = await existingTaskRunId(trx, input, id);
    const value = await readTaskRun(ctx, trx, existing);
    if (value === undefined) throw taskRunNotFound(existing);
    return { value, created: false };
  }
  if (input.state !== undefined) {
    await proposeState(ctx, trx, "task_run", id, { state: input.state, force: true });
  }
  const value = await readTaskRun(ctx, trx, id);
  if (value === undefined) throw taskRunNotFound(id);
  return { value, created: true };
}

/** The task run an insert collided with: same identity key, else same id with the same key. */
async function existingTaskRunId(trx: Db, input: Parsed<typeof TaskRunCreate>, id: string): Promise<string> {
  const byKey = await findTaskRunIdByKey(trx, input);
  if (byKey !== undefined) return byKey;
  const byId = await trx
    .selectFrom("task_run")
    .select(["id", "flow_run_id", "task_key", "dynamic_key"])
    .where("id", "=", id)
    .executeTakeFirst();
  const sameKey =
    byId !== undefined &&
    byId.flow_run_id === (input.flow_run_id ?? null) &&
    byId.task_key === input.task_key &&
    byId.dynamic_key === input.dynamic_key;
  if (!sameKey) {
    throw new StewardError(
      "CONFLICT",
      `Task run id ${id} is already used by another task run (a different flow run, task_key or dynamic_key). Let the server choose the id, or generate a fresh UUIDv7.`,
    );
  }
  return id;
}
