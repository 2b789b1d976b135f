/**
 * @module The table of flow runs used on every page that lists runs (runs, flow, deployment, work
 * pool, work queue pages): paged through `POST /flow_runs/paginate`, optionally selectable. It
 * shows the runs that started or were due, or the upcoming ones (components/run-views.tsx): a page
 * that does not choose gets a Past / Upcoming switch kept in the URL, shown once there is an
 * upcoming run to switch to.
 */
import { useState } from "react";
import { Link } from "react-router";
import type { FlowFilter, FlowRunFilter } from "../../../src/api/filters.js";
import type { FlowRun } from "../../../src/api/flow-runs.js";
import { useApi } from "../api/client.js";
import { RunViewSwitch, type RunsWhen, useRunsWhenParam, useSplitMoment, whenFilter } from "./run-views.js";
import { EmptyState, ErrorMessage, Loading } from "./messages.js";
import { Pager } from "./pager.js";
import { StateBadge } from "./state-badge.js";
import { DateTime, formatDuration, RelativeTime, ZoneNote } from "./time.js";
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
  /** Newest first for past runs, soonest first for upcoming ones, unless given. */
  readonly sort?: FlowRunSort;
  readonly pageSize?: number;
  /** Past or upcoming runs, as the page chose; without it the list has its own switch. */
  readonly when?: RunsWhen;
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
  props: Pick<FlowRunListProps, "flowRuns" | "flows" | "sort" | "pageSize"> & { when: RunsWhen },
  page: number,
) {
  const at = useSplitMoment();
  return useApi(
    "paginateFlowRuns",
    {
      body: {
        flows: props.flows,
        flow_runs: { ...props.flowRuns, ...whenFilter(props.when, at) },
        sort: props.sort ?? defaultSort(props.when),
        limit: props.pageSize ?? 50,
        page,
      },
    },
    // Paging keeps the previous page on screen until the next one arrives, instead of a flash.
    { placeholderData: (previous) => previous },
  );
}

/** The order a view is listed in when the page does not choose one. */
export function defaultSort(when: RunsWhen): FlowRunSort {
  return when === "upcoming" ? "EXPECTED_START_TIME_ASC" : "EXPECTED_START_TIME_DESC";
}

/** A page of flow runs, past or upcoming; with the Past / Upcoming switch unless the page chose. */
export function FlowRunList(props: FlowRunListProps) {
  const [fromUrl, setWhen] = useRunsWhenParam();
  const own = props.when === undefined;
  const when = props.when ?? fromUrl;
  const [ownPage, setOwnPage] = useState({ when, page: 1 });
  // A list of its own starts again at page 1 when its view changes.
  const page = props.page ?? (ownPage.when === when ? ownPage.page : 1);
  const setPage = props.onPage ?? ((next: number) => setOwnPage({ when, page: next }));
  const upcoming = useUpcomingCount(props, own);
  const views = own && (when === "upcoming" || (upcoming ?? 0) > 0) && (
    <div className="run-views">
      <RunViewSwitch value={when} onChange={setWhen} upcomingCount={upcoming} />
    </div>
  );
  return (
    <>
      {views}
      <RunTable {...props} when={when} page={page} onPage={setPage} own={own} />
    </>
  );
}

/** How many upcoming runs a list of its own has (one count, none when the page chose its view). */
function useUpcomingCount(props: FlowRunListProps, enabled: boolean): number | undefined {
  const at = useSplitMoment();
  const count = useApi(
    "countFlowRuns",
    { body: { flows: props.flows, flow_runs: { ...props.flowRuns, ...whenFilter("upcoming", at) } } },
    { enabled, placeholderData: (previous) => previous },
  );
  return enabled ? count.data : undefined;
}

/** The table itself, with its pager. */
function RunTable(
  props: FlowRunListProps & { when: RunsWhen; page: number; onPage: (page: number) => void; own: boolean },
) {
  const { page, when } = props;
  const setPage = props.onPage;
  const query = useFlowRunPage(props, page);
  const results = query.data?.results ?? [];
  const deploymentNames = useDeploymentNames(props.hide?.includes("deployment") ? [] : results);
  if (query.error) return <ErrorMessage error={query.error} title="Could not load flow runs" />;
  if (!query.data) return <Loading what="flow runs" />;
  const { count, pages } = query.data;
  if (count === 0 && page <= 1) {
    // The page's words describe its default view; the upcoming view of a list of its own has its own.
    const generic = props.own && when === "upcoming";
    return (
      <EmptyState title={generic ? "No upcoming runs" : (props.emptyTitle ?? "No flow runs")}>
        {generic
          ? "Scheduled runs show here, soonest first, until they are due."
          : (props.emptyHelp ?? "Runs appear here as soon as they are created.")}
      </EmptyState>
    );
  }
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
    <div data-testid="flow-run-list" data-count={count} data-view={when} aria-busy={query.isPlaceholderData}>
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
              <th>
                Start <ZoneNote />
              </th>
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
