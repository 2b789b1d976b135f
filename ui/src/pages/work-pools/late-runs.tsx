/** @module How many runs of a queue are Late: scheduled, overdue, and not picked up. */
import { useApi } from "../../api/client.js";

/** Counts the Late runs in `queue` of `pool`. */
export function useLateRuns(pool: string, queue: string) {
  return useApi("countFlowRuns", {
    body: {
      flow_runs: {
        work_pool_name: { any_: [pool] },
        work_queue_name: { any_: [queue] },
        state: { type: { any_: ["SCHEDULED"] }, name: { any_: ["Late"] } },
      },
    },
  });
}

/** "3 late" in the Late colour when there are any; nothing otherwise. */
export function LateRunsBadge({ pool, queue }: { pool: string; queue: string }) {
  const late = useLateRuns(pool, queue).data ?? 0;
  if (late === 0) return null;
  return (
    <span
      className="badge state-Late late-badge"
      data-testid="late-runs"
      title={`${late} scheduled run${late === 1 ? " is" : "s are"} overdue: no worker has picked ${late === 1 ? "it" : "them"} up`}
    >
      {late.toLocaleString()} late
    </span>
  );
}
