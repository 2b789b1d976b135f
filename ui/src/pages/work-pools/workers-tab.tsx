/** @module The Workers tab: who polls the pool, when each last did, and whether it is online. */
import type { Worker } from "../../../../src/api/work-pools.js";
import { CommandBlock } from "../../components/code.js";
import { EmptyState } from "../../components/messages.js";
import { StatusIndicator } from "../../components/status.js";
import { DateTime, RelativeTime } from "../../components/time.js";
import { workerStartCommand } from "./commands.js";
import { TableScroll } from "../../components/table-scroll.js";

/** The workers of `pool` (`tr[data-worker=NAME]`), online first. */
export function WorkersTab({ pool, workers }: { pool: string; workers: readonly Worker[] }) {
  if (workers.length === 0)
    return (
      <EmptyState title="No workers yet">
        <div className="stack pools-empty">
          <p>A worker appears here the first time it polls this pool. Start one:</p>
          <CommandBlock command={workerStartCommand(pool)} />
        </div>
      </EmptyState>
    );
  const sorted = [...workers].sort(
    (a, b) =>
      (a.status === "ONLINE" ? 0 : 1) - (b.status === "ONLINE" ? 0 : 1) ||
      Date.parse(b.last_heartbeat_time) - Date.parse(a.last_heartbeat_time),
  );
  return (
    <TableScroll label="Workers">
      <table className="table" data-testid="workers-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Last polled</th>
            <th>Heartbeat every</th>
            <th>Status</th>
            <th>First seen</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((worker) => (
            <tr key={worker.id} data-worker={worker.name}>
              <td className="mono">{worker.name}</td>
              <td data-testid="last-polled">
                <RelativeTime value={worker.last_heartbeat_time} />
              </td>
              <td className="muted">{worker.heartbeat_interval_seconds}s</td>
              <td>
                <StatusIndicator status={worker.status} />
              </td>
              <td>
                <DateTime value={worker.created} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
