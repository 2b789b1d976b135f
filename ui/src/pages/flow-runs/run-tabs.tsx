/** @module The run page's tabs other than Logs: task runs, subflow runs, details and state history. */
import { useState } from "react";
import { Link } from "react-router";
import type { FlowRun } from "../../../../src/api/flow-runs.js";
import type { State } from "../../../../src/api/states.js";
import { useApi } from "../../api/client.js";
import { useNow } from "../../api/live.js";
import { FlowRunList } from "../../components/flow-run-list.js";
import { EmptyState, ErrorMessage, Loading, QueryView } from "../../components/messages.js";
import { Pager } from "../../components/pager.js";
import { StateBadge } from "../../components/state-badge.js";
import { DateTime, formatDuration } from "../../components/time.js";
import { paths } from "../../app/paths.js";
import { useRunGraph } from "./run-timeline.js";
import { claimedBy, DeploymentLink } from "./run-summary.js";
import { TableScroll } from "../../components/table-scroll.js";

const TASK_PAGE = 50;

/** The run's task runs: name, state, start, duration, paged. */
export function TaskRunsTab({ flowRunId }: { flowRunId: string }) {
  const [page, setPage] = useState(1);
  const now = useNow();
  const tasks = useApi(
    "paginateTaskRuns",
    {
      body: {
        task_runs: { flow_run_id: { any_: [flowRunId] } },
        sort: "EXPECTED_START_TIME_ASC",
        limit: TASK_PAGE,
        page,
      },
    },
    { placeholderData: (previous) => previous },
  );
  return (
    <QueryView query={tasks} what="task runs">
      {({ results, count, pages }) =>
        count === 0 ? (
          <EmptyState title="No task runs">Tasks the flow calls appear here as they run.</EmptyState>
        ) : (
          <div data-testid="task-runs">
            <TableScroll label="Task runs">
              <table className="table">
                <thead>
                  <tr>
                    <th>Task run</th>
                    <th>State</th>
                    <th>Start</th>
                    <th>Duration</th>
                    <th>Tags</th>
                  </tr>
                </thead>
                <tbody>
                  {results.map((task) => (
                    <tr key={task.id} data-task-run={task.name}>
                      <td className="mono">
                        <Link to={paths.taskRun(task.id)}>{task.name}</Link>
                      </td>
                      <td title={task.state?.message ?? undefined}>
                        <StateBadge type={task.state_type} name={task.state_name} />
                      </td>
                      <td>
                        <DateTime value={task.start_time} />
                      </td>
                      <td>
                        {task.start_time
                          ? formatDuration(
                              task.end_time
                                ? (Date.parse(task.end_time) - Date.parse(task.start_time)) / 1000
                                : (now - Date.parse(task.start_time)) / 1000,
                            )
                          : "—"}
                      </td>
                      <td className="wrap">
                        {task.tags.map((tag) => (
                          <span key={tag} className="tag">
                            {tag}
                          </span>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <Pager
              page={page}
              pages={pages}
              count={count}
              noun={count === 1 ? "task run" : "task runs"}
              onPage={setPage}
            />
          </div>
        )
      }
    </QueryView>
  );
}

/** The flow runs this run started as subflows (the graph names the task runs that stand for them). */
export function SubflowsTab({ flowRunId }: { flowRunId: string }) {
  const graph = useRunGraph(flowRunId);
  if (graph.error) return <ErrorMessage error={graph.error} title="Could not load subflow runs" />;
  if (!graph.data) return <Loading what="subflow runs" />;
  // The API filter takes at most 1000 ids; a run with more subflows shows the first 1000.
  const parents = graph.data.nodes
    .flatMap((node) => (node.kind === "flow-run" && node.parent_task_run_id ? [node.parent_task_run_id] : []))
    .slice(0, 1000);
  if (parents.length === 0)
    return (
      <EmptyState title="No subflow runs">
        Flows this flow calls appear here, each linked to its own run.
      </EmptyState>
    );
  return (
    <FlowRunList
      flowRuns={{ parent_task_run_id: { any_: parents } }}
      sort="START_TIME_ASC"
      emptyTitle="No subflow runs"
    />
  );
}

/** Everything else the API knows about the run. */
export function DetailsTab({ run, states }: { run: FlowRun; states: readonly State[] | undefined }) {
  const worker = claimedBy(states);
  const policy = run.empirical_policy;
  return (
    <section className="card">
      <dl className="details" data-testid="run-details">
        <dt>Run id</dt>
        <dd className="mono">{run.id}</dd>
        <dt>Flow</dt>
        <dd>
          <Link to={paths.flow(run.flow_id)}>{run.flow_name ?? run.flow_id}</Link>
          {run.flow_version && <span className="muted small"> · version {run.flow_version}</span>}
        </dd>
        <dt>Deployment</dt>
        <dd>
          <DeploymentLink id={run.deployment_id} />
          {run.deployment_version && <span className="muted small"> · version {run.deployment_version}</span>}
        </dd>
        <dt>Work pool / queue</dt>
        <dd>{run.work_pool_name ? `${run.work_pool_name} / ${run.work_queue_name ?? "—"}` : "—"}</dd>
        <dt>Claimed by</dt>
        <dd>{worker ?? "—"}</dd>
        <dt>Infrastructure</dt>
        <dd className="mono">{run.infrastructure_pid ?? "—"}</dd>
        <dt>Created</dt>
        <dd>
          <DateTime value={run.created} />
          {run.created_by && <span className="muted small"> by {run.created_by.display_value}</span>}
          {run.auto_scheduled && <span className="muted small"> · by a schedule</span>}
        </dd>
        <dt>Updated</dt>
        <dd>
          <DateTime value={run.updated} />
        </dd>
        <dt>Retries</dt>
        <dd>
          {policy.retries ? `${policy.retries}, ${policy.retry_delay ?? 0}s apart` : "none"}
          {policy.retry_type && <span className="muted small"> · {policy.retry_type}</span>}
        </dd>
        <dt>Idempotency key</dt>
        <dd className="mono">{run.idempotency_key ?? "—"}</dd>
        <dt>Tags</dt>
        <dd>
          {run.tags.length === 0
            ? "—"
            : run.tags.map((tag) => (
                <span key={tag} className="tag">
                  {tag}
                </span>
              ))}
        </dd>
        <dt>Labels</dt>
        <dd className="mono">
          {Object.keys(run.labels).length
            ? Object.entries(run.labels)
                .map(([key, value]) => `${key}=${String(value)}`)
                .join(", ")
            : "—"}
        </dd>
      </dl>
    </section>
  );
}

/** Every state the run went through, oldest first, with how long it stayed in each. */
export function StateHistory({ states, error }: { states: readonly State[] | undefined; error: unknown }) {
  if (error) return <ErrorMessage error={error} title="Could not load the state history" />;
  if (!states) return <Loading what="states" />;
  if (states.length === 0) return <EmptyState title="No states yet" />;
  const ordered = [...states].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  return (
    <TableScroll label="State history">
      <table className="table" data-testid="state-history">
        <thead>
          <tr>
            <th>State</th>
            <th>Type</th>
            <th>Time</th>
            <th>For</th>
            <th>Message</th>
          </tr>
        </thead>
        <tbody>
          {ordered.map((state, index) => {
            const next = ordered[index + 1];
            return (
              <tr key={state.id} data-state-row={state.type}>
                <td>
                  <StateBadge type={state.type} name={state.name} />
                </td>
                <td className="mono small">{state.type}</td>
                <td>
                  <DateTime value={state.timestamp} />
                </td>
                <td className="muted">
                  {next
                    ? formatDuration((Date.parse(next.timestamp) - Date.parse(state.timestamp)) / 1000)
                    : "—"}
                </td>
                <td className="wrap state-message">{state.message ?? <span className="muted">—</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
