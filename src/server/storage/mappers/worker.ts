import type { Worker } from "../../../api/index.js";
import { isoFromMs } from "../codec.js";
import type { WorkerTable } from "../database.js";

/** A worker counts as ONLINE for this many heartbeat intervals after its last heartbeat. */
export const MISSED_HEARTBEATS_OFFLINE = 3;

/** When a worker that last beat at `lastHeartbeat` every `intervalSeconds` goes OFFLINE (ms). */
export function offlineAt(lastHeartbeat: number, intervalSeconds: number): number {
  return lastHeartbeat + MISSED_HEARTBEATS_OFFLINE * intervalSeconds * 1000;
}

/**
 * The API form of a worker row. The status is computed from the heartbeat rather than read, so a
 * worker shows OFFLINE the moment it is overdue, not at the foreman's next tick; it then went
 * OFFLINE when the third heartbeat was missed, which is also what the foreman writes.
 */
export function workerFromRow(row: WorkerTable, now: number): Worker {
  const deadline = offlineAt(row.last_heartbeat_time, row.heartbeat_interval_seconds);
  const status = now <= deadline ? "ONLINE" : "OFFLINE";
  const statusUpdated =
    status === row.status ? row.status_updated : status === "OFFLINE" ? deadline : row.last_heartbeat_time;
  return {
    id: row.id,
    created: isoFromMs(row.created),
    updated: isoFromMs(row.updated),
    name: row.name,
    work_pool_id: row.work_pool_id,
    last_heartbeat_time: isoFromMs(row.last_heartbeat_time),
    heartbeat_interval_seconds: row.heartbeat_interval_seconds,
    status,
    status_updated: isoFromMs(statusUpdated),
  };
}
