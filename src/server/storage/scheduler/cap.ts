/**
 * @module The cap on auto-scheduled runs waiting per deployment. The horizon rules count only
 * runs still in the future, so with no worker the runs that went Late piled up without bound
 * (a deployment of two dozen 1-second schedules filled a disk). This counts every SCHEDULED
 * auto-scheduled run, Late ones too, and trims a deployment's plan to what fits under the cap.
 */
import { type SqlBool, sql } from "kysely";
import type { Db } from "../database.js";

/** A deployment the cap stopped: it has `waiting` runs, the cap is `cap`. */
export interface CappedDeployment {
  readonly deploymentId: string;
  /** SCHEDULED auto-scheduled runs it has (future and Late) once this top-up's runs are in. */
  readonly waiting: number;
  readonly cap: number;
}

/** What the cap needs of a planned run (plan.ts's PlannedRun). */
export interface CappableRun {
  readonly deployment: { readonly id: string };
  readonly time: number;
}

/** SCHEDULED auto-scheduled runs (future and Late) per deployment, over the scheduler's index. */
export async function waitingRuns(db: Db, deploymentIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("flow_run")
    .select(["deployment_id", sql<number | string>`count(*)`.as("count")])
    .where("deployment_id", "in", [...deploymentIds])
    .where(sql<SqlBool>`state_type = 'SCHEDULED' and schedule_id is not null`)
    .groupBy("deployment_id")
    .execute();
  const counts = new Map<string, number>();
  for (const row of rows) if (row.deployment_id) counts.set(row.deployment_id, Number(row.count));
  return counts;
}

/**
 * The planned runs that fit under `cap` per deployment, earliest first, and the deployments
 * whose plan (or whose waiting runs alone) reached it.
 */
export function capPlan<R extends CappableRun>(
  runs: readonly R[],
  waiting: ReadonlyMap<string, number>,
  deploymentIds: readonly string[],
  cap: number,
): { runs: R[]; capped: CappedDeployment[] } {
  const byDeployment = new Map<string, R[]>(deploymentIds.map((id) => [id, []]));
  for (const run of runs) byDeployment.get(run.deployment.id)?.push(run);
  const kept: R[] = [];
  const capped: CappedDeployment[] = [];
  for (const [deploymentId, planned] of byDeployment) {
    const count = waiting.get(deploymentId) ?? 0;
    const room = Math.max(0, cap - count);
    // Still capped while at the cap even when the horizon wants nothing now, so a deployment
    // sitting at the cap is reported once, not each time a run leaves and the next one is made.
    if (planned.length > room || count >= cap) {
      capped.push({ deploymentId, waiting: count + Math.min(planned.length, room), cap });
    }
    if (planned.length <= room) {
      kept.push(...planned);
      continue;
    }
    kept.push(...planned.sort((a, b) => a.time - b.time).slice(0, room));
  }
  return { runs: kept, capped };
}
