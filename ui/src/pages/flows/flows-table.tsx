/** @module The table of the flows list: deployments (one batched request), last run, recent runs. */
import { Link } from "react-router";
import type { Flow } from "../../../../src/api/flows.js";
import { useApi } from "../../api/client.js";
import { paths } from "../../app/paths.js";
import { RelativeTime } from "../../components/time.js";
import { LastRun, RunStrip, useRecentRuns } from "./recent-runs.js";
import { TableScroll } from "../../components/table-scroll.js";

/** The largest page the deployments filter answers; a full page means "at least". */
const DEPLOYMENTS_LIMIT = 200;

function FlowRow({ flow, deployments }: { flow: Flow; deployments: string }) {
  const runs = useRecentRuns(flow.id);
  return (
    <tr data-flow={flow.name}>
      <td>
        <Link to={paths.flow(flow.id)} className="flow-name">
          {flow.name}
        </Link>
        {flow.tags.length > 0 && (
          <div>
            {flow.tags.map((tag) => (
              <span key={tag} className="tag">
                {tag}
              </span>
            ))}
          </div>
        )}
      </td>
      <td className="num" data-testid="deployment-count">
        {deployments}
      </td>
      <td>{runs.data ? <LastRun run={runs.data[0]} /> : <span className="muted">…</span>}</td>
      <td>{runs.data && <RunStrip runs={runs.data} />}</td>
      <td>
        <RelativeTime value={flow.created} />
      </td>
    </tr>
  );
}

/** One row per flow of the page. */
export function FlowsTable({ flows }: { flows: readonly Flow[] }) {
  const deployments = useApi("filterDeployments", {
    body: { flows: { id: { any_: flows.map((flow) => flow.id) } }, limit: DEPLOYMENTS_LIMIT },
  });
  const counts = new Map<string, number>();
  for (const deployment of deployments.data ?? [])
    counts.set(deployment.flow_id, (counts.get(deployment.flow_id) ?? 0) + 1);
  const full = (deployments.data?.length ?? 0) >= DEPLOYMENTS_LIMIT;
  const countOf = (id: string) =>
    deployments.data === undefined ? "…" : `${counts.get(id) ?? 0}${full && counts.has(id) ? "+" : ""}`;
  return (
    <TableScroll label="Flows">
      <table className="table" data-testid="flows-table">
        <thead>
          <tr>
            <th>Flow</th>
            <th>Deployments</th>
            <th>Last run</th>
            <th>Recent runs</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {flows.map((flow) => (
            <FlowRow key={flow.id} flow={flow} deployments={countOf(flow.id)} />
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
