/** @module The Deployments tab of a flow. */
import { Link } from "react-router";
import { useApi } from "../../api/client.js";
import { paths } from "../../app/router.js";
import { CommandBlock } from "../../components/code.js";
import { EmptyState, QueryView } from "../../components/messages.js";
import { StatusIndicator } from "../../components/status.js";
import { RelativeTime } from "../../components/time.js";

/** The deployments of `flowId` (shared by the tab and its count). */
export function useFlowDeployments(flowId: string, enabled = true) {
  return useApi(
    "filterDeployments",
    { body: { flows: { id: { any_: [flowId] } }, sort: "NAME_ASC" } },
    { enabled },
  );
}

/** The deployments of `flowId`, linked. */
export function FlowDeployments({ flowId, flowName }: { flowId: string; flowName: string }) {
  const deployments = useFlowDeployments(flowId);
  return (
    <QueryView query={deployments} what="deployments">
      {(list) =>
        list.length === 0 ? (
          <EmptyState title={`${flowName} has no deployments`}>
            <div className="stack flows-empty">
              <p>Deploy it to a work pool to run it on a schedule or from this UI:</p>
              <CommandBlock
                command={`steward deploy path/to/file.ts:${flowName} --name my-deployment --pool my-pool`}
              />
            </div>
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="flow-deployments">
              <thead>
                <tr>
                  <th>Deployment</th>
                  <th>Work pool</th>
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
                      {deployment.work_pool_name ? (
                        <Link to={paths.workPool(deployment.work_pool_name)}>
                          {deployment.work_pool_name}
                        </Link>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td>{deployment.work_queue_name ?? <span className="muted">—</span>}</td>
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
