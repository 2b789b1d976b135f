import { sql } from "kysely";
import { newId } from "../../../core/ids.js";
import type { Deployment, DeploymentCreate, DeploymentQuery, DeploymentUpdate } from "../../../api/index.js";
import { StewardError } from "../../../core/errors.js";
import { isUuid, toStoredBoolean } from "../codec.js";
import { checkScheduleLimits } from "../deployments/schedule-limits.js";
import { limitsOf } from "../limits.js";
import type { StoreContext } from "../context.js";
import type { Db } from "../database.js";
import { createDeploymentRun, deploymentSubject, type RunDeps } from "../deployments/create-run.js";
import {
  checkContent,
  checkRouting,
  type Definition,
  definitionColumns,
  type DefinitionColumns,
  routingColumns,
} from "../deployments/definition.js";
import { deploymentOrder, deploymentWhere, selectDeploymentRows } from "../deployments/query.js";
import { replaceSchedules, schedulesOf } from "../deployments/schedules.js";
import { deleteFutureAutoScheduledRuns, deleteUnstartedRuns } from "../deployments/stale-runs.js";
import { deploymentFromRow, type DeploymentRow } from "../mappers/deployment.js";
import type { Parsed, Upserted } from "../types.js";
import type { Store } from "../store.js";
import { createScheduleMethods } from "./deployment-schedules.js";

/** What the deployment repo uses from the rest of the store. */
export interface DeploymentRepoDeps extends RunDeps {
  /**
   * Raised after a change that may need scheduled runs has committed (the scheduler's fast
   * path, scheduler/signal.ts).
   */
  readonly deploymentChanged?: (deploymentId: string) => void;
}

type Repo = Store["deployments"];

/** Deployments: upsert on (flow_id, name), reads, queries, runs, pausing and schedules. */
export function createDeploymentRepo(ctx: StoreContext, deps: DeploymentRepoDeps): Repo {
  const { db } = ctx;
  const readIn = (executor: Db, id: string) => readDeployment(executor, id);

  return {
    upsert: (input) => upsert(ctx, deps, input),
    read: async (id) => (isUuid(id) ? readIn(db, id) : undefined),
    readByName: async (flowName, name) => {
      const row = await selectDeploymentRows(db)
        .where("flow.name", "=", flowName)
        .where("deployment.name", "=", name)
        .executeTakeFirst();
      return row && withSchedules(db, [row]).then((list) => list[0]);
    },
    update: (id, patch) => update(ctx, deps, id, patch),

    async delete(id) {
      if (!isUuid(id)) return false;
      return db.transaction().execute(async (trx) => {
        await deleteUnstartedRuns(trx, id);
        const result = await trx.deleteFrom("deployment").where("id", "=", id).executeTakeFirst();
        return result.numDeletedRows > 0n;
      });
    },

    async filter(query: Parsed<typeof DeploymentQuery>): Promise<Deployment[]> {
      let q = selectDeploymentRows(db).where(deploymentWhere(ctx.ops, query));
      for (const term of deploymentOrder(query.sort)) q = q.orderBy(term);
      return withSchedules(db, await q.limit(query.limit).offset(query.offset).execute());
    },

    async count(query: Parsed<typeof DeploymentQuery>): Promise<number> {
      const row = await db
        .selectFrom("deployment")
        .innerJoin("flow", "flow.id", "deployment.flow_id")
        .select(sql<number>`count(*)`.as("count"))
        .where(deploymentWhere(ctx.ops, query))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    async createFlowRun(id, input) {
      const deployment = await requireDeployment(db, id);
      // `deps.flowRuns` is the store's notifying repo: claim long-polls wake once the run commits.
      const { value } = await createDeploymentRun(deps, deployment, input, ctx.now());
      return value;
    },

    async setPaused(id, paused) {
      if (!isUuid(id)) return false;
      const changed = await db.transaction().execute(async (trx) => {
        const now = ctx.now();
        const result = await trx
          .updateTable("deployment")
          .set({ paused: toStoredBoolean(paused), updated: now })
          .where("id", "=", id)
          .executeTakeFirst();
        if (result.numUpdatedRows === 0n) return false;
        // The scheduler makes no runs for a paused deployment; the ones it made go too.
        if (paused) await deleteFutureAutoScheduledRuns(trx, id, now);
        return true;
      });
      // A resumed deployment's waiting runs may be claimable again, and it needs scheduled runs.
      if (changed && !paused) ctx.notifyRunsChanged();
      if (changed && !paused) deps.deploymentChanged?.(id);
      return changed;
    },

    ...createScheduleMethods(ctx, (executor, id) => requireDeployment(executor, id), deps.deploymentChanged),
  };
}

/** The error for an unknown deployment id. */
export function deploymentNotFound(id: string): StewardError {
  return new StewardError(
    "DEPLOYMENT_NOT_FOUND",
    `No deployment has id ${JSON.stringify(id)}. It may have been deleted; \`steward deployment ls\` (POST /api/deployments/filter) lists the existing ones.`,
  );
}

async function withSchedules(db: Db, rows: readonly DeploymentRow[]): Promise<Deployment[]> {
  const schedules = await schedulesOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => deploymentFromRow(row, schedules.get(row.id) ?? []));
}

async function readDeployment(db: Db, id: string): Promise<Deployment | undefined> {
  const row = await selectDeploymentRows(db).where("deployment.id", "=", id).executeTakeFirst();
  return row && (await withSchedules(db, [row]))[0];
}

async function requireDeployment(db: Db, id: string): Promise<Deployment> {
  const deployment = isUuid(id) ? await readDeployment(db, id) : undefined;
  if (deployment === undefined) throw deploymentNotFound(id);
  return deployment;
}

async function flowName(db: Db, flowId: string): Promise<string> {
  const flow = await db.selectFrom("flow").select("name").where("id", "=", flowId).executeTakeFirst();
  if (flow !== undefined) return flow.name;
  throw new StewardError(
    "FLOW_NOT_FOUND",
    `Flow ${flowId} does not exist. Register the flow first (POST /flows/) and use the id it returns.`,
  );
}

async function upsert(
  ctx: StoreContext,
  deps: DeploymentRepoDeps,
  input: Parsed<typeof DeploymentCreate>,
): Promise<Upserted<Deployment>> {
  const subject = `deployment "${await flowName(ctx.db, input.flow_id)}/${input.name}"`;
  checkContent(subject, input);
  checkScheduleLimits(subject, input.schedules, limitsOf(ctx), { now: ctx.now() });
  const columns = definitionColumns(input, routingColumns(await checkRouting(deps, subject, input)));
  const result = await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now();
    // Insert-or-nothing then update: two clients deploying the same name at once both succeed.
    const inserted = await trx
      .insertInto("deployment")
      .values({
        id: newId(),
        created: now,
        updated: now,
        name: input.name,
        flow_id: input.flow_id,
        status: "NOT_READY",
        status_updated: now,
        last_polled: null,
        ...columns,
      })
      .onConflict((oc) => oc.columns(["flow_id", "name"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    const id = inserted?.id ?? (await updateByName(trx, input, columns, now));
    await replaceSchedules(trx, id, input.schedules, now);
    await deleteFutureAutoScheduledRuns(trx, id, now);
    const value = await readDeployment(trx, id);
    if (value === undefined) throw deploymentNotFound(id);
    return { value, created: inserted !== undefined };
  });
  // Redeploying may resume the deployment, raise its limit or move it to another queue.
  if (!result.created) ctx.notifyRunsChanged();
  deps.deploymentChanged?.(result.value.id);
  return result;
}

async function updateByName(
  trx: Db,
  input: Parsed<typeof DeploymentCreate>,
  columns: DefinitionColumns,
  now: number,
): Promise<string> {
  const row = await trx
    .updateTable("deployment")
    .set({ ...columns, updated: now })
    .where("flow_id", "=", input.flow_id)
    .where("name", "=", input.name)
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The definition after `patch`. Moving to another pool without naming a queue means that pool's
 * default queue (the old queue's name need not exist there).
 */
function patched(existing: Deployment, patch: Parsed<typeof DeploymentUpdate>): Definition {
  const { schedules: _s, work_queue_id: _q, ...current } = existing;
  const movedPool = patch.work_pool_name !== undefined && patch.work_pool_name !== existing.work_pool_name;
  return {
    ...current,
    schedules: existing.schedules.map(({ schedule, active, max_scheduled_runs, parameters, slug }) => ({
      schedule,
      active,
      max_scheduled_runs,
      parameters,
      slug,
    })),
    ...(movedPool && { work_queue_name: null }),
    ...stripUndefined(patch),
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

async function update(
  ctx: StoreContext,
  deps: DeploymentRepoDeps,
  id: string,
  patch: Parsed<typeof DeploymentUpdate>,
): Promise<boolean> {
  const existing = isUuid(id) ? await readDeployment(ctx.db, id) : undefined;
  if (existing === undefined) return false;
  const subject = deploymentSubject(existing);
  const definition = patched(existing, patch);
  checkContent(subject, definition);
  // Only schedules sent now: an unrelated edit must not fail on schedules stored before a limit.
  if (patch.schedules) checkScheduleLimits(subject, patch.schedules, limitsOf(ctx), { now: ctx.now() });
  // Re-resolve the pool only when routing or job variables change: an unrelated edit must not
  // fail because the pool was deleted, nor re-create a queue someone removed.
  const reroute = ["work_pool_name", "work_queue_name", "job_variables"].some(
    (key) => key in stripUndefined(patch),
  );
  const routing = reroute ? routingColumns(await checkRouting(deps, subject, definition)) : existing;
  const columns = definitionColumns(definition, {
    work_queue_id: routing.work_queue_id,
    work_queue_name: routing.work_queue_name,
    work_pool_name: routing.work_pool_name,
  });
  const changed = await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now();
    const result = await trx
      .updateTable("deployment")
      .set({ ...columns, updated: now })
      .where("id", "=", id)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    if (patch.schedules !== undefined) await replaceSchedules(trx, id, patch.schedules, now);
    await deleteFutureAutoScheduledRuns(trx, id, now);
    return true;
  });
  // A raised concurrency limit, an unpause or another queue may free waiting runs.
  if (changed) ctx.notifyRunsChanged();
  if (changed) deps.deploymentChanged?.(id);
  return changed;
}
