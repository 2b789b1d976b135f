/**
 * @module `/runs/task-run/:id`: one task run — its error, its attempts with their errors, what fed
 * it, its state history and its own log lines. Everything updates live.
 */
import { Link, useParams } from "react-router";
import type { TaskRun } from "../../../../src/api/task-runs.js";
import { isTerminal } from "../../../../src/core/states.js";
import { isApiError, useApi } from "../../api/client.js";
import { useNow } from "../../api/live.js";
import { paths } from "../../app/paths.js";
import { LiveRegion } from "../../components/live-region.js";
import { EmptyState, ErrorMessage, Loading } from "../../components/messages.js";
import { type Crumb, Page } from "../../components/page.js";
import { RunErrorPanel } from "../../components/run-error.js";
import { StateBadge } from "../../components/state-badge.js";
import { Card } from "../../components/tabs.js";
import { DateTime, formatDuration } from "../../components/time.js";
import { RunLogs } from "../flow-runs/run-logs.js";
import { StateHistory } from "../flow-runs/run-tabs.js";
import { useStateAnnouncement } from "../flow-runs/use-state-announcement.js";
import { AttemptsTable } from "./attempts-table.js";
import { TaskInputs } from "./task-inputs.js";
import "../flow-runs/runs-list.css";
import "../flow-runs/run-page.css";

/** The task run page. */
export function TaskRunPage() {
  const { id = "" } = useParams();
  const task = useApi(
    "readTaskRun",
    { params: { id } },
    // A missing task run stays missing: say so at once instead of retrying.
    { retry: (count, error) => !isApiError(error, 404) && !isApiError(error, 422) && count < 1 },
  );
  const missing = isApiError(task.error, 404) || isApiError(task.error, 422);
  if (task.data && !missing) return <TaskRunView task={task.data} />;
  return (
    <Page
      name="task-run"
      title="Task run"
      crumbs={[{ label: "Flow runs", to: paths.flowRuns() }]}
      ready={task.error !== null}
    >
      {missing ? (
        <EmptyState title="Task run not found">
          <p data-testid="task-run-not-found">
            There is no task run with id <code>{id}</code>; it may have been deleted with its flow run.
          </p>
          <Link to={paths.flowRuns()}>Back to flow runs</Link>
        </EmptyState>
      ) : task.error ? (
        <ErrorMessage error={task.error} title="Could not load the task run" />
      ) : (
        <Loading what="task run" />
      )}
    </Page>
  );
}

function TaskRunView({ task }: { task: TaskRun }) {
  const states = useApi("readTaskRunStates", { query: { task_run_id: task.id } });
  const flowRunId = task.flow_run_id;
  const flowRun = useApi("readFlowRun", { params: { id: flowRunId ?? "" } }, { enabled: flowRunId !== null });
  const announcement = useStateAnnouncement("task run", task.state_name ?? task.state_type);
  const crumbs: Crumb[] = [
    { label: "Flow runs", to: paths.flowRuns() },
    ...(flowRunId ? [{ label: flowRun.data?.name ?? "flow run", to: paths.flowRun(flowRunId) }] : []),
  ];
  const live = task.state_type === null || !isTerminal(task.state_type);
  return (
    <Page
      name="task-run"
      documentTitle={task.name}
      title={
        <>
          <h1 data-testid="task-run-name">{task.name}</h1>
          <span data-testid="task-run-state" title={task.state?.message ?? undefined}>
            <StateBadge type={task.state_type} name={task.state_name} />
          </span>
        </>
      }
      crumbs={crumbs}
      ready
    >
      <div className="stack">
        <LiveRegion message={announcement} testId="state-announcement" />
        <RunErrorPanel state={task.state} noun="task run" />
        <div className="grid run-summary">
          <TaskSummary task={task} flowRunName={flowRun.data?.name} />
          <Card title="Inputs and result">
            <TaskInputs task={task} />
          </Card>
        </div>
        <Card title={`Attempts (${task.run_count})`}>
          <AttemptsTable states={states.data} error={states.error} />
        </Card>
        <Card title="State history">
          <StateHistory states={states.data} error={states.error} />
        </Card>
        <Card title="Logs">
          {flowRunId ? (
            <RunLogs
              flowRunId={flowRunId}
              taskRunId={task.id}
              tasks={[{ id: task.id, label: task.name }]}
              live={live || (flowRun.data?.end_time ?? null) === null}
            />
          ) : (
            <p className="muted">This task ran outside a flow run, so it has no logs here.</p>
          )}
        </Card>
      </div>
    </Page>
  );
}

/** When it ran, how often, and the flow run it belongs to. */
function TaskSummary({ task, flowRunName }: { task: TaskRun; flowRunName: string | undefined }) {
  const now = useNow(task.end_time === null ? 1000 : 3_600_000);
  const policy = task.empirical_policy;
  const seconds = task.start_time
    ? ((task.end_time ? Date.parse(task.end_time) : now) - Date.parse(task.start_time)) / 1000
    : undefined;
  return (
    <section className="card">
      <h3>Task run</h3>
      <dl className="details" data-testid="task-run-details">
        <dt>Flow run</dt>
        <dd>
          {task.flow_run_id ? (
            <Link to={paths.flowRun(task.flow_run_id)} data-testid="task-run-flow-run">
              {flowRunName ?? "flow run"}
            </Link>
          ) : (
            <span className="muted">— (called outside a flow)</span>
          )}
        </dd>
        <dt>Task</dt>
        <dd className="mono">
          {task.task_key}
          {task.task_version && <span className="muted small"> · version {task.task_version}</span>}
        </dd>
        <dt>Started</dt>
        <dd>
          <DateTime value={task.start_time} />
        </dd>
        <dt>Ended</dt>
        <dd>
          <DateTime value={task.end_time} />
        </dd>
        <dt>Duration</dt>
        <dd data-testid="task-run-duration">{formatDuration(seconds)}</dd>
        <dt>Attempts</dt>
        <dd data-testid="task-run-attempts">
          {task.run_count}
          <span className="muted small">
            {policy.retries
              ? ` · up to ${policy.retries} ${policy.retries === 1 ? "retry" : "retries"}`
              : " · no retries"}
          </span>
        </dd>
        <dt>Tags</dt>
        <dd>
          {task.tags.length === 0
            ? "—"
            : task.tags.map((tag) => (
                <span key={tag} className="tag">
                  {tag}
                </span>
              ))}
        </dd>
        <dt>Task run id</dt>
        <dd className="mono small">{task.id}</dd>
      </dl>
    </section>
  );
}
