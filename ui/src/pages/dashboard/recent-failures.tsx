/** @module The ten most recently ended failed or crashed runs, with the reason their state gives. */
import { Link } from "react-router";
import { useApi } from "../../api/client.js";
import { paths } from "../../app/paths.js";
import { EmptyState, QueryView } from "../../components/messages.js";
import { StateBadge } from "../../components/state-badge.js";
import { RelativeTime } from "../../components/time.js";
import { TableScroll } from "../../components/table-scroll.js";

/** A compact table of the latest failures. */
export function RecentFailures() {
  const failures = useApi("filterFlowRuns", {
    body: {
      flow_runs: { state: { type: { any_: ["FAILED", "CRASHED"] } } },
      sort: "END_TIME_DESC",
      limit: 10,
    },
  });
  return (
    <QueryView query={failures} what="recent failures">
      {(runs) =>
        runs.length === 0 ? (
          <EmptyState title="No failed runs">
            Runs that fail or crash are listed here with the reason.
          </EmptyState>
        ) : (
          <TableScroll label="Recent failures">
            <table className="table" data-testid="recent-failures">
              <thead>
                <tr>
                  <th>State</th>
                  <th>Run</th>
                  <th>Flow</th>
                  <th>Ended</th>
                  <th>Message</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((run) => (
                  <tr key={run.id} data-run-name={run.name}>
                    <td>
                      <StateBadge type={run.state_type} name={run.state_name} />
                    </td>
                    <td>
                      <Link to={paths.flowRun(run.id)}>{run.name}</Link>
                    </td>
                    <td>
                      <Link to={paths.flow(run.flow_id)}>{run.flow_name ?? "—"}</Link>
                    </td>
                    <td>
                      <RelativeTime value={run.end_time ?? run.state?.timestamp} empty="—" />
                    </td>
                    <td className="failure-message" title={run.state?.message ?? undefined}>
                      {run.state?.message ?? <span className="muted">—</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )
      }
    </QueryView>
  );
}
