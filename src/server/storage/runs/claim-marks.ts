import { type QueryCreator, sql } from "kysely";
import type { Database, Db } from "../database.js";
import type { DialectOps } from "../dialect-ops.js";
import { HAS_DEPLOYMENTS } from "./claim-deployments.js";

/**
 * Records that the queues were polled: `last_polled = now`, and READY unless paused; their
 * deployments likewise. `status_updated` moves only when the status changes.
 *
 * Claims run this before they lock any run: a transaction that holds a deployment row and then
 * wants runs of it (a deployment update deleting its scheduled runs) can then never wait for a
 * claim that, holding those runs, waits for the deployment row.
 */
/**
 * A polled queue's columns: `last_polled = now`, READY unless paused, `status_updated` moved only
 * when the status changes. (Right-hand sides see the old row, so the tests read the status before
 * the update.) Also written by the shared PostgreSQL claim's one statement (claim-shared.ts).
 */
export function polledQueueColumns(now: number) {
  return {
    last_polled: now,
    status_updated: sql<number>`case when status = 'READY' or status = 'PAUSED' then status_updated else ${now} end`,
    status: sql<"READY" | "PAUSED">`case when status = 'PAUSED' then 'PAUSED' else 'READY' end`,
  };
}

/** A polled queue's deployment's columns: `last_polled = now`, READY, `status_updated` on change. */
export function polledDeploymentColumns(now: number) {
  return {
    last_polled: now,
    status_updated: sql<number>`case when status = 'READY' then status_updated else ${now} end`,
    status: sql<"READY">`'READY'`,
  };
}

/** What both updates are built on: a transaction, or one with the queues' update as a CTE. */
type Updates = Pick<QueryCreator<Database>, "updateTable">;

export async function markPolled(
  trx: Db,
  queueIds: readonly string[],
  now: number,
  dialect: DialectOps["name"] = "sqlite",
): Promise<void> {
  if (queueIds.length === 0) return;
  const queues = (db: Updates) =>
    db.updateTable("work_queue").set(polledQueueColumns(now)).where("id", "in", queueIds);
  if (!HAS_DEPLOYMENTS) {
    await queues(trx).execute();
    return;
  }
  const deployments = (db: Updates) =>
    db.updateTable("deployment").set(polledDeploymentColumns(now)).where("work_queue_id", "in", queueIds);
  if (dialect === "postgres") {
    // One statement, one round trip: the queues' update as a data-modifying WITH (run in full
    // whether or not the main statement reads it), the deployments' as the main one.
    await deployments(
      trx.with("polled_queues", (db) => queues(db as unknown as Db).returning("id")) as unknown as Db,
    ).execute();
    return;
  }
  await queues(trx).execute();
  await deployments(trx).execute();
}
