/**
 * @module A work pool: header with status and pause switch, the "start a worker" banner while none
 * is online, and tabs for details, runs, queues, workers and deployments. Everything is live.
 */
import { useParams } from "react-router";
import { useApi, useApiMutation } from "../../api/client.js";
import { paths } from "../../app/paths.js";
import { FlowRunList } from "../../components/flow-run-list.js";
import { ErrorMessage, Loading, QueryView } from "../../components/messages.js";
import { Page } from "../../components/page.js";
import { StatusIndicator } from "../../components/status.js";
import { Tabs, useTab } from "../../components/tabs.js";
import { PoolLoadError } from "./not-found.js";
import { PauseToggle } from "./pause-toggle.js";
import { PoolDeployments, usePoolDeployments } from "./pool-deployments.js";
import { PoolDetails } from "./pool-details.js";
import { usePoolWorkers } from "./pool-workers.js";
import { QueuesTab } from "./queues-tab.js";
import { WorkerBanner } from "./worker-banner.js";
import { WorkersTab } from "./workers-tab.js";
import "./work-pools.css";

/** `/work-pools/work-pool/:name` */
export function WorkPoolPage() {
  const name = useParams().name ?? "";
  const pool = useApi("readWorkPool", { params: { name } }, { retry: false });
  const found = pool.data !== undefined;
  const queues = useApi("filterWorkQueues", { params: { name } }, { enabled: found });
  const { query: workersQuery, workers, online, lastPolled } = usePoolWorkers(name, found);
  const deployments = usePoolDeployments(name, found);
  const runCount = useApi(
    "countFlowRuns",
    { body: { flow_runs: { work_pool_name: { any_: [name] } } } },
    { enabled: found },
  );
  const update = useApiMutation("updateWorkPool");
  const tabs = [
    { id: "details", label: "Details" },
    { id: "runs", label: "Runs", count: runCount.data },
    { id: "work-queues", label: "Work Queues", count: queues.data?.length },
    { id: "workers", label: "Workers", count: workers?.length },
    { id: "deployments", label: "Deployments", count: deployments.data?.length },
  ];
  const [tab, setTab] = useTab(tabs);
  const data = pool.data;
  const crumbs = [{ label: "Work pools", to: paths.workPools() }];
  if (!data)
    return (
      <Page name="work-pool" title={name} crumbs={crumbs} ready={pool.error !== null}>
        {pool.error ? <PoolLoadError error={pool.error} what={`work pool named "${name}"`} /> : <Loading />}
      </Page>
    );
  return (
    <Page
      name="work-pool"
      documentTitle={name}
      crumbs={crumbs}
      ready
      title={
        <>
          <h1>{data.name}</h1>
          <span className="type-badge">{data.type}</span>
          <StatusIndicator status={data.status} />
        </>
      }
      actions={
        <PauseToggle
          paused={data.is_paused}
          busy={update.isPending}
          label={`work pool ${data.name}`}
          onToggle={(paused) => update.mutate({ params: { name }, body: { is_paused: paused } })}
        />
      }
    >
      <div className="stack">
        {update.error && <ErrorMessage error={update.error} title="Could not change the pool" />}
        {workers !== undefined && !online && (
          <WorkerBanner pool={data.name} everPolled={workers.length > 0} />
        )}
        <div>
          <Tabs tabs={tabs} selected={tab} onSelect={setTab}>
            {tab === "details" && <PoolDetails pool={data} queues={queues.data} lastPolled={lastPolled} />}
            {tab === "runs" && (
              <FlowRunList
                flowRuns={{ work_pool_name: { any_: [data.name] } }}
                hide={["pool"]}
                emptyTitle="No runs in this pool yet"
                emptyHelp="Runs of the deployments that use this pool show here."
              />
            )}
            {tab === "work-queues" && (
              <QueryView query={queues} what="work queues">
                {(list) => (
                  <QueuesTab pool={data.name} queues={list} defaultQueueId={data.default_queue_id} />
                )}
              </QueryView>
            )}
            {tab === "workers" && (
              <QueryView query={workersQuery} what="workers">
                {(list) => <WorkersTab pool={data.name} workers={list} />}
              </QueryView>
            )}
            {tab === "deployments" && <PoolDeployments pool={data.name} />}
          </Tabs>
        </div>
      </div>
    </Page>
  );
}
