/**
 * @module A deployment's schedules: each in words with its zone, an active switch, edit and delete;
 * and the button that adds one.
 */
import { useState } from "react";
import type { Deployment, DeploymentSchedule } from "../../../../src/api/deployments.js";
import { useApiMutation } from "../../api/client.js";
import { ConfirmDialog } from "../../components/dialog.js";
import { ErrorMessage } from "../../components/messages.js";
import { Card } from "../../components/tabs.js";
import { formatDateTimeWithZone } from "../../components/time.js";
import { useTimeZoneSetting } from "../../components/use-time-zone.js";
import { nextRuns, scheduleWords } from "./schedule-words.js";
import { ScheduleDialog } from "./schedule-dialog.js";

/** The Schedules card of the deployment page. */
export function SchedulesPanel({ deployment }: { deployment: Deployment }) {
  // A fresh dialog per opening, so it starts from the schedule being edited.
  const [editing, setEditing] = useState<{ entry?: DeploymentSchedule; key: number } | null>(null);
  return (
    <Card
      title="Schedules"
      actions={
        <button type="button" className="small" onClick={() => setEditing({ key: Date.now() })}>
          + Add schedule
        </button>
      }
    >
      {deployment.paused && deployment.schedules.length > 0 && (
        <p className="muted small" style={{ marginTop: 0 }}>
          The deployment is paused: no runs are scheduled until it is resumed.
        </p>
      )}
      {deployment.schedules.length === 0 ? (
        <div className="muted" data-testid="no-schedules">
          No schedules: runs start only when someone runs the deployment.
        </div>
      ) : (
        <ul className="schedule-list">
          {deployment.schedules.map((entry) => (
            <ScheduleItem
              key={entry.id}
              deployment={deployment}
              entry={entry}
              onEdit={() => setEditing({ entry, key: Date.now() })}
            />
          ))}
        </ul>
      )}
      {editing && (
        <ScheduleDialog
          key={editing.key}
          deployment={deployment}
          entry={editing.entry}
          open
          onClose={() => setEditing(null)}
        />
      )}
    </Card>
  );
}

function ScheduleItem({
  deployment,
  entry,
  onEdit,
}: {
  deployment: Deployment;
  entry: DeploymentSchedule;
  onEdit: () => void;
}) {
  const update = useApiMutation("updateDeploymentSchedule");
  const remove = useApiMutation("deleteDeploymentSchedule");
  const [confirming, setConfirming] = useState(false);
  const params = { id: deployment.id, schedule_id: entry.id };
  const words = scheduleWords(entry.schedule);
  const next = entry.active && !deployment.paused ? nextRuns(entry.schedule, 1)[0] : undefined;
  const active = update.isPending ? !entry.active : entry.active;
  const zone = useTimeZoneSetting();
  return (
    <li
      className={`schedule-item${entry.active ? "" : " inactive"}`}
      data-testid="schedule"
      data-schedule-id={entry.id}
      data-active={entry.active}
    >
      <span className="schedule-text">{words}</span>
      {next !== undefined && (
        <span className="muted small" data-testid="schedule-next">
          {/* In the zone of every other time on screen (the schedule's own zone is in its words). */}
          Next: {formatDateTimeWithZone(new Date(next).toISOString(), zone)}
        </span>
      )}
      <div className="row">
        <label className="switch-label small">
          <input
            type="checkbox"
            role="switch"
            className="switch"
            aria-label={`Active: ${words}`}
            checked={active}
            disabled={update.isPending}
            onChange={() => update.mutate({ params, body: { active: !entry.active } })}
          />
          {active ? "Active" : "Inactive"}
        </label>
        <span className="spacer" />
        <button type="button" className="small" onClick={onEdit}>
          Edit
        </button>
        <button type="button" className="small danger" onClick={() => setConfirming(true)}>
          Delete
        </button>
      </div>
      <ErrorMessage error={update.error ?? remove.error} title="Could not change the schedule" />
      <ConfirmDialog
        open={confirming}
        title="Delete schedule"
        message={
          <>
            Delete the schedule <strong>{words}</strong>? Its future scheduled runs are removed.
          </>
        }
        confirmLabel="Delete"
        busy={remove.isPending}
        onConfirm={() => remove.mutate({ params }, { onSuccess: () => setConfirming(false) })}
        onClose={() => setConfirming(false)}
      />
    </li>
  );
}
