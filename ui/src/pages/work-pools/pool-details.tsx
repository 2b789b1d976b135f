/** @module The Details tab of a work pool. */
import { Link } from "react-router";
import type { WorkPool, WorkQueue } from "../../../../src/api/work-pools.js";
import { paths } from "../../app/paths.js";
import { StatusIndicator } from "../../components/status.js";
import { Card } from "../../components/tabs.js";
import { DateTime, RelativeTime } from "../../components/time.js";
import { JobTemplateTable } from "./job-template-table.js";
import { formatLimit } from "./pool-card.js";

/** Status, limits, times and the base job template. */
export function PoolDetails({
  pool,
  queues,
  lastPolled,
}: {
  pool: WorkPool;
  queues: readonly WorkQueue[] | undefined;
  lastPolled: string | null;
}) {
  const defaultQueue = queues?.find((queue) => queue.id === pool.default_queue_id);
  return (
    <div className="stack">
      <Card title="Details">
        <dl className="details" data-testid="pool-details">
          <dt>Status</dt>
          <dd>
            <StatusIndicator status={pool.status} /> <span className="muted">since</span>{" "}
            <RelativeTime value={pool.status_updated} />
          </dd>
          <dt>Description</dt>
          <dd>{pool.description ?? <span className="muted">None</span>}</dd>
          <dt>Type</dt>
          <dd>
            <span className="type-badge">{pool.type}</span>
          </dd>
          <dt>Concurrency limit</dt>
          <dd>
            {formatLimit(pool.concurrency_limit)}{" "}
            <span className="muted">({pool.active_slots} pending or running now)</span>
          </dd>
          <dt>Last polled</dt>
          <dd>
            <RelativeTime value={lastPolled} />
          </dd>
          <dt>Default queue</dt>
          <dd>
            {defaultQueue ? (
              <Link to={paths.workQueue(pool.name, defaultQueue.name)}>{defaultQueue.name}</Link>
            ) : (
              <span className="muted">—</span>
            )}
          </dd>
          <dt>Created</dt>
          <dd>
            <DateTime value={pool.created} />
          </dd>
          <dt>Last updated</dt>
          <dd>
            <DateTime value={pool.updated} />
          </dd>
          <dt>Id</dt>
          <dd className="mono">{pool.id}</dd>
        </dl>
      </Card>
      <Card title="Base job template">
        <JobTemplateTable template={pool.base_job_template} />
      </Card>
    </div>
  );
}
