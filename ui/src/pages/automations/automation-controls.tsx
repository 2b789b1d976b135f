/** @module The on / off switch and the Delete button of an automation (list and automation page). */
import { useState } from "react";
import type { Automation } from "../../../../src/api/automations.js";
import { useApiMutation } from "../../api/client.js";
import { ConfirmDialog } from "../../components/dialog.js";
import { ErrorMessage } from "../../components/messages.js";
// The on / off switch looks like the deployments' one: same classes, same stylesheet.
import "../deployments/deployments.css";

/** Enables (on) or disables (off) the automation through `PATCH /automations/{id}`. */
export function EnabledSwitch({ automation, showText }: { automation: Automation; showText?: boolean }) {
  const patch = useApiMutation("patchAutomation");
  // While the change is in flight the switch shows where it is going.
  const enabled =
    patch.isPending && patch.variables?.body ? patch.variables.body.enabled : automation.enabled;
  return (
    <span className="pause-toggle">
      <label
        className="switch-label"
        title={enabled ? "Enabled: click to disable" : "Disabled: click to enable"}
      >
        <input
          type="checkbox"
          role="switch"
          className="switch"
          aria-label={`Enabled: ${automation.name}`}
          checked={enabled}
          disabled={patch.isPending}
          data-enabled={enabled ? "true" : "false"}
          onChange={() => patch.mutate({ params: { id: automation.id }, body: { enabled: !enabled } })}
        />
        {showText && <span>{enabled ? "Enabled" : "Disabled"}</span>}
      </label>
      {patch.error && <ErrorMessage error={patch.error} title="Could not switch the automation" />}
    </span>
  );
}

/** Delete, after a confirmation; `onDeleted` runs once the API has deleted it. */
export function DeleteAutomationButton({
  automation,
  onDeleted,
  small,
}: {
  automation: Automation;
  onDeleted?: () => void;
  small?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const remove = useApiMutation("deleteAutomation");
  const owned = automation.owner_resource
    ? ` It belongs to ${automation.owner_resource}: deploying that again recreates it.`
    : "";
  return (
    <>
      <button
        type="button"
        className={`danger${small ? " small" : ""}`}
        aria-label={`Delete ${automation.name}`}
        onClick={() => setOpen(true)}
      >
        Delete
      </button>
      <ConfirmDialog
        open={open}
        title={`Delete ${automation.name}?`}
        message={
          <>
            <p>It stops reacting to events at once. Its past firings stay in the event history.{owned}</p>
            {remove.error && <ErrorMessage error={remove.error} title="Could not delete it" />}
          </>
        }
        confirmLabel="Delete"
        busy={remove.isPending}
        onClose={() => setOpen(false)}
        onConfirm={() =>
          remove.mutate(
            { params: { id: automation.id } },
            {
              onSuccess: () => {
                setOpen(false);
                onDeleted?.();
              },
            },
          )
        }
      />
    </>
  );
}
