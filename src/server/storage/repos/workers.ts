import { sql } from "kysely";
import { newId } from "../../../core/ids.js";
import type { WorkerHeartbeat } from "../../../api/index.js";
import { toStoredBoolean } from "../codec.js";
import type { StoreContext } from "../context.js";
import type { Db } from "../database.js";
import { MISSED_HEARTBEATS_OFFLINE, workerFromRow } from "../mappers/worker.js";
import type { Parsed } from "../types.js";
import type { Store } from "../store.js";

/** Workers of a pool, known from their heartbeats. */
export function createWorkerRepo(ctx: StoreContext): Store["workers"] {
  const { db } = ctx;
  return {
    heartbeat: (poolName, input) => db.transaction().execute((trx) => heartbeat(ctx, trx, poolName, input)),

    async list(poolName) {
      const pool = await db
        .selectFrom("work_pool")
        .select("id")
        .where("name", "=", poolName)
        .executeTakeFirst();
      if (pool === undefined) return undefined;
      const rows = await db
        .selectFrom("worker")
        .selectAll()
        .where("work_pool_id", "=", pool.id)
        .orderBy("last_heartbeat_time", "desc")
        .orderBy("name")
        .execute();
      const now = ctx.now();
      return rows.map((row) => workerFromRow(row, now));
    },

    async delete(poolName, name) {
      const result = await db
        .deleteFrom("worker")
        .where("name", "=", name)
        .where("work_pool_id", "in", db.selectFrom("work_pool").select("id").where("name", "=", poolName))
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}

/**
 * Upserts the worker ONLINE and turns an unpaused pool READY. `status_updated` moves only when the
 * status really changes: for the worker, when it was OFFLINE (stored, or overdue by the clock).
 */
async function heartbeat(
  ctx: StoreContext,
  trx: Db,
  poolName: string,
  input: Parsed<typeof WorkerHeartbeat>,
): Promise<boolean> {
  const pool = await trx.selectFrom("work_pool").select("id").where("name", "=", poolName).executeTakeFirst();
  if (pool === undefined) return false;
  const now = ctx.now();
  const wasOnline = sql<boolean>`worker.status = 'ONLINE' and worker.last_heartbeat_time + worker.heartbeat_interval_seconds * ${MISSED_HEARTBEATS_OFFLINE * 1000} >= ${now}`;
  await trx
    .insertInto("worker")
    .values({
      id: newId(),
      created: now,
      updated: now,
      work_pool_id: pool.id,
      name: input.name,
      last_heartbeat_time: now,
      heartbeat_interval_seconds: input.heartbeat_interval_seconds,
      status: "ONLINE",
      status_updated: now,
    })
    .onConflict((oc) =>
      oc.columns(["work_pool_id", "name"]).doUpdateSet({
        updated: now,
        last_heartbeat_time: now,
        heartbeat_interval_seconds: input.heartbeat_interval_seconds,
        status: "ONLINE",
        status_updated: sql<number>`case when ${wasOnline} then worker.status_updated else ${now} end`,
      }),
    )
    .execute();
  await trx
    .updateTable("work_pool")
    .set({ status: "READY", status_updated: now })
    .where("id", "=", pool.id)
    .where("is_paused", "=", toStoredBoolean(false))
    .where("status", "<>", "READY")
    .execute();
  return true;
}
