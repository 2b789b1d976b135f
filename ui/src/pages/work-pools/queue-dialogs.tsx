/** @module Dialogs of the Work Queues tab: create or edit a queue, and delete one. */
import { type FormEvent, useState } from "react";
import type { WorkQueue } from "../../../../src/api/work-pools.js";
import { useApiMutation } from "../../api/client.js";
import { ConfirmDialog, Dialog } from "../../components/dialog.js";
import { ErrorMessage } from "../../components/messages.js";
import { nameError, parseLimit } from "./pool-name.js";

function parsePriority(text: string): number | null | undefined {
  if (text.trim() === "") return null;
  const value = Number(text);
  return Number.isInteger(value) && value >= 1 ? value : undefined;
}

/**
 * Creates a queue in `pool` (no `queue`) or edits `queue`'s description, priority and limit.
 * Render it only while open: it starts from the queue's current values.
 */
export function QueueFormDialog({
  pool,
  queue,
  onClose,
}: {
  pool: string;
  queue?: WorkQueue;
  onClose: () => void;
}) {
  const [name, setName] = useState("");
  const [touched, setTouched] = useState(false);
  const [description, setDescription] = useState(queue?.description ?? "");
  const [priority, setPriority] = useState(queue ? String(queue.priority) : "");
  const [limit, setLimit] = useState(queue?.concurrency_limit?.toString() ?? "");
  const create = useApiMutation("createWorkQueue", { onSuccess: onClose });
  const update = useApiMutation("updateWorkQueue", { onSuccess: onClose });
  const mutation = queue ? update : create;
  const problem = queue ? null : nameError(name);
  const priorityValue = parsePriority(priority);
  const limitValue = parseLimit(limit);
  const priorityInvalid = priorityValue === undefined || (queue !== undefined && priorityValue === null);
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    setTouched(true);
    if (problem || priorityInvalid || limitValue === undefined) return;
    const fields = {
      description: description.trim() === "" ? null : description,
      concurrency_limit: limitValue,
      ...(priorityValue === null ? {} : { priority: priorityValue as number }),
    };
    if (queue) update.mutate({ params: { name: pool, queue_name: queue.name }, body: fields });
    else create.mutate({ params: { name: pool }, body: { name, ...fields } });
  };
  return (
    <Dialog
      open
      title={queue ? `Edit queue ${queue.name}` : "Create work queue"}
      onClose={onClose}
      actions={
        <button type="submit" form="queue-form" className="primary" disabled={mutation.isPending}>
          {queue ? "Save" : "Create queue"}
        </button>
      }
    >
      <form id="queue-form" className="form" onSubmit={submit} noValidate>
        {!queue && (
          <label className="field">
            <span>Name</span>
            <input
              type="text"
              value={name}
              autoFocus
              className={touched && problem ? "invalid" : undefined}
              onChange={(e) => setName(e.target.value)}
            />
            {touched && problem && <span className="field-error">{problem}</span>}
          </label>
        )}
        <label className="field">
          <span>Description</span>
          <input type="text" value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <div className="grid grid-2-tight">
          <label className="field">
            <span>Priority</span>
            <input
              type="number"
              min={1}
              step={1}
              value={priority}
              placeholder={queue ? undefined : "next free"}
              className={priorityInvalid ? "invalid" : undefined}
              onChange={(e) => setPriority(e.target.value)}
            />
            <span className={priorityInvalid ? "field-error" : "field-help"}>
              1 is served first{queue ? "." : "; empty takes the next free number."}
            </span>
          </label>
          <label className="field">
            <span>Concurrency limit</span>
            <input
              type="number"
              min={0}
              step={1}
              value={limit}
              placeholder="unlimited"
              className={limitValue === undefined ? "invalid" : undefined}
              onChange={(e) => setLimit(e.target.value)}
            />
            <span className={limitValue === undefined ? "field-error" : "field-help"}>
              Runs pending or running at once. Empty: no limit.
            </span>
          </label>
        </div>
        {mutation.error && <ErrorMessage error={mutation.error} title="Could not save the queue" />}
      </form>
    </Dialog>
  );
}

/** Asks before deleting `queue`; shows the API's answer when it refuses (the default queue). */
export function DeleteQueueDialog({
  pool,
  queue,
  onClose,
}: {
  pool: string;
  queue: WorkQueue;
  onClose: () => void;
}) {
  const remove = useApiMutation("deleteWorkQueue", { onSuccess: onClose });
  return (
    <ConfirmDialog
      open
      title={`Delete queue ${queue.name}?`}
      confirmLabel="Delete queue"
      busy={remove.isPending}
      onClose={onClose}
      onConfirm={() => remove.mutate({ params: { name: pool, queue_name: queue.name } })}
      message={
        <div className="stack">
          <span>
            This removes <strong>{queue.name}</strong> from work pool <strong>{pool}</strong>. Runs that were
            in it keep their history.
          </span>
          {remove.error && <ErrorMessage error={remove.error} title="Could not delete the queue" />}
        </div>
      }
    />
  );
}
