/** @module The Deployments tab of a work pool: what sends runs here. */
import { Link } from "react-router";
import { useApi } from "../../api/client.js";
import { paths } from "../../app/router.js";
import { CommandBlock } from "../../components/code.js";
import { EmptyState, QueryView } from "../../components/messages.js";
import { StatusIndicator } from "../../components/status.js";
import { RelativeTime } from "../../components/time.js";
import { deployCommand } from "./commands.js";

/** The deployments whose runs go to `pool` (shared by the tab and its count). */
export function usePoolDeployments(pool: string, enabled = true) {
  return useApi(
    "filterDeployments",
    { body: { deployments: { work_pool_name: { any_: [pool] } }, sort: "NAME_ASC" } },
    { enabled },
  );
}

/** Deployments whose runs go to `pool`. */
export function PoolDeployments({ pool }: { pool: string }) {
  const deployments = usePoolDeployments(pool);
  return (
    <QueryView query={deployments} what="deployments">
      {(list) =>
        list.length === 0 ? (
          <EmptyState title="No deployments use this pool">
            <div className="stack pools-empty">
              <p>Deploy a flow to this pool and its runs wait here for a worker:</p>
              <CommandBlock command={deployCommand(pool)} />
            </div>
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="pool-deployments">
              <thead>
                <tr>
                  <th>Deployment</th>
                  <th>Flow</th>
                  <th>Queue</th>
                  <th>Schedules</th>
                  <th>Status</th>
                  <th>Updated</th>
                </tr>
              </thead>
              <tbody>
                {list.map((deployment) => (
                  <tr key={deployment.id} data-deployment={deployment.name}>
                    <td>
                      <Link to={paths.deployment(deployment.id)}>{deployment.name}</Link>
                    </td>
                    <td>
                      <Link to={paths.flow(deployment.flow_id)}>{deployment.flow_name}</Link>
                    </td>
                    <td>
                      {deployment.work_queue_name ? (
                        <Link to={paths.workQueue(pool, deployment.work_queue_name)}>
                          {deployment.work_queue_name}
                        </Link>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td>
                      {deployment.schedules.filter((s) => s.active).length}
                      <span className="muted"> active</span>
                    </td>
                    <td>
                      {deployment.paused ? (
                        <span className="tag">paused</span>
                      ) : (
                        <StatusIndicator status={deployment.status} />
                      )}
                    </td>
                    <td>
                      <RelativeTime value={deployment.updated} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      }
    </QueryView>
  );
}
