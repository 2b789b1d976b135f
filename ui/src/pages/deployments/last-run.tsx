/**
 * @module The last run of each deployment in a list, read in two requests for the whole page: the
 * newest runs of its deployments that are past Scheduled, and their manual runs still waiting to
 * start (a Quick run with no worker yet counts; the scheduler's future runs do not). A deployment
 * whose runs fell outside the first batch (others ran far more often) asks for its own.
 */
import type { FlowRun } from "../../../../src/api/flow-runs.js";
import type { FlowRunFilter } from "../../../../src/api/filters.js";
import { Link } from "react-router";
import { useApi } from "../../api/client.js";
import { paths } from "../../app/paths.js";
import { StateBadge } from "../../components/state-badge.js";
import { RelativeTime } from "../../components/time.js";

const BATCH = 200;

function lastRunFilter(ids: string[]): FlowRunFilter {
  return { deployment_id: { any_: ids }, state: { type: { not_any_: ["SCHEDULED"] } } };
}

function waitingManualFilter(ids: string[]): FlowRunFilter {
  return {
    deployment_id: { any_: ids },
    state: { type: { any_: ["SCHEDULED"] } },
    auto_scheduled: { eq_: false },
  };
}

const expected = (run: FlowRun) => Date.parse(run.expected_start_time ?? run.created);

/** What the batch knows: each deployment's last run; `complete` when a missing one has none. */
export interface LastRuns {
  readonly byDeployment: ReadonlyMap<string, FlowRun>;
  readonly complete: boolean;
  readonly loaded: boolean;
}

/** The last runs of `ids`, in two requests. */
export function useLastRuns(ids: string[]): LastRuns {
  const options = { enabled: ids.length > 0, placeholderData: (previous: FlowRun[] | undefined) => previous };
  const body = (flow_runs: FlowRunFilter) => ({
    body: { flow_runs, sort: "EXPECTED_START_TIME_DESC" as const, limit: BATCH },
  });
  const finished = useApi("filterFlowRuns", body(lastRunFilter(ids)), options);
  const waiting = useApi("filterFlowRuns", body(waitingManualFilter(ids)), options);
  const byDeployment = new Map<string, FlowRun>();
  for (const run of [...(finished.data ?? []), ...(waiting.data ?? [])]) {
    const current = run.deployment_id ? byDeployment.get(run.deployment_id) : undefined;
    if (run.deployment_id && (!current || expected(run) > expected(current)))
      byDeployment.set(run.deployment_id, run);
  }
  return {
    byDeployment,
    complete: (finished.data?.length ?? 0) < BATCH,
    loaded: finished.data !== undefined && waiting.data !== undefined,
  };
}

/** A run's state and when it started (or was expected), linking to it. */
export function RunSummary({ run }: { run: FlowRun }) {
  return (
    <span className="row" style={{ flexWrap: "nowrap" }}>
      <Link to={paths.flowRun(run.id)} title={run.name}>
        <StateBadge type={run.state_type} name={run.state_name} />
      </Link>
      <RelativeTime value={run.start_time ?? run.expected_start_time} empty="" />
    </span>
  );
}

/** The cell of one deployment: from the batch, or from its own request when the batch was full. */
export function LastRunCell({ deploymentId, lastRuns }: { deploymentId: string; lastRuns: LastRuns }) {
  const fromBatch = lastRuns.byDeployment.get(deploymentId);
  const own = useApi(
    "filterFlowRuns",
    { body: { flow_runs: lastRunFilter([deploymentId]), sort: "EXPECTED_START_TIME_DESC", limit: 1 } },
    { enabled: lastRuns.loaded && !fromBatch && !lastRuns.complete },
  );
  const run = fromBatch ?? own.data?.[0];
  if (run) return <RunSummary run={run} />;
  if (!lastRuns.loaded) return <span className="muted">…</span>;
  return <span className="muted">Never run</span>;
}
