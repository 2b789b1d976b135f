/**
 * @module What the scheduler reads for one batch of deployments and which runs it decides are
 * missing. Reads only; the writes are in insert-runs.ts.
 */
import { type SqlBool, sql } from "kysely";
import type { DeploymentSchedule } from "../../../api/index.js";
import { describeSchedule, nextRunTimes } from "../../../core/schedules/index.js";
import { fromJson, toStoredBoolean } from "../codec.js";
import type { Db } from "../database.js";
import { DEFAULT_STORE_LIMITS } from "../limits.js";
import { scheduleFromRow } from "../mappers/deployment.js";
import { type CappedDeployment, capPlan, waitingRuns } from "./cap.js";

/** Prefect's horizon rules (reference §5.1): at least 3 runs and 1 h ahead, at most 100 runs or 100 days. */
export const HORIZON = Object.freeze({
  minRuns: 3,
  minHorizonMs: 3_600_000,
  maxRuns: 100,
  maxHorizonMs: 100 * 86_400_000,
});

/** Longest stretch of schedule math before the top-up yields to other work in the process. */
const YIELD_AFTER_MS = 5;

/** The deployment columns a scheduled run copies. */
export interface SchedulableDeployment {
  readonly id: string;
  readonly flow_id: string;
  readonly version: string | null;
  readonly parameters: Record<string, unknown>;
  readonly tags: readonly string[];
  readonly labels: Record<string, unknown>;
  readonly work_queue_id: string | null;
  readonly work_queue_name: string | null;
  readonly work_pool_id: string | null;
  readonly work_pool_name: string | null;
}

/** One run the scheduler wants to exist. */
export interface PlannedRun {
  readonly deployment: SchedulableDeployment;
  readonly schedule: DeploymentSchedule;
  readonly time: number;
}

/** A page of deployments to top up. */
export interface DeploymentPage {
  readonly deployments: SchedulableDeployment[];
  /** Id of the last deployment read (the next page starts after it); undefined when none. */
  readonly cursor: string | undefined;
}

/**
 * Unpaused deployments that have an active schedule and somewhere for runs to go (a work queue,
 * or no pool at all: those are served by a runner), by id after `cursor`.
 */
export async function deploymentPage(
  db: Db,
  options: {
    readonly after: string | undefined;
    readonly ids: readonly string[] | undefined;
    readonly limit: number;
  },
): Promise<DeploymentPage> {
  let q = db
    .selectFrom("deployment")
    .leftJoin("work_queue", "work_queue.id", "deployment.work_queue_id")
    .select([
      "deployment.id",
      "deployment.flow_id",
      "deployment.version",
      "deployment.parameters",
      "deployment.tags",
      "deployment.labels",
      "deployment.work_queue_id",
      "deployment.work_queue_name",
      "deployment.work_pool_name",
      "work_queue.work_pool_id",
    ])
    .where("deployment.paused", "=", toStoredBoolean(false))
    .where(
      sql<SqlBool>`(deployment.work_queue_id is not null or deployment.work_pool_name is null)
        and exists (select 1 from deployment_schedule s
                    where s.deployment_id = deployment.id and s.active = ${toStoredBoolean(true)})`,
    );
  if (options.after !== undefined) q = q.where("deployment.id", ">", options.after);
  if (options.ids !== undefined) q = q.where("deployment.id", "in", [...options.ids]);
  const rows = await q.orderBy("deployment.id").limit(options.limit).execute();
  return {
    cursor: rows.at(-1)?.id,
    deployments: rows.map((row) => ({
      id: row.id,
      flow_id: row.flow_id,
      version: row.version,
      parameters: fromJson<Record<string, unknown>>(row.parameters, {}),
      tags: fromJson<string[]>(row.tags, []),
      labels: fromJson<Record<string, unknown>>(row.labels, {}),
      work_queue_id: row.work_queue_id,
      work_queue_name: row.work_queue_name,
      // A queue deleted meanwhile leaves the run without a pool; the claim would never see it anyway.
      work_pool_id: row.work_pool_id ?? null,
      work_pool_name: row.work_queue_id === null ? null : row.work_pool_name,
    })),
  };
}

/** The active schedules of the deployments, by deployment id. */
async function activeSchedules(db: Db, deploymentIds: readonly string[]): Promise<DeploymentSchedule[]> {
  const rows = await db
    .selectFrom("deployment_schedule")
    .selectAll()
    .where("deployment_id", "in", [...deploymentIds])
    .where("active", "=", toStoredBoolean(true))
    .orderBy("id")
    .execute();
  return rows.map(scheduleFromRow);
}

/** How many future SCHEDULED runs each schedule already has, and the latest one. */
interface Ahead {
  readonly count: number;
  readonly latest: number;
}

/**
 * One aggregate over the scheduler's partial index (migration 0005) for the whole page: future
 * auto-scheduled SCHEDULED runs per schedule.
 */
async function runsAhead(db: Db, deploymentIds: readonly string[], now: number): Promise<Map<string, Ahead>> {
  const rows = await db
    .selectFrom("flow_run")
    .select([
      "schedule_id",
      sql<number | string>`count(*)`.as("count"),
      sql<number | string>`max(next_scheduled_start_time)`.as("latest"),
    ])
    .where("deployment_id", "in", [...deploymentIds])
    .where(sql<SqlBool>`state_type = 'SCHEDULED' and schedule_id is not null`)
    .where("next_scheduled_start_time", ">", now)
    .groupBy("schedule_id")
    .execute();
  const ahead = new Map<string, Ahead>();
  for (const row of rows) {
    if (row.schedule_id) ahead.set(row.schedule_id, { count: Number(row.count), latest: Number(row.latest) });
  }
  return ahead;
}

/**
 * The runs a schedule is missing. Runs the scheduler made earlier are the start of the same
 * sequence (anything that changes the sequence deletes them, see stale-runs.ts), so it only
 * continues after the latest one, with the horizon still measured from `now`: a steady-state
 * loop computes one or two instants per schedule instead of the whole hour again.
 */
export function missingTimes(schedule: DeploymentSchedule, ahead: Ahead | undefined, now: number): number[] {
  const maxRuns = schedule.max_scheduled_runs ?? HORIZON.maxRuns;
  const count = ahead?.count ?? 0;
  if (count >= maxRuns) return [];
  const minRuns = Math.min(HORIZON.minRuns, maxRuns);
  const wanted = now + HORIZON.minHorizonMs;
  if (ahead !== undefined && count >= minRuns && ahead.latest >= wanted) return [];
  const from = ahead?.latest ?? now;
  return nextRunTimes(schedule.schedule, {
    now: from,
    minRuns: Math.max(0, minRuns - count),
    minHorizonMs: wanted - from,
    maxRuns: maxRuns - count,
    maxHorizonMs: now + HORIZON.maxHorizonMs - from,
  });
}

/**
 * {@link missingTimes}, or none for a schedule the core cannot compute (one stored before
 * validation refused it): one bad schedule must not stop the others.
 */
function safeMissingTimes(schedule: DeploymentSchedule, ahead: Ahead | undefined, now: number): number[] {
  try {
    return missingTimes(schedule, ahead, now);
  } catch {
    return [];
  }
}

/** Everything missing for one page of deployments, trimmed to `maxWaiting` runs per deployment. */
export async function planPage(
  db: Db,
  deployments: readonly SchedulableDeployment[],
  now: number,
  maxWaiting: number = DEFAULT_STORE_LIMITS.maxScheduledRunsPerDeployment,
): Promise<{ runs: PlannedRun[]; schedules: number; capped: CappedDeployment[] }> {
  if (deployments.length === 0) return { runs: [], schedules: 0, capped: [] };
  const ids = deployments.map((d) => d.id);
  const [schedules, ahead, waiting] = await Promise.all([
    activeSchedules(db, ids),
    runsAhead(db, ids, now),
    waitingRuns(db, ids),
  ]);
  const byId = new Map(deployments.map((d) => [d.id, d]));
  const runs: PlannedRun[] = [];
  let slice = performance.now();
  for (const schedule of schedules) {
    const deployment = byId.get(schedule.deployment_id);
    if (deployment === undefined) continue;
    // Schedule math is synchronous CPU work: hand the event loop back every few milliseconds
    // so API requests served by this process are not held up behind a large top-up.
    if (performance.now() - slice > YIELD_AFTER_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      slice = performance.now();
    }
    for (const time of safeMissingTimes(schedule, ahead.get(schedule.id), now)) {
      runs.push({ deployment, schedule, time });
    }
  }
  return { ...capPlan(runs, waiting, ids, maxWaiting), schedules: schedules.length };
}

/** What `created_by.display_value` says about a schedule. */
export function scheduleLabel(schedule: DeploymentSchedule): string {
  return schedule.slug ?? describeSchedule(schedule.schedule);
}
