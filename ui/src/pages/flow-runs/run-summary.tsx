/** @module The run page's summary: when it ran (live while it runs) and what it belongs to. */
import { Link } from "react-router";
import type { FlowRun } from "../../../../src/api/flow-runs.js";
import type { State } from "../../../../src/api/states.js";
import { useApi } from "../../api/client.js";
import { useNow } from "../../api/live.js";
import { DateTime, formatDuration, RelativeTime } from "../../components/time.js";
import { paths } from "../../app/paths.js";
import { useRunGraph } from "./run-timeline.js";

/** Seconds the run has spent running: its recorded total, plus the current stretch while RUNNING. */
export function runSeconds(run: FlowRun, now: number): number {
  if (run.state_type !== "RUNNING" || !run.state) return run.total_run_time;
  return run.total_run_time + Math.max(0, (now - Date.parse(run.state.timestamp)) / 1000);
}

/** The worker that claimed the run, from its PENDING state (the claim records it). */
export function claimedBy(states: readonly State[] | undefined): string | undefined {
  const claim = [...(states ?? [])]
    .reverse()
    .find((state) => typeof state.state_details.claimed_by === "string");
  return claim?.state_details.claimed_by as string | undefined;
}

/** Timing and links, side by side. */
export function RunSummary({ run, states }: { run: FlowRun; states: readonly State[] | undefined }) {
  const now = useNow();
  const running = run.state_type === "RUNNING";
  const worker = claimedBy(states);
  return (
    <div className="grid run-summary">
      <section className="card">
        <h2>Timing</h2>
        <dl className="details" data-testid="run-timing">
          <dt>Expected start</dt>
          <dd>
            <DateTime value={run.expected_start_time} />{" "}
            <span className="muted small">
              (<RelativeTime value={run.expected_start_time} empty="—" />)
            </span>
          </dd>
          <dt>Started</dt>
          <dd>
            {run.start_time ? <DateTime value={run.start_time} /> : <span className="muted">not yet</span>}
          </dd>
          <dt>Ended</dt>
          <dd>
            {run.end_time ? (
              <DateTime value={run.end_time} />
            ) : (
              <span className="muted">{running ? "still running" : "—"}</span>
            )}
          </dd>
          <dt>{running ? "Running for" : "Duration"}</dt>
          <dd data-testid="run-duration">
            {run.start_time ? formatDuration(runSeconds(run, now)) : <span className="muted">—</span>}
          </dd>
          <dt>Run count</dt>
          <dd>{run.run_count}</dd>
        </dl>
      </section>
      <section className="card">
        <h2>Where it runs</h2>
        <dl className="details" data-testid="run-links">
          <dt>Deployment</dt>
          <dd>
            <DeploymentLink id={run.deployment_id} />
          </dd>
          <dt>Work pool</dt>
          <dd>
            {run.work_pool_name ? (
              <Link to={paths.workPool(run.work_pool_name)}>{run.work_pool_name}</Link>
            ) : (
              <span className="muted">—</span>
            )}
          </dd>
          <dt>Work queue</dt>
          <dd>
            {run.work_pool_name && run.work_queue_name ? (
              <Link to={paths.workQueue(run.work_pool_name, run.work_queue_name)}>{run.work_queue_name}</Link>
            ) : (
              <span className="muted">—</span>
            )}
          </dd>
          <dt>Worker</dt>
          <dd>
            {worker && run.work_pool_name ? (
              <Link to={`${paths.workPool(run.work_pool_name)}?tab=workers`}>{worker}</Link>
            ) : (
              (worker ?? <span className="muted">—</span>)
            )}
            {run.infrastructure_pid && (
              <span className="muted small"> · process {run.infrastructure_pid}</span>
            )}
          </dd>
          {run.created_by && (
            <>
              <dt>Created by</dt>
              <dd>
                {run.created_by.display_value}{" "}
                <span className="muted small">({run.created_by.type.toLowerCase()})</span>
              </dd>
            </>
          )}
          <dt>Parent run</dt>
          <dd>
            <ParentRunLink taskRunId={run.parent_task_run_id} />
          </dd>
          <dt>Subflows</dt>
          <dd>
            <SubflowCount flowRunId={run.id} />
          </dd>
        </dl>
      </section>
    </div>
  );
}

/** The deployment's name, linked. */
export function DeploymentLink({ id }: { id: string | null }) {
  const deployment = useApi("readDeployment", { params: { id: id ?? "" } }, { enabled: id !== null });
  if (!id) return <span className="muted">— (run directly, not from a deployment)</span>;
  return <Link to={paths.deployment(id)}>{deployment.data?.name ?? "deployment"}</Link>;
}

/** The run that started this one as a subflow: its task run names the parent flow run. */
function ParentRunLink({ taskRunId }: { taskRunId: string | null }) {
  const task = useApi("readTaskRun", { params: { id: taskRunId ?? "" } }, { enabled: taskRunId !== null });
  const parentId = task.data?.flow_run_id ?? null;
  const parent = useApi("readFlowRun", { params: { id: parentId ?? "" } }, { enabled: parentId !== null });
  if (!taskRunId) return <span className="muted">—</span>;
  if (!parentId) return <span className="muted">{task.error ? "unknown (its task run is gone)" : "…"}</span>;
  return (
    <Link to={paths.flowRun(parentId)} data-testid="parent-run">
      {parent.data?.name ?? "parent run"}
    </Link>
  );
}

/** How many subflow runs this run started (from its graph), with a link to the tab listing them. */
function SubflowCount({ flowRunId }: { flowRunId: string }) {
  const graph = useRunGraph(flowRunId);
  const count = graph.data?.nodes.filter((node) => node.kind === "flow-run").length;
  if (count === undefined) return <span className="muted">…</span>;
  if (count === 0) return <span className="muted">none</span>;
  return <Link to="?tab=subflows">{`${count} subflow run${count === 1 ? "" : "s"}`}</Link>;
}
