/** @module The Details, Configuration and Description tabs of a deployment. */
import { Link } from "react-router";
import type { Deployment } from "../../../../src/api/deployments.js";
import { paths } from "../../app/paths.js";
import { CommandBlock, JsonView } from "../../components/code.js";
import { EmptyState } from "../../components/messages.js";
import { Card } from "../../components/tabs.js";
import { DateTime, RelativeTime } from "../../components/time.js";
import { DeploymentStatus } from "./pause-toggle.js";

const CATCHUP: Record<Deployment["catchup_policy"], string> = {
  run_all: "Run every missed run",
  run_latest: "Run only the newest missed run",
  skip: "Skip missed runs",
};

/** Where the engine runs the flow from: the working directory its pull steps set, if any. */
function workingDirectory(deployment: Deployment): string | undefined {
  for (const step of deployment.pull_steps) {
    if ("set_working_directory" in step) return step.set_working_directory.directory;
  }
  return undefined;
}

/** Flow, pool and queue, version, entrypoint, limits, policies and times. */
export function DetailsTab({ deployment }: { deployment: Deployment }) {
  const directory = workingDirectory(deployment);
  const limit = deployment.concurrency_limit;
  return (
    <Card>
      <dl className="details" data-testid="deployment-details">
        <dt>Flow</dt>
        <dd>
          <Link to={paths.flow(deployment.flow_id)}>{deployment.flow_name}</Link>
        </dd>
        <dt>Status</dt>
        <dd>
          <DeploymentStatus deployment={deployment} />
          {deployment.last_polled && (
            <span className="muted small">
              {" "}
              · last polled <RelativeTime value={deployment.last_polled} />
            </span>
          )}
        </dd>
        <dt>Work pool</dt>
        <dd>
          {deployment.work_pool_name ? (
            <Link to={paths.workPool(deployment.work_pool_name)}>{deployment.work_pool_name}</Link>
          ) : (
            <span className="muted">None: runs only through `serve`</span>
          )}
        </dd>
        <dt>Work queue</dt>
        <dd>
          {deployment.work_pool_name && deployment.work_queue_name ? (
            <Link to={paths.workQueue(deployment.work_pool_name, deployment.work_queue_name)}>
              {deployment.work_queue_name}
            </Link>
          ) : (
            <span className="muted">—</span>
          )}
        </dd>
        <dt>Version</dt>
        <dd>{deployment.version ?? <span className="muted">—</span>}</dd>
        <dt>Entrypoint</dt>
        <dd className="mono">{deployment.entrypoint ?? <span className="muted">—</span>}</dd>
        <dt>Path</dt>
        <dd className="mono">{directory ?? <span className="muted">the worker&apos;s directory</span>}</dd>
        <dt>Concurrency limit</dt>
        <dd>
          {limit === null ? (
            <span className="muted">Unlimited</span>
          ) : (
            `${limit} at once (beyond it: ${deployment.concurrency_options.collision_strategy === "CANCEL_NEW" ? "cancel new runs" : "wait"})`
          )}
        </dd>
        <dt>Catch-up policy</dt>
        <dd>
          {CATCHUP[deployment.catchup_policy]}{" "}
          <span className="muted mono small">{deployment.catchup_policy}</span>
        </dd>
        <dt>Parameter checks</dt>
        <dd>{deployment.enforce_parameter_schema ? "Runs must match the flow's schema" : "Off"}</dd>
        <dt>Tags</dt>
        <dd>
          {deployment.tags.length === 0 ? (
            <span className="muted">None</span>
          ) : (
            deployment.tags.map((tag) => (
              <span key={tag} className="tag">
                {tag}
              </span>
            ))
          )}
        </dd>
        <dt>Created</dt>
        <dd>
          <DateTime value={deployment.created} />
        </dd>
        <dt>Updated</dt>
        <dd>
          <DateTime value={deployment.updated} />
        </dd>
        <dt>ID</dt>
        <dd className="mono">{deployment.id}</dd>
        <dt>Description</dt>
        <dd>
          {deployment.description ? (
            <p className="description-text">{deployment.description}</p>
          ) : (
            <span className="muted">—</span>
          )}
        </dd>
      </dl>
    </Card>
  );
}

/** Job variables (over the pool's template) and pull steps. */
export function ConfigurationTab({ deployment }: { deployment: Deployment }) {
  return (
    <div className="grid grid-2">
      <Card title="Job variables">
        <p className="muted small" style={{ marginTop: 0 }}>
          Fill the work pool&apos;s job template; a run may override them.
        </p>
        <JsonView value={deployment.job_variables} empty="None: the pool's defaults apply." />
      </Card>
      <Card title="Pull steps">
        <p className="muted small" style={{ marginTop: 0 }}>
          Run by the engine before it loads the entrypoint.
        </p>
        <JsonView value={deployment.pull_steps} empty="None" />
      </Card>
    </div>
  );
}

/** The deployment's description, or how to add one. */
export function DescriptionTab({ deployment }: { deployment: Deployment }) {
  if (!deployment.description) {
    return (
      <EmptyState title="No description">
        <p>Say what this deployment does when you deploy it:</p>
        <CommandBlock
          command={`npx steward deploy ${deployment.entrypoint ?? "path/to/flow.ts:flow"} --name ${deployment.name} --description "…"`}
        />
      </EmptyState>
    );
  }
  return (
    <Card>
      <p className="description-text">{deployment.description}</p>
    </Card>
  );
}
