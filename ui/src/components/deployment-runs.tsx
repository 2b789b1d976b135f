/**
 * @module Each deployment's last run and next run, for tables of deployments, split as every list
 * of runs splits them (components/run-views.tsx): the last run is the newest that started or was
 * due (a Quick run waiting for a worker counts; a run planned for later never does), the next run
 * the soonest one still to come. Each is read in one request for the whole table; a
 * deployment whose runs fell outside that batch (others ran, or are planned, far more often) asks
 * for its own.
 */
import { Link } from "react-router";
import type { FlowRunFilter } from "../../../src/api/filters.js";
import type { FlowRun } from "../../../src/api/flow-runs.js";
import { useApi } from "../api/client.js";
import { paths } from "../app/paths.js";
import { useSplitMoment, whenFilter } from "./run-views.js";
import { StateBadge } from "./state-badge.js";
import { RelativeTime } from "./time.js";

/** The newest run that started or was due, or the soonest one still to come. */
export type WhichRun = "last" | "next";

const BATCH = 200;

/** The runs of `ids` a column picks from, in the order that puts each one's pick first. */
function request(which: WhichRun, ids: string[], at: string, limit: number) {
  const flow_runs: FlowRunFilter = {
    deployment_id: { any_: ids },
    ...whenFilter(which === "last" ? "past" : "upcoming", at),
  };
  const sort = which === "last" ? "EXPECTED_START_TIME_DESC" : "EXPECTED_START_TIME_ASC";
  return { body: { flow_runs, sort, limit } as const };
}

/** Whether `run` is a better pick than `current` for the column. */
function better(which: WhichRun, run: FlowRun, current: FlowRun): boolean {
  const [a, b] = [expected(run), expected(current)];
  return which === "last" ? a > b : a < b;
}

const expected = (run: FlowRun) => Date.parse(run.expected_start_time ?? run.created);

/** What the batch knows: each deployment's pick; `complete` when a missing one has none. */
export interface DeploymentRuns {
  readonly which: WhichRun;
  readonly byDeployment: ReadonlyMap<string, FlowRun>;
  readonly complete: boolean;
  readonly loaded: boolean;
}

/** The last or next runs of the deployments `ids`, in one request. */
export function useDeploymentRuns(which: WhichRun, ids: string[]): DeploymentRuns {
  const at = useSplitMoment();
  const batch = useApi("filterFlowRuns", request(which, ids, at, BATCH), {
    enabled: ids.length > 0,
    placeholderData: (previous) => previous,
  });
  const byDeployment = new Map<string, FlowRun>();
  for (const run of batch.data ?? []) {
    if (!run.deployment_id) continue;
    const current = byDeployment.get(run.deployment_id);
    if (!current || better(which, run, current)) byDeployment.set(run.deployment_id, run);
  }
  return {
    which,
    byDeployment,
    complete: (batch.data?.length ?? 0) < BATCH,
    loaded: batch.data !== undefined,
  };
}

/** A run's state and when it started (or was due), linking to it. */
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

/** One deployment's cell: from the batch, or from its own request when the batch was full. */
export function DeploymentRunCell({ deploymentId, runs }: { deploymentId: string; runs: DeploymentRuns }) {
  const at = useSplitMoment();
  const fromBatch = runs.byDeployment.get(deploymentId);
  const own = useApi("filterFlowRuns", request(runs.which, [deploymentId], at, 1), {
    enabled: runs.loaded && !fromBatch && !runs.complete,
  });
  const run = fromBatch ?? own.data?.[0];
  const testId = runs.which === "last" ? "last-run" : "next-run";
  if (!run)
    return (
      <span className="muted" data-testid={testId}>
        {!runs.loaded ? "…" : runs.which === "last" ? "Never run" : "None scheduled"}
      </span>
    );
  if (runs.which === "last")
    return (
      <span data-testid={testId} data-run-name={run.name}>
        <RunSummary run={run} />
      </span>
    );
  return (
    <Link to={paths.flowRun(run.id)} data-testid={testId} data-run-name={run.name}>
      <RelativeTime value={run.expected_start_time} empty="" />
    </Link>
  );
}
