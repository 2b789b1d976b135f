import type { WorkQueue } from "../../../api/index.js";
import { fromStoredBoolean, isoFromMs, isoOrNull } from "../codec.js";
import type { WorkQueueTable } from "../database.js";

/**
 * A queue not polled for this long has no worker behind it: the foreman turns it NOT_READY, and a
 * resumed queue polled more recently than this comes back READY (Prefect's 60 s).
 */
export const QUEUE_POLL_TIMEOUT_MS = 60_000;

/** A queue row with its pool's name and the number of its runs holding a slot. */
export interface WorkQueueRow extends WorkQueueTable {
  work_pool_name: string;
  active_slots: number | string;
}

/** The API form of a work queue row. */
export function workQueueFromRow(row: WorkQueueRow): WorkQueue {
  return {
    id: row.id,
    created: isoFromMs(row.created),
    updated: isoFromMs(row.updated),
    name: row.name,
    description: row.description,
    is_paused: fromStoredBoolean(row.is_paused),
    concurrency_limit: row.concurrency_limit,
    priority: row.priority,
    work_pool_id: row.work_pool_id,
    work_pool_name: row.work_pool_name,
    last_polled: isoOrNull(row.last_polled),
    status: row.status,
    status_updated: isoFromMs(row.status_updated),
    active_slots: Number(row.active_slots),
  };
}
