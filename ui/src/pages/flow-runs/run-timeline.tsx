/**
 * @module The run's timeline: its task runs and subflow runs as bars on a time axis from the run's
 * start to its end (or now, growing, while it runs), coloured by state, with a bar per attempt for
 * a retried task run. A subflow's bar links to its own run page.
 */
import { useMemo } from "react";
import type { FlowRun } from "../../../../src/api/flow-runs.js";
import { type GraphNode, MAX_GRAPH_NODES } from "../../../../src/api/run-views.js";
import { MAX_STATE_FILTER_RUNS } from "../../../../src/api/task-runs.js";
import { isTerminal } from "../../../../src/core/states.js";
import { useApi } from "../../api/client.js";
import { useNow } from "../../api/live.js";
import { ErrorMessage, Loading } from "../../components/messages.js";
import { type Attempt, attemptsOf, statesByTaskRun } from "../task-runs/attempts.js";
import { TimelineChart } from "./timeline-chart.js";
import { timelineNodes, timelineSpan } from "./timeline-scale.js";

/** The graph of a run (shared by the timeline and the tabs that count its nodes). */
export function useRunGraph(flowRunId: string) {
  return useApi("readFlowRunGraph", { params: { id: flowRunId } });
}

const NO_ATTEMPTS: ReadonlyMap<string, readonly Attempt[]> = new Map();

/**
 * The attempts of the retried task runs among `nodes`, by task-run id: one request for all of them
 * (the first 200; later ones are drawn as one bar), none when nothing was retried.
 */
export function useRetriedAttempts(nodes: readonly GraphNode[]): ReadonlyMap<string, readonly Attempt[]> {
  const ids = nodes
    .filter((node) => node.kind === "task-run" && node.run_count > 1)
    .slice(0, MAX_STATE_FILTER_RUNS)
    .map((node) => node.id);
  const states = useApi(
    "filterTaskRunStates",
    { body: { task_run_id: { any_: ids } } },
    { enabled: ids.length > 0, placeholderData: (previous) => previous },
  );
  const data = ids.length > 0 ? states.data : undefined;
  return useMemo(() => {
    if (!data) return NO_ATTEMPTS;
    const attempts = new Map<string, readonly Attempt[]>();
    for (const [id, group] of statesByTaskRun(data)) attempts.set(id, attemptsOf(group));
    return attempts;
  }, [data]);
}

/** The timeline card's content. */
export function RunTimeline({ run }: { run: FlowRun }) {
  const graph = useRunGraph(run.id);
  // Bars of a finished run do not grow: no need to redraw (perhaps thousands of) rows every second.
  const now = useNow(run.end_time === null ? 1000 : 3_600_000);
  const attempts = useRetriedAttempts(graph.data?.nodes ?? []);
  if (graph.error) return <ErrorMessage error={graph.error} title="Could not load the timeline" />;
  if (!graph.data) return <Loading what="timeline" />;
  const nodes = timelineNodes(graph.data.nodes);
  const over = run.state_type !== null && isTerminal(run.state_type);
  if (nodes.length === 0)
    return (
      <div className="timeline-empty muted" data-testid="timeline-empty">
        {over
          ? "This run had no task runs or subflows."
          : run.start_time
            ? "No task runs yet — they appear here as the run starts them."
            : "The run has not started yet; its task runs will appear here as they start."}
      </div>
    );
  const span = timelineSpan(run, nodes, now);
  return (
    <div data-testid="timeline" data-nodes={nodes.length}>
      <TimelineChart nodes={nodes} span={span} now={now} attempts={attempts} />
      <div className="row small muted timeline-footer">
        <span>
          {nodes.filter((node) => node.kind === "task-run").length} task runs ·{" "}
          {nodes.filter((node) => node.kind === "flow-run").length} subflow runs
        </span>
        {graph.data.truncated && (
          <span className="timeline-truncated" data-testid="timeline-truncated">
            Only the first {MAX_GRAPH_NODES.toLocaleString()} are drawn; the Task runs tab lists them all.
          </span>
        )}
      </div>
    </div>
  );
}
