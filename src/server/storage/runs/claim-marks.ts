import { sql } from "kysely";
import type { Db } from "../database.js";
import { HAS_DEPLOYMENTS } from "./claim-deployments.js";

/**
 * Records that the queues were polled: `last_polled = now`, and READY unless paused; their
 * deployments likewise. `status_updated` moves only when the status changes.
 *
 * Claims run this before they lock any run: a transaction that holds a deployment row and then
 * wants runs of it (a deployment update deleting its scheduled runs) can then never wait for a
 * claim that, holding those runs, waits for the deployment row.
 */
export async function markPolled(trx: Db, queueIds: readonly string[], now: number): Promise<void> {
  if (queueIds.length === 0) return;
  await trx
    .updateTable("work_queue")
    .set({
      last_polled: now,
      // Right-hand sides see the old row, so the status test reads the status before this update.
      status_updated: sql<number>`case when status = 'READY' or status = 'PAUSED' then status_updated else ${now} end`,
      status: sql<"READY" | "PAUSED">`case when status = 'PAUSED' then 'PAUSED' else 'READY' end`,
    })
    .where("id", "in", queueIds)
    .execute();
  if (!HAS_DEPLOYMENTS) return;
  await trx
    .updateTable("deployment")
    .set({
      last_polled: now,
      status_updated: sql<number>`case when status = 'READY' then status_updated else ${now} end`,
      status: "READY",
    })
    .where("work_queue_id", "in", queueIds)
    .execute();
}
