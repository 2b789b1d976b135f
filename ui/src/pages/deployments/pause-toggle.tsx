/**
 * @module A deployment's on / off switch: paused deployments keep their schedules but get no new
 * scheduled runs (the API removes the future ones); manual runs still work.
 */
import type { Deployment } from "../../../../src/api/deployments.js";
import { useApiMutation } from "../../api/client.js";
import { ErrorMessage } from "../../components/messages.js";
import { type Status, StatusIndicator } from "../../components/status.js";

/** READY / NOT_READY as the API reports it, PAUSED when paused. */
export function deploymentStatus(deployment: Pick<Deployment, "paused" | "status">): Status {
  return deployment.paused ? "PAUSED" : deployment.status;
}

/** The deployment's status indicator (`data-status`). */
export function DeploymentStatus({ deployment }: { deployment: Pick<Deployment, "paused" | "status"> }) {
  return <StatusIndicator status={deploymentStatus(deployment)} />;
}

/**
 * A switch that pauses (off) or resumes (on) the deployment. `label` is its accessible name; with
 * `showText` it also says "Active" or "Paused" beside it.
 */
export function PauseToggle({
  deployment,
  label,
  showText,
}: {
  deployment: Deployment;
  label: string;
  showText?: boolean;
}) {
  const pause = useApiMutation("pauseDeployment");
  const resume = useApiMutation("resumeDeployment");
  const busy = pause.isPending || resume.isPending;
  // While the change is in flight the switch shows where it is going.
  const active = pause.isPending ? false : resume.isPending ? true : !deployment.paused;
  const error = pause.error ?? resume.error;
  const toggle = () => {
    const input = { params: { id: deployment.id } };
    if (active) pause.mutate(input);
    else resume.mutate(input);
  };
  return (
    <span className="pause-toggle">
      <label className="switch-label" title={active ? "Active: click to pause" : "Paused: click to resume"}>
        <input
          type="checkbox"
          role="switch"
          className="switch"
          aria-label={label}
          checked={active}
          disabled={busy}
          onChange={toggle}
        />
        {showText && <span>{active ? "Active" : "Paused"}</span>}
      </label>
      {error && <ErrorMessage error={error} title="Could not change the deployment" />}
    </span>
  );
}
