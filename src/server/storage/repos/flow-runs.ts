import { newId } from "../../../core/ids.js";
import type { FlowRun, FlowRunCreate, FlowRunQuery, FlowRunUpdate, State } from "../../../api/index.js";
import { StewardError } from "../../../core/errors.js";
import { randomRunName } from "../../../core/names.js";
import { isUuid, toJson, toStoredBoolean } from "../codec.js";
import type { StoreContext } from "../context.js";
import type { Db, FlowRunTable } from "../database.js";
import { flowRunFromRow, flowRunPolicyFromJson } from "../mappers/flow-run.js";
import { stateFromRow } from "../mappers/state.js";
import { NO_STATE_COLUMNS } from "../mappers/run-timing.js";
import { countFlowRuns } from "../query/count-runs.js";
import { selectFlowRunPage, selectFlowRunRows } from "../query/select-runs.js";
import { unsavedFlowRun } from "../runs/locked-run.js";
import { decideState, proposeState } from "../runs/propose-state.js";
import { planState } from "../runs/write-state.js";
import type { FlowRunCreateExtras, Parsed, SetStateOutcome, Upserted } from "../types.js";
import type { Store } from "../store.js";

/**
 * Flow runs: creation (idempotent), reads, filters, updates, deletes and state proposals. The
 * read-only views (history, graph) live in runs/ and are added by the store.
 */
export function createFlowRunRepo(ctx: StoreContext): Omit<Store["flowRuns"], "history" | "graph"> {
  const { db, ops } = ctx;

  async function readIn(executor: Db, id: string): Promise<FlowRun | undefined> {
    const row = await selectFlowRunRows(executor).where("flow_run.id", "=", id).executeTakeFirst();
    return row && flowRunFromRow(row, ctx.now());
  }

  return {
    create: (input, extras) =>
      db.transaction().execute((trx) => createFlowRun(ctx, trx, input, extras ?? {}, readIn)),

    read: async (id) => (isUuid(id) ? readIn(db, id) : undefined),

    async update(id: string, patch: Parsed<typeof FlowRunUpdate>): Promise<boolean> {
      if (!isUuid(id)) return false;
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom("flow_run")
          .select("empirical_policy")
          .where("id", "=", id)
          .executeTakeFirst();
        if (row === undefined) return false;
        const policy =
          patch.empirical_policy === undefined
            ? undefined
            : toJson({ ...flowRunPolicyFromJson(row.empirical_policy), ...patch.empirical_policy });
        await trx
          .updateTable("flow_run")
          .set({
            updated: ctx.now(),
            ...(patch.name !== undefined && { name: patch.name }),
            ...(patch.flow_version !== undefined && { flow_version: patch.flow_version }),
            ...(patch.parameters !== undefined && { parameters: toJson(patch.parameters) }),
            ...(policy !== undefined && { empirical_policy: policy }),
            ...(patch.tags !== undefined && { tags: toJson(patch.tags) }),
            ...(patch.labels !== undefined && { labels: toJson(patch.labels) }),
            ...(patch.infrastructure_pid !== undefined && { infrastructure_pid: patch.infrastructure_pid }),
            ...(patch.job_variables !== undefined && { job_variables: toJson(patch.job_variables) }),
          })
          .where("id", "=", id)
          .execute();
        return true;
      });
    },

    async delete(id: string): Promise<boolean> {
      if (!isUuid(id)) return false;
      return db.transaction().execute(async (trx) => {
        // Logs have no foreign key (see migration 0002); task runs and states cascade.
        await trx.deleteFrom("log").where("flow_run_id", "=", id).execute();
        const result = await trx.deleteFrom("flow_run").where("id", "=", id).executeTakeFirst();
        return result.numDeletedRows > 0n;
      });
    },

    async filter(query: Parsed<typeof FlowRunQuery>): Promise<FlowRun[]> {
      const rows = await selectFlowRunPage(db, ops, query).execute();
      const now = ctx.now();
      return rows.map((row) => flowRunFromRow(row, now));
    },

    count: (query: Parsed<typeof FlowRunQuery>) => countFlowRuns(db, ops, query),

    async setState(id, request): Promise<SetStateOutcome> {
      const outcome = isUuid(id)
        ? await db.transaction().execute((trx) => proposeState(ctx, trx, "flow_run", id, request))
        : undefined;
      if (outcome === undefined) throw flowRunNotFound(id);
      return outcome;
    },

    async states(flowRunId: string): Promise<State[]> {
      if (!isUuid(flowRunId)) return [];
      const rows = await db
        .selectFrom("flow_run_state")
        .selectAll()
        .where("flow_run_id", "=", flowRunId)
        .orderBy("timestamp")
        .orderBy("id")
        .execute();
      return rows.map(stateFromRow);
    },

    async readState(stateId: string): Promise<State | undefined> {
      if (!isUuid(stateId)) return undefined;
      const row = await db
        .selectFrom("flow_run_state")
        .selectAll()
        .where("id", "=", stateId)
        .executeTakeFirst();
      return row && stateFromRow(row);
    },

    async heartbeat(id: string): Promise<boolean> {
      if (!isUuid(id)) return false;
      // Only the heartbeat column: `updated` tracks changes people make, not liveness pings.
      const result = await db
        .updateTable("flow_run")
        .set({ last_heartbeat: ctx.now() })
        .where("id", "=", id)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}

/** The error for an unknown flow run id. */
export function flowRunNotFound(id: string): StewardError {
  return new StewardError(
    "FLOW_RUN_NOT_FOUND",
    `Flow run ${id} does not exist. Check the id (\`steward flow-run ls\` lists runs); it may have been deleted.`,
  );
}

async function createFlowRun(
  ctx: StoreContext,
  trx: Db,
  input: Parsed<typeof FlowRunCreate>,
  extras: FlowRunCreateExtras,
  readIn: (executor: Db, id: string) => Promise<FlowRun | undefined>,
): Promise<Upserted<FlowRun>> {
  const flow = await trx.selectFrom("flow").select("name").where("id", "=", input.flow_id).executeTakeFirst();
  if (flow === undefined) {
    throw new StewardError(
      "FLOW_NOT_FOUND",
      `Flow ${input.flow_id} does not exist. Register the flow first (POST /flows/) and use the id it returns.`,
    );
  }
  const now = ctx.now();
  const values = flowRunValues(newId(), input, extras, now);
  // Prefect writes the first state with force too: whatever the creator asks for is where it
  // starts. The rules decide on the run as it will be inserted, and the run is inserted already in
  // its first state: no lock, no read back, one write to the run row.
  const run = unsavedFlowRun(values);
  const request = { state: input.state ?? { type: "PENDING" as const }, force: true };
  const decision = decideState(run, request, now);
  const first =
    decision.status !== "WAIT" && decision.status !== "ABORT" && decision.state !== null
      ? planState(run, decision.state, decision.policy, now)
      : undefined;
  // The unique (flow_id, idempotency_key) index settles races: the loser inserts nothing and
  // returns the winner's run.
  const inserted = await trx
    .insertInto("flow_run")
    .values(first ? { ...values, ...first.columns } : values)
    .onConflict((oc) => oc.columns(["flow_id", "idempotency_key"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (inserted === undefined) {
    const existing = await trx
      .selectFrom("flow_run")
      .select("id")
      .where("flow_id", "=", input.flow_id)
      .where("idempotency_key", "=", input.idempotency_key ?? "")
      .executeTakeFirstOrThrow();
    return { value: await readOrThrow(readIn, trx, existing.id), created: false };
  }
  if (first === undefined) {
    // Not a state to write (no rule answers so today): the ordinary proposal path decides again.
    await proposeState(ctx, trx, "flow_run", values.id, request);
    return { value: await readOrThrow(readIn, trx, values.id), created: true };
  }
  await trx
    .insertInto("flow_run_state")
    .values({ ...first.row, flow_run_id: values.id })
    .execute();
  const row = {
    ...values,
    ...first.columns,
    flow_name: flow.name,
    state_message: first.row.message,
    state_data: first.row.data,
    state_details: first.row.details,
  };
  return { value: flowRunFromRow(row, now), created: true };
}

async function readOrThrow(
  readIn: (executor: Db, id: string) => Promise<FlowRun | undefined>,
  trx: Db,
  id: string,
): Promise<FlowRun> {
  const run = await readIn(trx, id);
  if (run === undefined) throw flowRunNotFound(id);
  return run;
}

function flowRunValues(
  id: string,
  input: Parsed<typeof FlowRunCreate>,
  extras: FlowRunCreateExtras,
  now: number,
): FlowRunTable {
  return {
    id,
    created: now,
    updated: now,
    name: input.name ?? randomRunName(),
    flow_id: input.flow_id,
    deployment_id: extras.deployment_id ?? null,
    deployment_version: extras.deployment_version ?? null,
    work_queue_id: extras.work_queue_id ?? null,
    work_queue_name: extras.work_queue_name ?? null,
    work_pool_id: extras.work_pool_id ?? null,
    work_pool_name: extras.work_pool_name ?? null,
    flow_version: input.flow_version ?? null,
    parameters: toJson(input.parameters),
    idempotency_key: input.idempotency_key ?? null,
    context: toJson(input.context),
    empirical_policy: toJson(flowRunPolicyFromJson(toJson(input.empirical_policy ?? {}))),
    tags: toJson(input.tags),
    labels: toJson(input.labels),
    parent_task_run_id: input.parent_task_run_id ?? null,
    auto_scheduled: toStoredBoolean(extras.auto_scheduled ?? false),
    infrastructure_pid: null,
    job_variables: toJson(input.job_variables),
    created_by:
      extras.created_by === undefined || extras.created_by === null ? null : toJson(extras.created_by),
    last_heartbeat: null,
    ...NO_STATE_COLUMNS,
  };
}
