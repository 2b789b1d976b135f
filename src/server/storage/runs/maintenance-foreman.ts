import { sql } from "kysely";
import type { Db } from "../database.js";
import { QUEUE_POLL_TIMEOUT_MS } from "../mappers/work-queue.js";
import { MISSED_HEARTBEATS_OFFLINE } from "../mappers/worker.js";
import { HAS_DEPLOYMENTS } from "./claim-deployments.js";

const MISSED_MS = MISSED_HEARTBEATS_OFFLINE * 1000;

/**
 * The foreman's tick (Prefect §4.6): workers silent for three heartbeat intervals go OFFLINE,
 * READY pools left without an ONLINE worker go NOT_READY, READY queues not polled for a minute go
 * NOT_READY, and so do READY deployments when neither they nor their queue were polled for a
 * minute. Each UPDATE only touches rows whose status changes, so `status_updated` always says when
 * the status last changed. Returns how many rows changed.
 */
export async function updateStatuses(db: Db, now: number): Promise<number> {
  const stale = now - QUEUE_POLL_TIMEOUT_MS;
  let changed = 0;
  const count = (result: { numUpdatedRows: bigint }) => {
    changed += Number(result.numUpdatedRows);
  };
  count(
    await db
      .updateTable("worker")
      // When the third heartbeat was missed, as reads report it too (mappers/worker.ts).
      .set({
        status: "OFFLINE",
        status_updated: sql<number>`last_heartbeat_time + heartbeat_interval_seconds * ${MISSED_MS}`,
      })
      .where("status", "=", "ONLINE")
      .where(sql`last_heartbeat_time + heartbeat_interval_seconds * ${MISSED_MS}`, "<", now)
      .executeTakeFirst(),
  );
  count(
    await db
      .updateTable("work_pool")
      .set({ status: "NOT_READY", status_updated: now })
      .where("status", "=", "READY")
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("worker")
              .select("worker.id")
              .whereRef("worker.work_pool_id", "=", "work_pool.id")
              .where(
                sql`worker.last_heartbeat_time + worker.heartbeat_interval_seconds * ${MISSED_MS}`,
                ">=",
                now,
              ),
          ),
        ),
      )
      .executeTakeFirst(),
  );
  count(
    await db
      .updateTable("work_queue")
      .set({ status: "NOT_READY", status_updated: now })
      .where("status", "=", "READY")
      .where((eb) => eb.or([eb("last_polled", "is", null), eb("last_polled", "<", stale)]))
      .executeTakeFirst(),
  );
  if (HAS_DEPLOYMENTS) count(await staleDeployments(db, now, stale));
  return changed;
}

function staleDeployments(db: Db, now: number, stale: number) {
  return db
    .updateTable("deployment")
    .set({ status: "NOT_READY", status_updated: now })
    .where("status", "=", "READY")
    .where((eb) => eb.or([eb("last_polled", "is", null), eb("last_polled", "<", stale)]))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("work_queue")
            .select("work_queue.id")
            .whereRef("work_queue.id", "=", "deployment.work_queue_id")
            .where("work_queue.last_polled", ">=", stale),
        ),
      ),
    )
    .executeTakeFirst();
}
