/** @module A work queue: its status, priority and limit, pause switch, upcoming runs and all runs. */
import { Link, useParams } from "react-router";
import type { WorkQueue } from "../../../../src/api/work-pools.js";
import { useApi, useApiMutation } from "../../api/client.js";
import { paths } from "../../app/paths.js";
import { FlowRunList } from "../../components/flow-run-list.js";
import { ErrorMessage, Loading } from "../../components/messages.js";
import { Page } from "../../components/page.js";
import { StatusIndicator } from "../../components/status.js";
import { Card, Tabs, useTab } from "../../components/tabs.js";
import { DateTime, RelativeTime } from "../../components/time.js";
import { useLateRuns } from "./late-runs.js";
import { PoolLoadError } from "./not-found.js";
import { PauseToggle } from "./pause-toggle.js";
import { formatLimit } from "./pool-card.js";
import { usePoolWorkers } from "./pool-workers.js";
import { WorkerBanner } from "./worker-banner.js";
import "./work-pools.css";

const TABS = [
  { id: "upcoming", label: "Upcoming runs" },
  { id: "runs", label: "Runs" },
];

function QueueDetails({ queue }: { queue: WorkQueue }) {
  const late = useLateRuns(queue.work_pool_name, queue.name).data;
  return (
    <Card title="Details">
      <dl className="details" data-testid="queue-details">
        <dt>Status</dt>
        <dd>
          <StatusIndicator status={queue.status} />
        </dd>
        <dt>Work pool</dt>
        <dd>
          <Link to={paths.workPool(queue.work_pool_name)}>{queue.work_pool_name}</Link>
        </dd>
        <dt>Priority</dt>
        <dd>{queue.priority}</dd>
        <dt>Concurrency limit</dt>
        <dd>
          {formatLimit(queue.concurrency_limit)}{" "}
          <span className="muted">({queue.active_slots} pending or running now)</span>
        </dd>
        <dt>Late runs</dt>
        <dd>{late ?? "…"}</dd>
        <dt>Last polled</dt>
        <dd>
          <RelativeTime value={queue.last_polled} />
        </dd>
        <dt>Description</dt>
        <dd>{queue.description ?? <span className="muted">None</span>}</dd>
        <dt>Created</dt>
        <dd>
          <DateTime value={queue.created} />
        </dd>
      </dl>
    </Card>
  );
}

/** `/work-pools/work-pool/:name/queue/:queue` */
export function WorkQueuePage() {
  const params = useParams();
  const pool = params.name ?? "";
  const name = params.queue ?? "";
  const queue = useApi("readWorkQueue", { params: { name: pool, queue_name: name } }, { retry: false });
  const { workers, online } = usePoolWorkers(pool, queue.data !== undefined);
  const update = useApiMutation("updateWorkQueue");
  const [tab, setTab] = useTab(TABS);
  const crumbs = [
    { label: "Work pools", to: paths.workPools() },
    { label: pool, to: paths.workPool(pool) },
  ];
  const data = queue.data;
  if (!data)
    return (
      <Page name="work-queue" title={name} crumbs={crumbs} ready={queue.error !== null}>
        {queue.error ? (
          <PoolLoadError error={queue.error} what={`work queue named "${name}" in pool "${pool}"`} />
        ) : (
          <Loading />
        )}
      </Page>
    );
  const runs = { work_pool_name: { any_: [pool] }, work_queue_name: { any_: [name] } };
  return (
    <Page
      name="work-queue"
      documentTitle={`${name} · ${pool}`}
      crumbs={crumbs}
      ready
      title={
        <>
          <h1>{data.name}</h1>
          <span className="muted">work queue</span>
          <StatusIndicator status={data.status} />
        </>
      }
      actions={
        <PauseToggle
          paused={data.is_paused}
          busy={update.isPending}
          label={`queue ${data.name}`}
          onToggle={(paused) =>
            update.mutate({ params: { name: pool, queue_name: name }, body: { is_paused: paused } })
          }
        />
      }
    >
      <div className="stack">
        {update.error && <ErrorMessage error={update.error} title="Could not change the queue" />}
        {workers !== undefined && !online && <WorkerBanner pool={pool} everPolled={workers.length > 0} />}
        <QueueDetails queue={data} />
        <div>
          <Tabs tabs={TABS} selected={tab} onSelect={setTab}>
            {tab === "upcoming" ? (
              <FlowRunList
                key="upcoming"
                flowRuns={runs}
                when="upcoming"
                hide={["pool"]}
                emptyTitle="No upcoming runs"
                emptyHelp="Scheduled runs of the deployments that use this queue show here, soonest first."
              />
            ) : (
              <FlowRunList
                key="runs"
                flowRuns={runs}
                when="past"
                hide={["pool"]}
                emptyTitle="No runs in this queue yet"
              />
            )}
          </Tabs>
        </div>
      </div>
    </Page>
  );
}
