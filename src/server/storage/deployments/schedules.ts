/**
 * @module Schedule rows of deployments: listing them for many deployments at once, inserting,
 * replacing, patching.
 */
import { newId } from "../../../core/ids.js";
import type { DeploymentSchedule, DeploymentScheduleCreate } from "../../../api/index.js";
import { toJson, toStoredBoolean } from "../codec.js";
import { chunks, IN_LIST_CHUNK } from "../context.js";
import type { Db, DeploymentScheduleTable } from "../database.js";
import { scheduleFromRow } from "../mappers/deployment.js";
import type { Parsed } from "../types.js";

type ScheduleInput = Parsed<typeof DeploymentScheduleCreate>;

/** The schedules of each of `deploymentIds`, oldest first (every id has an entry). */
export async function schedulesOf(
  db: Db,
  deploymentIds: readonly string[],
): Promise<Map<string, DeploymentSchedule[]>> {
  const byDeployment = new Map<string, DeploymentSchedule[]>(deploymentIds.map((id) => [id, []]));
  for (const ids of chunks(deploymentIds, IN_LIST_CHUNK)) {
    const rows = await db
      .selectFrom("deployment_schedule")
      .selectAll()
      .where("deployment_id", "in", ids)
      .orderBy("created")
      .orderBy("id")
      .execute();
    for (const row of rows) byDeployment.get(row.deployment_id)?.push(scheduleFromRow(row));
  }
  return byDeployment;
}

function scheduleValues(deploymentId: string, input: ScheduleInput, now: number): DeploymentScheduleTable {
  return {
    // v7 ids sort by creation; the ms-precision `created` alone would tie within one insert.
    id: newId(),
    created: now,
    updated: now,
    deployment_id: deploymentId,
    schedule: toJson(input.schedule),
    active: toStoredBoolean(input.active),
    max_scheduled_runs: input.max_scheduled_runs ?? null,
    parameters: toJson(input.parameters),
    slug: input.slug ?? null,
  };
}

/** Adds schedules to a deployment and returns them, in the order given. */
export async function insertSchedules(
  trx: Db,
  deploymentId: string,
  inputs: readonly ScheduleInput[],
  now: number,
): Promise<DeploymentSchedule[]> {
  if (inputs.length === 0) return [];
  const rows = inputs.map((input) => scheduleValues(deploymentId, input, now));
  await trx.insertInto("deployment_schedule").values(rows).execute();
  return rows.map(scheduleFromRow);
}

/** Replaces all of a deployment's schedules. */
export async function replaceSchedules(
  trx: Db,
  deploymentId: string,
  inputs: readonly ScheduleInput[],
  now: number,
): Promise<void> {
  await trx.deleteFrom("deployment_schedule").where("deployment_id", "=", deploymentId).execute();
  await insertSchedules(trx, deploymentId, inputs, now);
}

/** Slugs already taken in a deployment, but for schedule `exceptId`. */
export async function takenSlugs(db: Db, deploymentId: string, exceptId?: string): Promise<string[]> {
  let query = db
    .selectFrom("deployment_schedule")
    .select("slug")
    .where("deployment_id", "=", deploymentId)
    .where("slug", "is not", null);
  if (exceptId !== undefined) query = query.where("id", "!=", exceptId);
  const rows = await query.execute();
  return rows.flatMap((row) => (row.slug === null ? [] : [row.slug]));
}

/** Patches one schedule; false when it is not the deployment's. */
export async function patchSchedule(
  trx: Db,
  deploymentId: string,
  scheduleId: string,
  patch: Partial<ScheduleInput>,
  now: number,
): Promise<boolean> {
  const result = await trx
    .updateTable("deployment_schedule")
    .set({
      updated: now,
      ...(patch.schedule !== undefined && { schedule: toJson(patch.schedule) }),
      ...(patch.active !== undefined && { active: toStoredBoolean(patch.active) }),
      ...(patch.max_scheduled_runs !== undefined && { max_scheduled_runs: patch.max_scheduled_runs }),
      ...(patch.parameters !== undefined && { parameters: toJson(patch.parameters) }),
      ...(patch.slug !== undefined && { slug: patch.slug }),
    })
    .where("id", "=", scheduleId)
    .where("deployment_id", "=", deploymentId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
