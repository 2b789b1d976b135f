/**
 * @module The table of flow runs used on every page that lists runs (runs, flow, deployment, work
 * pool, work queue pages): paged through `POST /flow_runs/paginate`, optionally selectable.
 */
import { useState } from "react";
import { Link } from "react-router";
import type { FlowFilter, FlowRunFilter } from "../../../src/api/filters.js";
import type { FlowRun } from "../../../src/api/flow-runs.js";
import { useApi } from "../api/client.js";
import { EmptyState, ErrorMessage, Loading } from "./messages.js";
import { Pager } from "./pager.js";
import { StateBadge } from "./state-badge.js";
import { DateTime, formatDuration, RelativeTime } from "./time.js";
import { TableScroll } from "./table-scroll.js";

/** Orders a list of runs can be shown in (the API's `FlowRunSort`). */
export type FlowRunSort =
  | "EXPECTED_START_TIME_DESC"
  | "EXPECTED_START_TIME_ASC"
  | "START_TIME_DESC"
  | "START_TIME_ASC"
  | "NAME_ASC"
  | "NAME_DESC"
  | "END_TIME_DESC"
  | "ID_DESC";

export interface FlowRunListProps {
  readonly flowRuns?: FlowRunFilter;
  readonly flows?: FlowFilter;
  readonly sort?: FlowRunSort;
  readonly pageSize?: number;
  /** Controlled page (1-based); uncontrolled when absent. */
  readonly page?: number;
  readonly onPage?: (page: number) => void;
  /** Shows checkboxes; `selected` holds the chosen run ids. */
  readonly selected?: ReadonlySet<string>;
  /** The new selection, and the runs of the page shown (to look the selected ones up). */
  readonly onSelect?: (ids: Set<string>, runs: readonly FlowRun[]) => void;
  /** Hide columns the page already implies. */
  readonly hide?: readonly ("flow" | "deployment" | "pool")[];
  readonly emptyTitle?: string;
  readonly emptyHelp?: React.ReactNode;
}

/**
 * The page of runs a {@link FlowRunList} with these props shows. Pages that need to know when the
 * list has loaded (for `data-ready`) or how many runs match call it too: the query is shared.
 */
export function useFlowRunPage(
  props: Pick<FlowRunListProps, "flowRuns" | "flows" | "sort" | "pageSize">,
  page: number,
) {
  return useApi(
    "paginateFlowRuns",
    {
      body: {
        flows: props.flows,
        flow_runs: props.flowRuns,
        sort: props.sort ?? "EXPECTED_START_TIME_DESC",
        limit: props.pageSize ?? 50,
        page,
      },
    },
    // Paging keeps the previous page on screen until the next one arrives, instead of a flash.
    { placeholderData: (previous) => previous },
  );
}

/** A page of flow runs with their state, flow, deployment, pool, timing and tags. */
export function FlowRunList(props: FlowRunListProps) {
  const [ownPage, setOwnPage] = useState(1);
  const page = props.page ?? ownPage;
  const setPage = props.onPage ?? setOwnPage;
  const query = useFlowRunPage(props, page);
  const results = query.data?.results ?? [];
  const deploymentNames = useDeploymentNames(props.hide?.includes("deployment") ? [] : results);
  if (query.error) return <ErrorMessage error={query.error} title="Could not load flow runs" />;
  if (!query.data) return <Loading what="flow runs" />;
  const { count, pages } = query.data;
  if (count === 0 && page <= 1)
    return (
      <EmptyState title={props.emptyTitle ?? "No flow runs"}>
        {props.emptyHelp ?? "Runs appear here as soon as they are created."}
      </EmptyState>
    );
  const hide = new Set(props.hide ?? []);
  const selectable = props.selected !== undefined && props.onSelect !== undefined;
  const selected = props.selected ?? new Set<string>();
  const allSelected = selectable && results.length > 0 && results.every((run) => selected.has(run.id));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    props.onSelect?.(next, results);
  };
  // "All" means this page: runs chosen on other pages stay chosen.
  const toggleAll = () => {
    const next = new Set(selected);
    for (const run of results) {
      if (allSelected) next.delete(run.id);
      else next.add(run.id);
    }
    props.onSelect?.(next, results);
  };
  return (
    <div data-testid="flow-run-list" data-count={count} aria-busy={query.isPlaceholderData}>
      <TableScroll label="Flow runs">
        <table className="table">
          <thead>
            <tr>
              {selectable && (
                <th style={{ width: 28 }}>
                  <input
                    type="checkbox"
                    aria-label="Select all runs on this page"
                    checked={allSelected}
                    onChange={toggleAll}
                  />
                </th>
              )}
              <th>Run</th>
              <th>State</th>
              {!hide.has("flow") && <th>Flow</th>}
              {!hide.has("deployment") && <th>Deployment</th>}
              {!hide.has("pool") && <th>Work pool</th>}
              <th>Start</th>
              <th>Duration</th>
              <th>Tags</th>
            </tr>
          </thead>
          <tbody>
            {results.length === 0 && (
              <tr>
                <td colSpan={9} className="muted">
                  No runs on this page.
                </td>
              </tr>
            )}
            {results.map((run) => (
              <tr key={run.id} data-run-id={run.id} data-run-name={run.name}>
                {selectable && (
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select ${run.name}`}
                      checked={selected.has(run.id)}
                      onChange={() => toggle(run.id)}
                    />
                  </td>
                )}
                <td>
                  <Link to={`/runs/flow-run/${run.id}`}>{run.name}</Link>
                </td>
                <td title={run.state?.message ?? undefined} data-testid="run-state">
                  <StateBadge type={run.state_type} name={run.state_name} />
                </td>
                {!hide.has("flow") && (
                  <td>
                    <Link to={`/flows/flow/${run.flow_id}`}>{run.flow_name ?? "—"}</Link>
                  </td>
                )}
                {!hide.has("deployment") && (
                  <td>
                    {run.deployment_id ? (
                      <Link to={`/deployments/deployment/${run.deployment_id}`}>
                        {deploymentNames.get(run.deployment_id) ?? "deployment"}
                      </Link>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                )}
                {!hide.has("pool") && (
                  <td>
                    {run.work_pool_name ? (
                      <Link to={`/work-pools/work-pool/${encodeURIComponent(run.work_pool_name)}`}>
                        {run.work_pool_name}
                      </Link>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                )}
                <td>
                  {run.start_time ? (
                    <DateTime value={run.start_time} />
                  ) : (
                    <span className="muted">
                      expected <RelativeTime value={run.expected_start_time} empty="—" />
                    </span>
                  )}
                </td>
                <td>
                  {run.start_time ? formatDuration(run.estimated_run_time) : <span className="muted">—</span>}
                </td>
                <td className="wrap">
                  {run.tags.map((tag) => (
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
      <Pager page={page} pages={pages} count={count} noun={count === 1 ? "run" : "runs"} onPage={setPage} />
    </div>
  );
}

/** Names of the deployments of `runs`, in one `filterDeployments` call for the whole page. */
function useDeploymentNames(runs: readonly FlowRun[]): ReadonlyMap<string, string> {
  // Sorted so that the same set of deployments is the same query, whatever the row order.
  const ids = [...new Set(runs.flatMap((run) => (run.deployment_id ? [run.deployment_id] : [])))]
    .sort()
    .slice(0, 200);
  const deployments = useApi(
    "filterDeployments",
    { body: { deployments: { id: { any_: ids } }, limit: 200 } },
    { enabled: ids.length > 0, placeholderData: (previous) => previous },
  );
  return new Map((deployments.data ?? []).map((deployment) => [deployment.id, deployment.name]));
}
