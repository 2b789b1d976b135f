/** @module The dashboard's work pools: status, when a worker last polled, and late runs per pool. */
import { Link } from "react-router";
import type { WorkPool } from "../../../../src/api/work-pools.js";
import { useApi } from "../../api/client.js";
import { paths } from "../../app/paths.js";
import { EmptyState } from "../../components/messages.js";
import { StatusIndicator } from "../../components/status.js";
import { RelativeTime } from "../../components/time.js";
import { TableScroll } from "../../components/table-scroll.js";

/** Every pool, one row each (the pools come from the page, which also uses them for the empty state). */
export function PoolTable({ pools }: { pools: readonly WorkPool[] }) {
  if (pools.length === 0)
    return (
      <EmptyState title="No work pools">
        Workers run deployments from a pool. <Link to={paths.createWorkPool()}>Create a work pool</Link> or
        run <code>npx steward work-pool create --type process my-pool</code>.
      </EmptyState>
    );
  return (
    <TableScroll label="Work pools">
      <table className="table" data-testid="dashboard-pools">
        <thead>
          <tr>
            <th>Work pool</th>
            <th>Status</th>
            <th>Workers</th>
            <th>Last polled</th>
            <th className="num">Active runs</th>
            <th className="num">Late runs</th>
          </tr>
        </thead>
        <tbody>
          {pools.map((pool) => (
            <PoolRow key={pool.id} pool={pool} />
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function PoolRow({ pool }: { pool: WorkPool }) {
  const workers = useApi("filterWorkers", { params: { name: pool.name } });
  const late = useApi("countFlowRuns", {
    body: { flow_runs: { work_pool_name: { any_: [pool.name] }, state: { name: { any_: ["Late"] } } } },
  });
  const list = workers.data ?? [];
  const online = list.filter((worker) => worker.status === "ONLINE").length;
  // The pool was last polled when its most recent worker heartbeat arrived.
  const lastPolled = list.reduce<string | null>(
    (latest, worker) =>
      latest === null || worker.last_heartbeat_time > latest ? worker.last_heartbeat_time : latest,
    null,
  );
  const lateCount = late.data ?? 0;
  return (
    <tr data-pool={pool.name}>
      <td>
        <Link to={paths.workPool(pool.name)}>{pool.name}</Link>{" "}
        <span className="muted small">{pool.type}</span>
      </td>
      <td>
        <StatusIndicator status={pool.is_paused ? "PAUSED" : pool.status} />
      </td>
      <td>
        {workers.data ? (
          <span title={`${online} online of ${list.length}`}>
            {online} / {list.length} online
          </span>
        ) : (
          <span className="muted">…</span>
        )}
      </td>
      <td data-testid="pool-last-polled">
        {workers.data ? <RelativeTime value={lastPolled} empty="never" /> : <span className="muted">…</span>}
      </td>
      <td className="num">{pool.active_slots}</td>
      <td className="num" data-testid="pool-late">
        {lateCount > 0 ? (
          <Link
            to={`${paths.flowRuns()}?state=Late&pool=${encodeURIComponent(pool.name)}`}
            className="late-link"
          >
            {lateCount}
          </Link>
        ) : (
          <span className="muted">{late.data === undefined ? "…" : 0}</span>
        )}
      </td>
    </tr>
  );
}
