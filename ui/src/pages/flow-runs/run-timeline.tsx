/**
 * @module The run's timeline: its task runs and subflow runs as bars on a time axis from the run's
 * start to its end (or now, growing, while it runs), coloured by state. A subflow's bar links to
 * its own run page.
 */
import type { FlowRun } from "../../../../src/api/flow-runs.js";
import { MAX_GRAPH_NODES } from "../../../../src/api/run-views.js";
import { isTerminal } from "../../../../src/core/states.js";
import { useApi } from "../../api/client.js";
import { useNow } from "../../api/live.js";
import { ErrorMessage, Loading } from "../../components/messages.js";
import { TimelineChart } from "./timeline-chart.js";
import { timelineNodes, timelineSpan } from "./timeline-scale.js";

/** The graph of a run (shared by the timeline and the tabs that count its nodes). */
export function useRunGraph(flowRunId: string) {
  return useApi("readFlowRunGraph", { params: { id: flowRunId } });
}

/** The timeline card's content. */
export function RunTimeline({ run }: { run: FlowRun }) {
  const graph = useRunGraph(run.id);
  // Bars of a finished run do not grow: no need to redraw (perhaps thousands of) rows every second.
  const now = useNow(run.end_time === null ? 1000 : 3_600_000);
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
      <TimelineChart nodes={nodes} span={span} now={now} />
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
