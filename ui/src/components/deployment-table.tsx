/**
 * @module A compact table of deployments (the Deployments tabs of a flow and of a work pool):
 * name, where its runs go or which flow it runs, schedules, status, last run and next run.
 */
import { Link } from "react-router";
import type { Deployment } from "../../../src/api/deployments.js";
import { paths } from "../app/paths.js";
import { DeploymentRunCell, useDeploymentRuns } from "./deployment-runs.js";
import { StatusIndicator } from "./status.js";
import { TableScroll } from "./table-scroll.js";

export interface DeploymentTableProps {
  readonly deployments: readonly Deployment[];
  /** A flow's tab shows each deployment's pool; a pool's tab shows each deployment's flow. */
  readonly context: "flow" | "pool";
  readonly testId?: string;
}

/** One row per deployment, each linked to its page. */
export function DeploymentTable({ deployments, context, testId }: DeploymentTableProps) {
  const ids = deployments.map((deployment) => deployment.id);
  const lastRuns = useDeploymentRuns("last", ids);
  const nextRuns = useDeploymentRuns("next", ids);
  return (
    <TableScroll label="Deployments">
      <table className="table" data-testid={testId}>
        <thead>
          <tr>
            <th>Deployment</th>
            <th>{context === "flow" ? "Work pool" : "Flow"}</th>
            <th>Queue</th>
            <th>Schedules</th>
            <th>Status</th>
            <th>Last run</th>
            <th>Next run</th>
          </tr>
        </thead>
        <tbody>
          {deployments.map((deployment) => (
            <tr key={deployment.id} data-deployment={deployment.name}>
              <td>
                <Link to={paths.deployment(deployment.id)}>{deployment.name}</Link>
              </td>
              <td>
                {context === "pool" ? (
                  <Link to={paths.flow(deployment.flow_id)}>{deployment.flow_name}</Link>
                ) : deployment.work_pool_name ? (
                  <Link to={paths.workPool(deployment.work_pool_name)}>{deployment.work_pool_name}</Link>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>
                {deployment.work_pool_name && deployment.work_queue_name ? (
                  <Link to={paths.workQueue(deployment.work_pool_name, deployment.work_queue_name)}>
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
                <DeploymentRunCell deploymentId={deployment.id} runs={lastRuns} />
              </td>
              <td>
                <DeploymentRunCell deploymentId={deployment.id} runs={nextRuns} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
