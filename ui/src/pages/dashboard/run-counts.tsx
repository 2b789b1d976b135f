/** @module The dashboard's three numbers — failed, late, running — each a link to those runs. */
import { Link } from "react-router";
import type { FlowRunFilter } from "../../../../src/api/filters.js";
import { useApi } from "../../api/client.js";
import { paths } from "../../app/paths.js";

/** One count: the number, what it counts, and the list of those runs behind a link. */
function Count({
  label,
  filter,
  to,
  tone,
  testId,
}: {
  label: string;
  filter: FlowRunFilter;
  to: string;
  tone: string;
  testId: string;
}) {
  const count = useApi("countFlowRuns", { body: { flow_runs: filter } });
  const value = count.data;
  return (
    <Link
      to={to}
      className={`card stat count-card count-${tone}${value ? " nonzero" : ""}`}
      data-testid={testId}
      data-count={value ?? ""}
    >
      <span className="stat-label">{label}</span>
      <span className="stat-value">
        {count.error ? "?" : value === undefined ? "…" : value.toLocaleString()}
      </span>
      {count.error ? <span className="small error-text">{count.error.message}</span> : null}
    </Link>
  );
}

/**
 * Failed (FAILED or CRASHED, expected to start within the range), Late and Running (now). These
 * are the exact count bodies the dashboard benchmark measures; change them together.
 */
export function RunCounts({
  rangeId,
  rangeLabel,
  start,
}: {
  rangeId: string;
  rangeLabel: string;
  start: string;
}) {
  return (
    <div className="grid dashboard-counts">
      <Count
        label={`Failed · ${rangeLabel.toLowerCase()}`}
        filter={{ state: { type: { any_: ["FAILED", "CRASHED"] } }, expected_start_time: { after_: start } }}
        to={`${paths.flowRuns()}?state=FAILED,CRASHED&range=${rangeId}`}
        tone="failed"
        testId="count-failed"
      />
      <Count
        label="Late now"
        filter={{ state: { name: { any_: ["Late"] } } }}
        to={`${paths.flowRuns()}?state=Late`}
        tone="late"
        testId="count-late"
      />
      <Count
        label="Running now"
        filter={{ state: { type: { any_: ["RUNNING"] } } }}
        to={`${paths.flowRuns()}?state=RUNNING`}
        tone="running"
        testId="count-running"
      />
    </div>
  );
}
