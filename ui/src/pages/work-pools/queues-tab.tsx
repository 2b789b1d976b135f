/** @module The Work Queues tab: priorities, limits and live status, with pause, edit and delete. */
import { useState } from "react";
import { Link } from "react-router";
import type { WorkQueue } from "../../../../src/api/work-pools.js";
import { useApiMutation } from "../../api/client.js";
import { paths } from "../../app/paths.js";
import { ErrorMessage } from "../../components/messages.js";
import { StatusIndicator } from "../../components/status.js";
import { RelativeTime } from "../../components/time.js";
import { LateRunsBadge } from "./late-runs.js";
import { PauseToggle } from "./pause-toggle.js";
import { formatLimit } from "./pool-card.js";
import { DeleteQueueDialog, QueueFormDialog } from "./queue-dialogs.js";
import { TableScroll } from "../../components/table-scroll.js";

type Open = { kind: "create" } | { kind: "edit" | "delete"; queue: WorkQueue } | null;

const STATUS_HELP = {
  READY: "At least one worker is polling this queue.",
  NOT_READY: "No worker has polled this queue in the last minute.",
  PAUSED: "Paused: its runs are not handed out.",
} as const;

function QueueRow({
  pool,
  queue,
  isDefault,
  onOpen,
}: {
  pool: string;
  queue: WorkQueue;
  isDefault: boolean;
  onOpen: (open: Open) => void;
}) {
  const update = useApiMutation("updateWorkQueue");
  return (
    <tr data-queue={queue.name}>
      <td>
        <div className="row queue-name">
          <Link to={paths.workQueue(pool, queue.name)}>{queue.name}</Link>
          {isDefault && <span className="tag">default</span>}
          <LateRunsBadge pool={pool} queue={queue.name} />
        </div>
        {queue.description && <div className="muted small queue-description">{queue.description}</div>}
        {update.error && <ErrorMessage error={update.error} title="Could not change the queue" />}
      </td>
      <td className="num">{queue.priority}</td>
      <td className="num">{formatLimit(queue.concurrency_limit)}</td>
      <td>
        <RelativeTime value={queue.last_polled} />
      </td>
      <td title={STATUS_HELP[queue.status]}>
        <StatusIndicator status={queue.status} />
      </td>
      <td className="row-actions">
        <PauseToggle
          paused={queue.is_paused}
          busy={update.isPending}
          label={`queue ${queue.name}`}
          onToggle={(paused) =>
            update.mutate({ params: { name: pool, queue_name: queue.name }, body: { is_paused: paused } })
          }
        />
        <button type="button" className="small" onClick={() => onOpen({ kind: "edit", queue })}>
          Edit
        </button>
        <button type="button" className="small danger" onClick={() => onOpen({ kind: "delete", queue })}>
          Delete
        </button>
      </td>
    </tr>
  );
}

/** The queues of `pool` by priority (`tr[data-queue=NAME]`). */
export function QueuesTab({
  pool,
  queues,
  defaultQueueId,
}: {
  pool: string;
  queues: readonly WorkQueue[];
  defaultQueueId: string | null;
}) {
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  return (
    <div className="stack">
      <div className="row">
        <span className="muted">
          Workers claim from the queue with the lowest priority number first. A queue turns green once a
          worker polls it.
        </span>
        <span className="spacer" />
        <button type="button" className="primary" onClick={() => setOpen({ kind: "create" })}>
          + Create queue
        </button>
      </div>
      <TableScroll label="Work queues">
        <table className="table" data-testid="queues-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Priority</th>
              <th>Concurrency limit</th>
              <th>Last polled</th>
              <th>Status</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {queues.map((queue) => (
              <QueueRow
                key={queue.id}
                pool={pool}
                queue={queue}
                isDefault={queue.id === defaultQueueId}
                onOpen={setOpen}
              />
            ))}
          </tbody>
        </table>
      </TableScroll>
      {open?.kind === "create" && <QueueFormDialog pool={pool} onClose={close} />}
      {open?.kind === "edit" && <QueueFormDialog pool={pool} queue={open.queue} onClose={close} />}
      {open?.kind === "delete" && <DeleteQueueDialog pool={pool} queue={open.queue} onClose={close} />}
    </div>
  );
}
