/**
 * @module A flow's recent runs on the flows list: the last run (state and time) and a strip of the
 * latest runs, one coloured bar each, from one request per visible flow.
 */
import { Link } from "react-router";
import type { FlowRun } from "../../../../src/api/flow-runs.js";
import { useApi } from "../../api/client.js";
import { paths } from "../../app/paths.js";
import { StateBadge, stateColour } from "../../components/state-badge.js";
import { formatDateTime, formatDuration, RelativeTime } from "../../components/time.js";

/** How many runs the strip shows. */
export const RECENT_RUNS = 12;

/** The latest started runs of `flowId`, newest first. */
export function useRecentRuns(flowId: string) {
  return useApi("filterFlowRuns", {
    body: {
      flow_runs: { flow_id: { any_: [flowId] }, start_time: { is_null_: false } },
      sort: "START_TIME_DESC",
      limit: RECENT_RUNS,
    },
  });
}

/** State badge, name link and "3m ago" of the newest run. */
export function LastRun({ run }: { run: FlowRun | undefined }) {
  if (!run) return <span className="muted">never run</span>;
  return (
    <span className="row last-run" data-testid="last-run">
      <StateBadge type={run.state_type} name={run.state_name} />
      <Link to={paths.flowRun(run.id)}>{run.name}</Link>
      <span className="muted">
        <RelativeTime value={run.start_time} />
      </span>
    </span>
  );
}

/** Oldest → newest, left to right, like a timeline; each bar links to its run, taller when longer. */
export function RunStrip({ runs }: { runs: readonly FlowRun[] }) {
  if (runs.length === 0) return <span className="muted">—</span>;
  const ordered = [...runs].reverse();
  // Bar height shows duration relative to the longest of these runs (nearly half at least, so short
  // runs stay visible and clickable).
  const longest = Math.max(...runs.map((run) => run.estimated_run_time), 0.001);
  return (
    <span className="run-strip" data-testid="run-strip" aria-label={`Last ${runs.length} runs`}>
      {Array.from({ length: RECENT_RUNS - ordered.length }, (_, index) => (
        <i key={`empty-${index}`} className="run-strip-empty" />
      ))}
      {ordered.map((run) => (
        <Link
          key={run.id}
          to={paths.flowRun(run.id)}
          title={`${run.name}: ${run.state_name ?? "no state"} · ${formatDateTime(run.start_time)} · ${formatDuration(run.estimated_run_time)}`}
          data-state={run.state_type ?? ""}
          style={{
            background: stateColour(run.state_type ?? "PENDING", run.state_name ?? undefined),
            height: `${Math.round(45 + (55 * run.estimated_run_time) / longest)}%`,
          }}
        />
      ))}
    </span>
  );
}
