/** @module The table of the deployments page: one row per deployment, with its switch and Run button. */
import { Link } from "react-router";
import type { Deployment } from "../../../../src/api/deployments.js";
import { paths } from "../../app/paths.js";
import { DeploymentRunCell, useDeploymentRuns } from "../../components/deployment-runs.js";
import { DeploymentStatus, PauseToggle } from "./pause-toggle.js";
import { RunMenu } from "./run-menu.js";
import { scheduleWords } from "./schedule-words.js";
import { TableScroll } from "../../components/table-scroll.js";

/** Schedules in words, inactive ones marked. */
export function SchedulesSummary({ deployment }: { deployment: Deployment }) {
  if (deployment.schedules.length === 0) return <span className="muted">None</span>;
  return (
    <span className="schedule-summary">
      {deployment.schedules.map((entry) => (
        <span
          key={entry.id}
          className={entry.active ? undefined : "muted"}
          title={entry.active ? undefined : "Inactive"}
        >
          {scheduleWords(entry.schedule)}
          {!entry.active && " (inactive)"}
        </span>
      ))}
    </span>
  );
}

/** Deployments with status, schedules, pool, tags, last and next run, the pause switch and Run. */
export function DeploymentsTable({ deployments }: { deployments: readonly Deployment[] }) {
  const ids = deployments.map((d) => d.id);
  const lastRuns = useDeploymentRuns("last", ids);
  const nextRuns = useDeploymentRuns("next", ids);
  return (
    <TableScroll label="Deployments">
      <table className="table" data-testid="deployments-table">
        <thead>
          <tr>
            <th>Deployment</th>
            <th>Status</th>
            <th>Schedules</th>
            <th>Work pool / queue</th>
            <th>Tags</th>
            <th>Last run</th>
            <th>Next run</th>
            <th>Active</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {deployments.map((deployment) => {
            const fullName = `${deployment.flow_name}/${deployment.name}`;
            return (
              <tr key={deployment.id} data-deployment={fullName} data-deployment-id={deployment.id}>
                <td>
                  <Link to={paths.deployment(deployment.id)} className="deployment-name">
                    <span className="muted">{deployment.flow_name} /</span> {deployment.name}
                  </Link>
                </td>
                <td>
                  <DeploymentStatus deployment={deployment} />
                </td>
                <td className="wrap">
                  <SchedulesSummary deployment={deployment} />
                </td>
                <td>
                  {deployment.work_pool_name ? (
                    <>
                      <Link to={paths.workPool(deployment.work_pool_name)}>{deployment.work_pool_name}</Link>
                      {deployment.work_queue_name && (
                        <>
                          <span className="muted"> / </span>
                          <Link to={paths.workQueue(deployment.work_pool_name, deployment.work_queue_name)}>
                            {deployment.work_queue_name}
                          </Link>
                        </>
                      )}
                    </>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="wrap">
                  {deployment.tags.map((tag) => (
                    <span key={tag} className="tag">
                      {tag}
                    </span>
                  ))}
                </td>
                <td>
                  <DeploymentRunCell deploymentId={deployment.id} runs={lastRuns} />
                </td>
                <td>
                  <DeploymentRunCell deploymentId={deployment.id} runs={nextRuns} />
                </td>
                <td>
                  <PauseToggle deployment={deployment} label={`Active: ${fullName}`} />
                </td>
                <td>
                  <RunMenu deployment={deployment} label={`Run ${fullName}`} small />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
