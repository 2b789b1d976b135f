/** @module The durable queue of triggered actions: insert, claim (leased), finish, read. */
import { fromJson, toJson, toJsonOrNull } from "../codec.js";
import type { StoreContext } from "../context.js";
import { chunks, INSERT_CHUNK_ROWS } from "../context.js";
import type { Db } from "../database.js";
import { insertEvents } from "../events/insert.js";
import { engineDb, type AutomationActionJobTable } from "./tables.js";
import type { ActionJob, ActionJobStatus, JobOutcome, NewActionJob } from "./types.js";

/** Queues `jobs`, due at once, inside the caller's transaction. */
export async function insertJobs(trx: Db, jobs: readonly NewActionJob[], now: number): Promise<void> {
  for (const slice of chunks(jobs, INSERT_CHUNK_ROWS)) {
    await engineDb(trx)
      .insertInto("automation_action_job")
      .values(
        slice.map((job) => ({
          id: job.id,
          created: now,
          updated: now,
          automation_id: job.automationId,
          automation_name: job.automationName,
          firing_id: job.firingId,
          action_index: job.actionIndex,
          action_type: job.action.type,
          action: toJson(job.action),
          triggering_event: toJsonOrNull(job.triggeringEvent),
          bucket: job.bucket,
          status: "PENDING",
          attempts: 0,
          next_attempt_at: now,
          lease_until: null,
          result: null,
          attempt_log: "[]",
        })),
      )
      .execute();
  }
}

/**
 * Claims up to `limit` due jobs — PENDING ones whose time has come and RUNNING ones whose lease
 * ran out (their executor died) — marking them RUNNING with a lease and one more attempt. Two
 * executors never claim the same job: SQLite's write lock serialises claims, PostgreSQL skips
 * rows another claim has locked.
 */
export async function claimJobs(ctx: StoreContext, limit: number, leaseMs: number): Promise<ActionJob[]> {
  return ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now();
    let query = engineDb(trx)
      .selectFrom("automation_action_job")
      .select("id")
      .where((eb) =>
        eb.or([
          eb.and([eb("status", "=", "PENDING"), eb("next_attempt_at", "<=", now)]),
          eb.and([eb("status", "=", "RUNNING"), eb("lease_until", "<", now)]),
        ]),
      )
      .orderBy("next_attempt_at")
      .limit(limit);
    if (ctx.ops.name === "postgres") query = query.forUpdate().skipLocked();
    const ids = (await query.execute()).map((row) => row.id);
    if (ids.length === 0) return [];
    const rows = await engineDb(trx)
      .updateTable("automation_action_job")
      .set((eb) => ({
        status: "RUNNING",
        lease_until: now + leaseMs,
        attempts: eb("attempts", "+", 1),
        updated: now,
      }))
      .where("id", "in", ids)
      .returningAll()
      .execute();
    return rows.map(toJob).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);
  });
}

/** Records an attempt's outcome and writes its events, in one transaction. */
export async function finishJob(ctx: StoreContext, id: string, outcome: JobOutcome): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now();
    const db = engineDb(trx);
    const row = await db
      .selectFrom("automation_action_job")
      .select("attempt_log")
      .where("id", "=", id)
      .executeTakeFirst();
    if (row === undefined) return;
    const log = [...fromJson<unknown[]>(row.attempt_log, []), outcome.attempt];
    await db
      .updateTable("automation_action_job")
      .set({
        status: outcome.status,
        next_attempt_at: now + (outcome.retryInMs ?? 0),
        lease_until: null,
        result: toJsonOrNull(outcome.result),
        attempt_log: toJson(log),
        updated: now,
      })
      .where("id", "=", id)
      .execute();
    if (outcome.events.length > 0) await insertEvents(trx, ctx, outcome.events);
  });
  // Wakes event tails (see engine-state.ts).
  if (outcome.events.length > 0) ctx.notifyRunsChanged();
}

/** When the next PENDING job is due (epoch ms), or null when none waits. */
export async function nextJobDue(ctx: StoreContext): Promise<number | null> {
  const row = await engineDb(ctx.db)
    .selectFrom("automation_action_job")
    .select((eb) => eb.fn.min("next_attempt_at").as("due"))
    .where("status", "=", "PENDING")
    .executeTakeFirst();
  return row?.due === null || row?.due === undefined ? null : Number(row.due);
}

/** An automation's jobs, newest first (or every job when `automationId` is absent). */
export async function listJobs(ctx: StoreContext, automationId?: string, limit = 200): Promise<ActionJob[]> {
  let query = engineDb(ctx.db).selectFrom("automation_action_job").selectAll();
  if (automationId !== undefined) query = query.where("automation_id", "=", automationId);
  const rows = await query.orderBy("created", "desc").orderBy("action_index").limit(limit).execute();
  return rows.map(toJob);
}

function toJob(row: AutomationActionJobTable): ActionJob {
  return {
    id: row.id,
    created: Number(row.created),
    automationId: row.automation_id,
    automationName: row.automation_name,
    firingId: row.firing_id,
    actionIndex: row.action_index,
    action: fromJson(row.action, { type: row.action_type }),
    triggeringEvent: fromJson<unknown>(row.triggering_event, null),
    bucket: row.bucket,
    status: row.status as ActionJobStatus,
    attempts: row.attempts,
    nextAttemptAt: Number(row.next_attempt_at),
    result: fromJson<unknown>(row.result, null),
    attemptLog: fromJson(row.attempt_log, []),
  };
}
