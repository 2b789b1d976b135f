import type { Deployment, DeploymentSchedule, DeploymentScheduleCreate } from "../../../api/index.js";
import { isUuid } from "../codec.js";
import type { StoreContext } from "../context.js";
import type { Db } from "../database.js";
import { checkSchedules } from "../deployments/checks.js";
import { deploymentSubject } from "../deployments/create-run.js";
import { insertSchedules, patchSchedule, schedulesOf, takenSlugs } from "../deployments/schedules.js";
import { deleteFutureAutoScheduledRuns } from "../deployments/stale-runs.js";
import { checkScheduleLimits } from "../deployments/schedule-limits.js";
import { limitsOf } from "../limits.js";
import type { Parsed } from "../types.js";
import type { Store } from "../store.js";

type ScheduleMethods = Pick<
  Store["deployments"],
  "schedules" | "addSchedules" | "updateSchedule" | "deleteSchedule"
>;

/**
 * The schedule methods of the deployment repo. Changing or removing a schedule removes the
 * deployment's future auto-scheduled runs (the scheduler re-creates those that still apply);
 * adding one leaves existing runs alone.
 *
 * `requireDeployment` throws DEPLOYMENT_NOT_FOUND; an unknown schedule of a known deployment
 * answers false.
 */
export function createScheduleMethods(
  ctx: StoreContext,
  requireDeployment: (db: Db, id: string) => Promise<Deployment>,
  changed: (deploymentId: string) => void = () => {},
): ScheduleMethods {
  const { db } = ctx;
  // Tells the scheduler once the change has committed (its fast path).
  const signalled = <T>(id: string, result: T): T => {
    if (result !== false) changed(id);
    return result;
  };
  return {
    async schedules(id): Promise<DeploymentSchedule[] | undefined> {
      if (!isUuid(id)) return undefined;
      const exists = await db.selectFrom("deployment").select("id").where("id", "=", id).executeTakeFirst();
      if (exists === undefined) return undefined;
      return (await schedulesOf(db, [id])).get(id) ?? [];
    },

    async addSchedules(id, inputs: readonly Parsed<typeof DeploymentScheduleCreate>[]) {
      const deployment = await requireDeployment(db, id);
      checkSchedules(deploymentSubject(deployment), inputs, await takenSlugs(db, id));
      checkScheduleLimits(deploymentSubject(deployment), inputs, limitsOf(ctx), {
        existing: await scheduleCount(db, id),
        now: ctx.now(),
      });
      const added = await db.transaction().execute(async (trx) => {
        const rows = await insertSchedules(trx, id, inputs, ctx.now());
        await touch(trx, id, ctx.now());
        return rows;
      });
      return signalled(id, added);
    },

    async updateSchedule(id, scheduleId, patch) {
      const deployment = await requireDeployment(db, id);
      if (!isUuid(scheduleId)) return false;
      if (patch.schedule !== undefined || patch.slug) {
        const entry = {
          schedule: patch.schedule ?? { interval: 1 },
          active: true,
          parameters: {},
          slug: patch.slug,
        };
        checkSchedules(deploymentSubject(deployment), [entry], await takenSlugs(db, id, scheduleId));
      }
      if (patch.schedule !== undefined) {
        checkScheduleLimits(deploymentSubject(deployment), [{ schedule: patch.schedule }], limitsOf(ctx), {
          // Replaces one schedule: the count stays as it is.
          existing: 0,
          now: ctx.now(),
          paths: ["schedule"],
        });
      }
      const patched = await db.transaction().execute(async (trx) => {
        const now = ctx.now();
        if (!(await patchSchedule(trx, id, scheduleId, patch, now))) return false;
        await touch(trx, id, now);
        await deleteFutureAutoScheduledRuns(trx, id, now);
        return true;
      });
      return signalled(id, patched);
    },

    async deleteSchedule(id, scheduleId) {
      await requireDeployment(db, id);
      if (!isUuid(scheduleId)) return false;
      return db.transaction().execute(async (trx) => {
        const result = await trx
          .deleteFrom("deployment_schedule")
          .where("id", "=", scheduleId)
          .where("deployment_id", "=", id)
          .executeTakeFirst();
        if (result.numDeletedRows === 0n) return false;
        const now = ctx.now();
        await touch(trx, id, now);
        await deleteFutureAutoScheduledRuns(trx, id, now);
        return true;
      });
    },
  };
}

/** Marks the deployment updated, so the scheduler's "recently updated" loop looks at it soon. */
async function touch(trx: Db, id: string, now: number): Promise<void> {
  await trx.updateTable("deployment").set({ updated: now }).where("id", "=", id).execute();
}

/** How many schedules a deployment has. */
async function scheduleCount(db: Db, deploymentId: string): Promise<number> {
  const row = await db
    .selectFrom("deployment_schedule")
    .select((eb) => eb.fn.countAll<number | string>().as("count"))
    .where("deployment_id", "=", deploymentId)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}
