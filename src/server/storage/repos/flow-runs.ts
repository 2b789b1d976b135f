import type { FlowRun, FlowRunQuery, FlowRunUpdate, State } from "../../../api/index.js";
import { isUuid, toJson } from "../codec.js";
import type { StoreContext } from "../context.js";
import type { Db } from "../database.js";
import { flowRunFromRow, flowRunPolicyFromJson } from "../mappers/flow-run.js";
import { stateFromRow } from "../mappers/state.js";
import { countFlowRuns } from "../query/count-runs.js";
import { selectFlowRunPage, selectFlowRunRows } from "../query/select-runs.js";
import { flowRunNotFound, insertFlowRun } from "../runs/insert-flow-run.js";
import { proposeState } from "../runs/propose-state.js";
import type { Parsed, SetStateOutcome } from "../types.js";
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
    create: (input, extras) => insertFlowRun(ctx, input, extras ?? {}, readIn),

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

export { flowRunNotFound };
