/**
 * @module One deployment: its status, pause switch and Run menu; run activity; tabs of details,
 * runs, upcoming runs, parameters, configuration and description; and its schedules beside them.
 */
import { Link, useParams, useSearchParams } from "react-router";
import type { Deployment } from "../../../../src/api/deployments.js";
import type { FlowRunFilter } from "../../../../src/api/filters.js";
import { isApiError, useApi } from "../../api/client.js";
import { paths } from "../../app/paths.js";
import { FlowRunList } from "../../components/flow-run-list.js";
import { EmptyState, ErrorMessage, Loading } from "../../components/messages.js";
import { Page } from "../../components/page.js";
import { RunHistory, TIME_RANGES, rangeSeconds } from "../../components/run-history-chart.js";
import { useSplitMoment, whenFilter } from "../../components/run-views.js";
import { ActivityList } from "../../components/activity-list.js";
import { Card, Tabs, useTab } from "../../components/tabs.js";
import { DeploymentAutomations } from "./deployment-automations.js";
import { ConfigurationTab, DescriptionTab, DetailsTab } from "./details-tab.js";
import { DeploymentStatus, PauseToggle } from "./pause-toggle.js";
import { ParametersTab } from "./parameters-tab.js";
import { RunMenu } from "./run-menu.js";
import { SchedulesPanel } from "./schedules-panel.js";
import "./deployments.css";

const TABS = [
  { id: "details", label: "Details" },
  { id: "runs", label: "Runs" },
  { id: "upcoming", label: "Upcoming" },
  { id: "parameters", label: "Parameters" },
  { id: "configuration", label: "Configuration" },
  { id: "description", label: "Description" },
  { id: "audit", label: "Audit log" },
] as const;

/** Deployment */
export function DeploymentPage() {
  const { id = "" } = useParams();
  const deployment = useApi("readDeployment", { params: { id } });
  if (deployment.error) {
    const missing = isApiError(deployment.error, 404) || isApiError(deployment.error, 422);
    return (
      <Page
        name="deployment"
        title="Deployment not found"
        crumbs={[{ label: "Deployments", to: paths.deployments() }]}
        ready
      >
        {missing ? (
          <EmptyState title="There is no such deployment">
            <p>
              No deployment has the id <code>{id}</code>: it may have been deleted.
            </p>
            <Link to={paths.deployments()}>See all deployments</Link>
          </EmptyState>
        ) : (
          <ErrorMessage error={deployment.error} title="Could not load the deployment" />
        )}
      </Page>
    );
  }
  if (!deployment.data) {
    return (
      <Page name="deployment" title="Deployment" ready={false}>
        <Loading what="deployment" />
      </Page>
    );
  }
  return <DeploymentView deployment={deployment.data} />;
}

function DeploymentView({ deployment }: { deployment: Deployment }) {
  const fullName = `${deployment.flow_name}/${deployment.name}`;
  const mine: FlowRunFilter = { deployment_id: { any_: [deployment.id] } };
  // Runs lists what started or was due; Upcoming, the runs still to come: apart, never both.
  const at = useSplitMoment();
  const runCount = useApi(
    "countFlowRuns",
    { body: { flow_runs: { ...mine, ...whenFilter("past", at) } } },
    { placeholderData: (previous) => previous },
  );
  const upcomingCount = useApi(
    "countFlowRuns",
    { body: { flow_runs: { ...mine, ...whenFilter("upcoming", at) } } },
    { placeholderData: (previous) => previous },
  );
  const tabs = TABS.map((tab) => ({
    ...tab,
    count: tab.id === "runs" ? runCount.data : tab.id === "upcoming" ? upcomingCount.data : undefined,
  }));
  const [tab, setTab] = useTab(tabs);
  return (
    <Page
      name="deployment"
      documentTitle={fullName}
      title={
        <div className="deployment-title">
          <h1>
            <span className="muted">{deployment.flow_name} /</span> {deployment.name}
          </h1>
          <DeploymentStatus deployment={deployment} />
        </div>
      }
      crumbs={[{ label: "Deployments", to: paths.deployments() }]}
      actions={
        <>
          <PauseToggle deployment={deployment} label="Active" showText />
          <RunMenu deployment={deployment} />
        </>
      }
      ready
    >
      <div className="deployment-layout">
        <div className="stack">
          <Activity deployment={deployment} />
          <div>
            <Tabs tabs={tabs} selected={tab} onSelect={setTab}>
              {tab === "details" && <DetailsTab deployment={deployment} />}
              {tab === "runs" && (
                <FlowRunList
                  flowRuns={mine}
                  when="past"
                  hide={["deployment", "flow", "pool"]}
                  emptyTitle="No runs yet"
                  emptyHelp="Use Run ▸ Quick run above, or add a schedule."
                />
              )}
              {tab === "upcoming" && (
                <FlowRunList
                  flowRuns={mine}
                  when="upcoming"
                  hide={["deployment", "flow", "pool"]}
                  emptyTitle="No upcoming runs"
                  emptyHelp={
                    deployment.paused
                      ? "The deployment is paused: resume it to schedule runs."
                      : deployment.schedules.some((s) => s.active)
                        ? "The scheduler creates upcoming runs shortly."
                        : "Add a schedule to run this deployment automatically."
                  }
                />
              )}
              {tab === "parameters" && <ParametersTab deployment={deployment} />}
              {tab === "configuration" && <ConfigurationTab deployment={deployment} />}
              {tab === "description" && <DescriptionTab deployment={deployment} />}
              {tab === "audit" && (
                <Card>
                  <ActivityList resourceId={deployment.id} noun="deployment" />
                </Card>
              )}
            </Tabs>
          </div>
        </div>
        <aside className="stack">
          <SchedulesPanel deployment={deployment} />
          <DeploymentAutomations deployment={deployment} />
        </aside>
      </div>
    </Page>
  );
}

/** Run activity of the deployment over a range kept in `?range=`. */
function Activity({ deployment }: { deployment: Deployment }) {
  const [params, setParams] = useSearchParams();
  const range = params.get("range") ?? "24h";
  return (
    <Card
      title="Activity"
      actions={
        <select
          aria-label="Time range"
          value={range}
          onChange={(event) =>
            setParams(
              (current) => {
                const next = new URLSearchParams(current);
                next.set("range", event.target.value);
                return next;
              },
              { replace: true },
            )
          }
        >
          {TIME_RANGES.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
        </select>
      }
    >
      <RunHistory
        seconds={rangeSeconds(range)}
        filter={{ deployment_id: { any_: [deployment.id] } }}
        height={90}
      />
    </Card>
  );
}
