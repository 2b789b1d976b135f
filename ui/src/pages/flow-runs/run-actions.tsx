/**
 * @module What can be done to one flow run: cancel it, retry it, force another state, delete it.
 * Every proposal's answer is reported in words (see orchestration.ts); the page shows it.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import type { FlowRun } from "../../../../src/api/flow-runs.js";
import { isTerminal, STATE_TYPES, type StateType } from "../../../../src/core/states.js";
import { callApi } from "../../api/client.js";
import { ConfirmDialog, Dialog } from "../../components/dialog.js";
import { ErrorMessage } from "../../components/messages.js";
import { paths } from "../../app/paths.js";
import { canCancel, describeOutcome, proposeFlowRunState, type ProposalOutcome } from "./orchestration.js";

type Pending = "cancel" | "retry" | "delete" | "change" | null;

/** The action buttons of the run page; `onOutcome` receives what the server answered. */
export function RunActions({
  run,
  onOutcome,
}: {
  run: FlowRun;
  onOutcome: (outcome: ProposalOutcome) => void;
}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const terminal = run.state_type !== null && isTerminal(run.state_type);

  /** Runs an action; API errors (e.g. 404 after someone else deleted the run) are shown in the dialog. */
  const act = async (action: () => Promise<ProposalOutcome | undefined>) => {
    setBusy(true);
    setError(null);
    try {
      const outcome = await action();
      if (outcome) onOutcome(outcome);
      setOpen(null);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
      await queryClient.invalidateQueries();
    }
  };
  const propose = (type: StateType, extra: { name?: string; message?: string | null } = {}, force = false) =>
    act(async () => {
      const result = await proposeFlowRunState(run.id, { type, ...extra }, force);
      return describeOutcome(type, result, run.state_id);
    });
  const close = () => {
    setOpen(null);
    setError(null);
  };

  return (
    <>
      {canCancel(run) && (
        <button type="button" onClick={() => setOpen("cancel")} data-testid="cancel-run">
          Cancel
        </button>
      )}
      {terminal && run.deployment_id && (
        <button type="button" onClick={() => setOpen("retry")} data-testid="retry-run">
          Retry
        </button>
      )}
      <button type="button" onClick={() => setOpen("change")} data-testid="change-state">
        Change state
      </button>
      <button type="button" className="danger" onClick={() => setOpen("delete")} data-testid="delete-run">
        Delete
      </button>
      <ConfirmDialog
        open={open === "cancel"}
        title="Cancel this run?"
        message={
          <>
            {run.state_type === "RUNNING" || run.state_type === "PENDING"
              ? "Its worker stops the run's processes, then the run becomes Cancelled."
              : "Nothing is running yet, so the run becomes Cancelled at once."}
            <ErrorMessage error={error} title="Could not cancel" />
          </>
        }
        confirmLabel="Cancel run"
        busy={busy}
        onConfirm={() => void propose("CANCELLING", { message: "Cancelled from the UI" })}
        onClose={close}
      />
      <ConfirmDialog
        open={open === "retry"}
        title="Retry this run?"
        message={
          <>
            The run is scheduled again (AwaitingRetry) for a worker of {run.work_pool_name ?? "its pool"} to
            start now.
            <ErrorMessage error={error} title="Could not retry" />
          </>
        }
        confirmLabel="Retry run"
        busy={busy}
        onConfirm={() => void propose("SCHEDULED", { name: "AwaitingRetry", message: "Retried from the UI" })}
        onClose={close}
      />
      <ConfirmDialog
        open={open === "delete"}
        title="Delete this run?"
        message={
          <>
            Its task runs, states and logs are deleted too. This cannot be undone.
            <ErrorMessage error={error} title="Could not delete" />
          </>
        }
        confirmLabel="Delete run"
        busy={busy}
        onConfirm={() =>
          void act(async () => {
            await callApi("deleteFlowRun", { params: { id: run.id } });
            await navigate(paths.flowRuns());
            return undefined;
          })
        }
        onClose={close}
      />
      <ChangeStateDialog
        open={open === "change"}
        current={run.state_type}
        busy={busy}
        error={error}
        onClose={close}
        onSubmit={(type, message) => void propose(type, { message: message || null }, true)}
      />
    </>
  );
}

/** Pick any state type and an optional message; the proposal is forced past the usual rules. */
function ChangeStateDialog({
  open,
  current,
  busy,
  error,
  onClose,
  onSubmit,
}: {
  open: boolean;
  current: StateType | null;
  busy: boolean;
  error: unknown;
  onClose: () => void;
  onSubmit: (type: StateType, message: string) => void;
}) {
  const [type, setType] = useState<StateType>(current === "COMPLETED" ? "FAILED" : "COMPLETED");
  const [message, setMessage] = useState("");
  return (
    <Dialog
      open={open}
      title="Change state"
      onClose={onClose}
      actions={
        <button type="button" className="primary" disabled={busy} onClick={() => onSubmit(type, message)}>
          Change state
        </button>
      }
    >
      <p className="muted" style={{ margin: 0 }}>
        The state is set as given (forced), skipping the rules that normally guard transitions. Use it to
        correct a run whose real outcome the server could not see.
      </p>
      <label className="field">
        <span>New state</span>
        <select value={type} onChange={(event) => setType(event.target.value as StateType)}>
          {STATE_TYPES.map((choice) => (
            <option key={choice} value={choice}>
              {choice.charAt(0) + choice.slice(1).toLowerCase()}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Message (optional)</span>
        <input
          type="text"
          value={message}
          onChange={(event) => setMessage(event.target.value)}
          placeholder="Why the state was changed"
        />
      </label>
      <ErrorMessage error={error} title="Could not change the state" />
    </Dialog>
  );
}
