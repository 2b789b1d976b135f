/**
 * @module A flow: its run history over a chosen range, tabs for runs, deployments and details, and
 * a Run button for its deployments.
 */
import { Link, useParams, useSearchParams } from "react-router";
import type { Flow } from "../../../../src/api/flows.js";
import { isApiError, useApi } from "../../api/client.js";
import { paths } from "../../app/paths.js";
import { FlowRunList } from "../../components/flow-run-list.js";
import { EmptyState, ErrorMessage, Loading } from "../../components/messages.js";
import { Page } from "../../components/page.js";
import { RunHistory, rangeSeconds, TIME_RANGES } from "../../components/run-history-chart.js";
import { Card, Tabs, useTab } from "../../components/tabs.js";
import { DateTime } from "../../components/time.js";
import { RunMenu } from "../deployments/run-menu.js";
import { FlowDeployments, useFlowDeployments } from "./flow-deployments.js";
import "./flows.css";

const DEFAULT_RANGE = "24h";

function FlowDetails({ flow }: { flow: Flow }) {
  const labels = Object.entries(flow.labels);
  return (
    <Card title="Details">
      <dl className="details" data-testid="flow-details">
        <dt>Name</dt>
        <dd>{flow.name}</dd>
        <dt>Id</dt>
        <dd className="mono">{flow.id}</dd>
        <dt>Created</dt>
        <dd>
          <DateTime value={flow.created} />
        </dd>
        <dt>Updated</dt>
        <dd>
          <DateTime value={flow.updated} />
        </dd>
        <dt>Tags</dt>
        <dd>
          {flow.tags.length === 0 ? (
            <span className="muted">None</span>
          ) : (
            flow.tags.map((tag) => (
              <span key={tag} className="tag">
                {tag}
              </span>
            ))
          )}
        </dd>
        <dt>Labels</dt>
        <dd>
          {labels.length === 0 ? (
            <span className="muted">None</span>
          ) : (
            labels.map(([key, value]) => (
              <span key={key} className="tag">
                {key}={String(value)}
              </span>
            ))
          )}
        </dd>
      </dl>
    </Card>
  );
}

function RangePicker({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  return (
    <select aria-label="Time range" value={value} onChange={(e) => onChange(e.target.value)}>
      {TIME_RANGES.map((range) => (
        <option key={range.id} value={range.id}>
          {range.label}
        </option>
      ))}
    </select>
  );
}

/** `/flows/flow/:id` (`?range=` picks the chart's range, `?tab=` the tab). */
export function FlowPage() {
  const id = useParams().id ?? "";
  const [params, setParams] = useSearchParams();
  const range = TIME_RANGES.some((r) => r.id === params.get("range"))
    ? (params.get("range") as string)
    : DEFAULT_RANGE;
  const setRange = (next: string) =>
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        updated.set("range", next);
        return updated;
      },
      { replace: true },
    );
  const flow = useApi("readFlow", { params: { id } }, { retry: false });
  const found = flow.data !== undefined;
  const runCount = useApi(
    "countFlowRuns",
    { body: { flow_runs: { flow_id: { any_: [id] } } } },
    { enabled: found },
  );
  const deployments = useFlowDeployments(id, found);
  const tabs = [
    { id: "runs", label: "Runs", count: runCount.data },
    { id: "deployments", label: "Deployments", count: deployments.data?.length },
    { id: "details", label: "Details" },
  ];
  const [tab, setTab] = useTab(tabs);
  const crumbs = [{ label: "Flows", to: paths.flows() }];
  const data = flow.data;
  if (!data)
    return (
      <Page name="flow" title="Flow" crumbs={crumbs} ready={flow.error !== null}>
        {!flow.error ? (
          <Loading what="the flow" />
        ) : isApiError(flow.error, 404) || isApiError(flow.error, 422) ? (
          <div data-testid="not-found">
            <EmptyState title="No such flow">
              <p>There is no flow with id {id}.</p>
              <Link to={paths.flows()}>All flows</Link>
            </EmptyState>
          </div>
        ) : (
          <ErrorMessage error={flow.error} title="Could not load the flow" />
        )}
      </Page>
    );
  const runs = { flow_id: { any_: [data.id] } };
  return (
    <Page
      name="flow"
      title={data.name}
      crumbs={crumbs}
      actions={<RunMenu deployments={deployments.data ?? []} label={`Run ${data.name}`} />}
      ready
    >
      <div className="stack">
        <Card title="Run history" actions={<RangePicker value={range} onChange={setRange} />}>
          <RunHistory seconds={rangeSeconds(range)} filter={runs} />
        </Card>
        <div>
          <Tabs tabs={tabs} selected={tab} onSelect={setTab}>
            {tab === "runs" && (
              <FlowRunList
                flowRuns={runs}
                hide={["flow"]}
                emptyTitle={`${data.name} has not run yet`}
                emptyHelp="Its runs show here as soon as one is created: run it, or run one of its deployments."
              />
            )}
            {tab === "deployments" && <FlowDeployments flowId={data.id} flowName={data.name} />}
            {tab === "details" && <FlowDetails flow={data} />}
          </Tabs>
        </div>
      </div>
    </Page>
  );
}
