/** @module One work pool on the list page: status, type, limits, last poll and the pause switch. */
import { Link } from "react-router";
import type { WorkPool } from "../../../../src/api/work-pools.js";
import { useApiMutation } from "../../api/client.js";
import { paths } from "../../app/paths.js";
import { ErrorMessage } from "../../components/messages.js";
import { StatusIndicator } from "../../components/status.js";
import { RelativeTime } from "../../components/time.js";
import { PauseToggle } from "./pause-toggle.js";
import { usePoolWorkers } from "./pool-workers.js";

/** "∞" for no limit. */
export function formatLimit(limit: number | null): string {
  return limit === null ? "∞" : limit.toLocaleString();
}

/** A card per pool (`article[data-pool=NAME]`). */
export function PoolCard({ pool }: { pool: WorkPool }) {
  const { workers, lastPolled } = usePoolWorkers(pool.name);
  const update = useApiMutation("updateWorkPool");
  const online = workers?.filter((worker) => worker.status === "ONLINE").length ?? 0;
  return (
    <article className="card pool-card" data-pool={pool.name}>
      <div className="pool-card-head">
        <Link to={paths.workPool(pool.name)} className="pool-card-name">
          {pool.name}
        </Link>
        <span className="type-badge">{pool.type}</span>
        <span className="spacer" />
        <StatusIndicator status={pool.status} />
      </div>
      <p className="pool-card-description">{pool.description ?? "No description."}</p>
      <dl className="pool-card-facts">
        <div>
          <dt>Concurrency</dt>
          <dd>
            <span data-testid="running">{pool.active_slots}</span> / {formatLimit(pool.concurrency_limit)}{" "}
            <span className="muted">running</span>
          </dd>
        </div>
        <div>
          <dt>Workers</dt>
          <dd>
            {online} <span className="muted">online</span>
          </dd>
        </div>
        <div>
          <dt>Last polled</dt>
          <dd>
            <RelativeTime value={lastPolled} />
          </dd>
        </div>
      </dl>
      <div className="pool-card-foot">
        <PauseToggle
          paused={pool.is_paused}
          busy={update.isPending}
          label={`work pool ${pool.name}`}
          onToggle={(paused) => update.mutate({ params: { name: pool.name }, body: { is_paused: paused } })}
        />
      </div>
      {update.error && <ErrorMessage error={update.error} title="Could not change the pool" />}
    </article>
  );
}
