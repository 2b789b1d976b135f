/** @module What the pages show about a pool's workers: the list, whether any is online, the last poll. */
import type { Worker } from "../../../../src/api/work-pools.js";
import { useApi } from "../../api/client.js";

/** The latest heartbeat of `workers` (ISO), or null when none has polled. */
export function lastHeartbeat(workers: readonly Worker[] | undefined): string | null {
  let latest: string | null = null;
  for (const worker of workers ?? []) {
    if (latest === null || Date.parse(worker.last_heartbeat_time) > Date.parse(latest))
      latest = worker.last_heartbeat_time;
  }
  return latest;
}

/** The workers of `pool`, kept live, with the derived "any online" and "last polled". */
export function usePoolWorkers(pool: string, enabled = true) {
  const query = useApi("filterWorkers", { params: { name: pool } }, { enabled });
  return {
    query,
    workers: query.data,
    online: query.data?.some((worker) => worker.status === "ONLINE") ?? false,
    lastPolled: lastHeartbeat(query.data),
  };
}
