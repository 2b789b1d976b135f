/**
 * @module `/runs`: every flow run, filtered, sorted and paged by what the URL says, with bulk cancel
 * and delete. Runs that started or were due are listed first; the upcoming ones are a view of their
 * own (`?view=upcoming`). Only one page of runs is ever fetched, so it stays fast with millions.
 */
import { useMemo, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import type { FlowRun } from "../../../../src/api/flow-runs.js";
import { useApi } from "../../api/client.js";
import { useNow } from "../../api/live.js";
import { useSplitMoment, whenFilter } from "../../components/run-views.js";
import { FlowRunList, useFlowRunPage } from "../../components/flow-run-list.js";
import { Notice } from "../../components/messages.js";
import { Page } from "../../components/page.js";
import { paths } from "../../app/paths.js";
import { BulkActions } from "./bulk-actions.js";
import { RunFilters } from "./run-filters.js";
import {
  hasFilters,
  parseRunsQuery,
  type RunsQuery,
  runsFilter,
  runsQueryString,
  sortOf,
  STATE_CHOICES,
} from "./runs-query.js";
import "./runs-list.css";

const PAGE_SIZE = 50;

/** The flow runs list. */
export function FlowRunsPage() {
  const [params, setParams] = useSearchParams();
  const query = parseRunsQuery(params);
  // A relative range ("last hour") moves with the clock: recomputed each minute, not each render.
  const minute = Math.floor(useNow(60_000) / 60_000);
  const filterKey = runsQueryString({ ...query, view: "past", page: 1, sort: "newest" });
  // The filter depends on the URL's filters and the minute only, so it is rebuilt when they change.
  const flowRuns = useMemo(() => runsFilter(query, minute * 60_000 + 59_999), [filterKey, minute]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const seen = useRef(new Map<string, FlowRun>());
  const list = useFlowRunPage(
    { flowRuns, sort: sortOf(query), pageSize: PAGE_SIZE, when: query.view },
    query.page,
  );

  const at = useSplitMoment();
  // The switch says how many are upcoming; in the upcoming view that is the list's own count.
  const upcoming = useApi(
    "countFlowRuns",
    { body: { flow_runs: { ...flowRuns, ...whenFilter("upcoming", at) } } },
    { enabled: query.view === "past", placeholderData: (previous) => previous },
  );
  const upcomingCount = query.view === "past" ? upcoming.data : list.data?.count;
  const update = (changes: Partial<RunsQuery>, resetSelection = true) => {
    // Based on the URL as it is now, not as it was at the last render: two quick edits (From,
    // then To) must not undo each other while the router is still applying the first.
    const latest = parseRunsQuery(new URLSearchParams(window.location.search));
    // Any change but paging starts again at page 1, and drops a selection made under other filters.
    const next = { ...latest, page: 1, ...changes };
    if (resetSelection) setSelected(new Set());
    setParams(new URLSearchParams(runsQueryString(next)));
  };
  const clear = () =>
    update({
      states: [],
      unknownStates: [],
      flow: "",
      deployment: "",
      pool: "",
      tags: [],
      range: "",
      after: "",
      before: "",
    });
  const filtered = hasFilters(query);
  const noun = `${query.view === "upcoming" ? "upcoming " : ""}${list.data?.count === 1 ? "run" : "runs"}`;

  return (
    <Page
      name="flow-runs"
      title="Flow runs"
      ready={list.data !== undefined || list.error !== null}
      actions={
        list.data && (
          <span className="muted" data-testid="runs-count">
            {list.data.count.toLocaleString()} {noun}
          </span>
        )
      }
    >
      {query.unknownStates.length > 0 && (
        <Notice tone="error" testId="unknown-states" onDismiss={() => update({ unknownStates: [] })}>
          <UnknownStates names={query.unknownStates} />
        </Notice>
      )}
      <RunFilters query={query} onChange={update} onClear={clear} upcomingCount={upcomingCount} />
      <BulkActions selected={selected} runs={seen.current} onDone={() => setSelected(new Set())} />
      <FlowRunList
        flowRuns={flowRuns}
        sort={sortOf(query)}
        when={query.view}
        pageSize={PAGE_SIZE}
        page={query.page}
        onPage={(page) => update({ page }, false)}
        selected={selected}
        onSelect={(ids, runs) => {
          for (const run of runs) seen.current.set(run.id, run);
          setSelected(ids);
        }}
        emptyTitle={
          filtered
            ? "No runs match these filters"
            : query.view === "upcoming"
              ? "No upcoming runs"
              : "No flow runs yet"
        }
        emptyHelp={
          filtered ? (
            <button type="button" onClick={clear}>
              Clear filters
            </button>
          ) : query.view === "upcoming" ? (
            "Runs that schedules or people planned for later show here, soonest first, until they are due."
          ) : (
            <>
              Run a deployment from the <Link to={paths.deployments()}>Deployments</Link> page or with{" "}
              <code>npx steward deployment run FLOW/DEPLOYMENT</code>, or run a flow directly with{" "}
              <code>npx steward flow run flows/hello.ts:hello</code>.
            </>
          )
        }
      />
    </Page>
  );
}

/** What the page says about states in the URL that no choice matches (they filter nothing). */
function UnknownStates({ names }: { names: readonly string[] }) {
  const quoted = names.map((name) => `“${name}”`).join(", ");
  return (
    <>
      <strong>
        Unknown {names.length === 1 ? "state" : "states"} in the link: {quoted}.
      </strong>{" "}
      {names.length === 1 ? "It is" : "They are"} left out of the filter. The states are{" "}
      {STATE_CHOICES.map((choice) => choice.label).join(", ")} (in any case).
    </>
  );
}
