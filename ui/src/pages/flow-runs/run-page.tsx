/**
 * @module `/runs/flow-run/:id`: one flow run — its state, timing, timeline of task runs and
 * subflows, logs as they arrive, and the actions that change it. Everything updates live.
 */
import { useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import type { FlowRun } from "../../../../src/api/flow-runs.js";
import { isTerminal } from "../../../../src/core/states.js";
import { isApiError, useApi } from "../../api/client.js";
import { ActivityList } from "../../components/activity-list.js";
import { JsonView } from "../../components/code.js";
import { LiveRegion } from "../../components/live-region.js";
import { EmptyState, ErrorMessage, Loading, Notice } from "../../components/messages.js";
import { type Crumb, Page } from "../../components/page.js";
import { RunErrorPanel } from "../../components/run-error.js";
import { StateBadge } from "../../components/state-badge.js";
import { Card, Tabs, useTab } from "../../components/tabs.js";
import { paths } from "../../app/paths.js";
import type { ProposalOutcome } from "./orchestration.js";
import { RunActions } from "./run-actions.js";
import { type LogTask, RunLogs } from "./run-logs.js";
import { RunSummary } from "./run-summary.js";
import { DetailsTab, StateHistory, SubflowsTab, TaskRunsTab } from "./run-tabs.js";
import { RunTimeline, useRunGraph } from "./run-timeline.js";
import { useStateAnnouncement } from "./use-state-announcement.js";
import "./runs-list.css";
import "./run-page.css";

/** The flow run page. */
export function FlowRunPage() {
  const { id = "" } = useParams();
  const run = useApi(
    "readFlowRun",
    { params: { id } },
    // A missing run stays missing: say so at once instead of retrying.
    { retry: (count, error) => !isApiError(error, 404) && !isApiError(error, 422) && count < 1 },
  );
  const missing = isApiError(run.error, 404) || isApiError(run.error, 422);
  // A run deleted while its page is open is gone, even though the last answer is still cached.
  if (run.data && !missing) return <RunView run={run.data} />;
  return (
    <Page
      name="flow-run"
      title="Flow run"
      crumbs={[{ label: "Flow runs", to: paths.flowRuns() }]}
      ready={run.error !== null}
    >
      {missing ? (
        <EmptyState title="Flow run not found">
          <p data-testid="run-not-found">
            There is no flow run with id <code>{id}</code>; it may have been deleted.
          </p>
          <Link to={paths.flowRuns()}>Back to flow runs</Link>
        </EmptyState>
      ) : run.error ? (
        <ErrorMessage error={run.error} title="Could not load the flow run" />
      ) : (
        <Loading what="flow run" />
      )}
    </Page>
  );
}

function RunView({ run }: { run: FlowRun }) {
  const [outcome, setOutcome] = useState<ProposalOutcome | null>(null);
  const states = useApi("readFlowRunStates", { query: { flow_run_id: run.id } });
  const graph = useRunGraph(run.id);
  const deployment = useApi(
    "readDeployment",
    { params: { id: run.deployment_id ?? "" } },
    { enabled: run.deployment_id !== null },
  );
  const nodes = useMemo(() => graph.data?.nodes ?? [], [graph.data]);
  // The run's task runs, for naming log lines and filtering them: the graph already has them.
  const logTasks = useMemo<LogTask[]>(
    () => nodes.flatMap((node) => (node.kind === "task-run" ? [{ id: node.id, label: node.label }] : [])),
    [nodes],
  );
  const announcement = useStateAnnouncement("flow run", run.state_name ?? run.state_type);
  const subflows = nodes.filter((node) => node.kind === "flow-run").length;
  const tabs = [
    { id: "logs", label: "Logs" },
    {
      id: "task-runs",
      label: "Task runs",
      count: graph.data ? nodes.filter((node) => node.kind === "task-run").length : undefined,
    },
    { id: "subflows", label: "Subflow runs", count: graph.data ? subflows : undefined },
    { id: "details", label: "Details" },
    { id: "parameters", label: "Parameters" },
    { id: "job-variables", label: "Job variables" },
    { id: "states", label: "State history", count: states.data?.length },
    { id: "audit", label: "Audit log" },
  ];
  const [tab, setTab] = useTab(tabs);
  const crumbs: Crumb[] = [
    { label: "Flow runs", to: paths.flowRuns() },
    { label: run.flow_name ?? "flow", to: paths.flow(run.flow_id) },
    ...(run.deployment_id
      ? [{ label: deployment.data?.name ?? "deployment", to: paths.deployment(run.deployment_id) }]
      : []),
  ];
  const live = run.state_type === null || !isTerminal(run.state_type);
  return (
    <Page
      name="flow-run"
      documentTitle={run.name}
      title={
        <>
          <h1 data-testid="flow-run-name">{run.name}</h1>
          <span data-testid="flow-run-state" title={run.state?.message ?? undefined}>
            <StateBadge type={run.state_type} name={run.state_name} />
          </span>
        </>
      }
      crumbs={crumbs}
      actions={<RunActions run={run} onOutcome={setOutcome} />}
      ready
    >
      <div className="stack">
        <LiveRegion message={announcement} testId="state-announcement" />
        <RunErrorPanel state={run.state} noun="flow run" />
        {run.state?.message && !["FAILED", "CRASHED"].includes(run.state.type) && (
          <div className="run-state-message muted" data-testid="state-message">
            {run.state.message}
          </div>
        )}
        {outcome && (
          <Notice
            tone={outcome.tone === "error" ? "error" : "info"}
            testId="action-outcome"
            onDismiss={() => setOutcome(null)}
          >
            <span>{outcome.message}</span>
          </Notice>
        )}
        <RunSummary run={run} states={states.data} />
        <Card title="Timeline">
          <RunTimeline run={run} />
        </Card>
        <div>
          <Tabs tabs={tabs} selected={tab} onSelect={setTab}>
            {tab === "logs" && <RunLogs flowRunId={run.id} live={live} tasks={logTasks} />}
            {tab === "task-runs" && <TaskRunsTab flowRunId={run.id} />}
            {tab === "subflows" && <SubflowsTab flowRunId={run.id} />}
            {tab === "details" && <DetailsTab run={run} states={states.data} />}
            {tab === "parameters" && (
              <Card>
                <JsonView value={run.parameters} empty="This run has no parameters." />
              </Card>
            )}
            {tab === "job-variables" && (
              <Card>
                <JsonView
                  value={run.job_variables}
                  empty="No job variables: the pool's and deployment's defaults apply."
                />
              </Card>
            )}
            {tab === "states" && <StateHistory states={states.data} error={states.error} />}
            {tab === "audit" && (
              <Card>
                <ActivityList resourceId={run.id} noun="run" />
              </Card>
            )}
          </Tabs>
        </div>
      </div>
    </Page>
  );
}
