/**
 * @module What the flow runs list shows, as it is written in the URL (`/runs?state=FAILED,CRASHED&
 * range=24h&page=2`, `/runs?view=upcoming`), so every view of the list is a link to share. Parsing
 * is forgiving, because people edit and paste these URLs: a state is read as the UI writes it, in
 * any case (`Completed`, `completed`, `COMPLETED`, `Late`); a state no one knows is kept aside so
 * the page can say so, and other unknown values are ignored.
 */
import type { FlowRunFilter } from "../../../../src/api/filters.js";
import type { StateType } from "../../../../src/core/states.js";
import type { FLOW_RUN_SORT_VALUES } from "../../../../src/api/flow-run-sorts.js";
import { rangeSeconds, TIME_RANGES } from "../../components/history-window.js";
import { parseRunsWhen, type RunsWhen } from "../../components/run-split.js";

/** An order the API knows. */
type ApiSort = (typeof FLOW_RUN_SORT_VALUES)[number];

/** The states the filter offers: "Late" is a state name, the others are state types. */
export const STATE_CHOICES = [
  { id: "SCHEDULED", label: "Scheduled" },
  { id: "Late", label: "Late" },
  { id: "PENDING", label: "Pending" },
  { id: "RUNNING", label: "Running" },
  { id: "COMPLETED", label: "Completed" },
  { id: "FAILED", label: "Failed" },
  { id: "CRASHED", label: "Crashed" },
  { id: "CANCELLING", label: "Cancelling" },
  { id: "CANCELLED", label: "Cancelled" },
  { id: "PAUSED", label: "Paused" },
] as const;

/** The orders offered, by their short URL name; runs still to come read "soonest" and "latest". */
export const SORT_CHOICES = [
  { id: "newest", label: "Newest first", upcomingLabel: "Latest first", sort: "EXPECTED_START_TIME_DESC" },
  { id: "oldest", label: "Oldest first", upcomingLabel: "Soonest first", sort: "EXPECTED_START_TIME_ASC" },
  { id: "start", label: "Start time", upcomingLabel: "Start time", sort: "START_TIME_DESC" },
  { id: "name", label: "Name", upcomingLabel: "Name", sort: "NAME_ASC" },
] as const satisfies readonly { id: string; label: string; upcomingLabel: string; sort: ApiSort }[];

/** The list's view, as read from the URL. */
export interface RunsQuery {
  /** Runs that started or were due (the default), or the upcoming ones. */
  readonly view: RunsWhen;
  readonly states: readonly string[];
  /** States the URL names that no choice matches, as written there (shown as a notice). */
  readonly unknownStates: readonly string[];
  readonly flow: string;
  readonly deployment: string;
  readonly pool: string;
  readonly tags: readonly string[];
  /** A preset ("24h") or "" for none; `after`/`before` (ISO) give a custom range instead. */
  readonly range: string;
  readonly after: string;
  readonly before: string;
  readonly sort: (typeof SORT_CHOICES)[number]["id"];
  readonly page: number;
}

const list = (value: string | null) =>
  (value ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);

const validTime = (value: string | null) => (value && !Number.isNaN(Date.parse(value)) ? value : "");

/** "Awaiting Retry", "awaiting_retry" and "AwaitingRetry" alike: letters only, lower case. */
const stateKey = (text: string) => text.toLowerCase().replace(/[^a-z]/g, "");

/**
 * The choice a state written in a URL means, by its id or its label in any case and spacing
 * ("Completed", "COMPLETED", "completed"), or undefined for a state no choice matches.
 */
export function stateChoiceOf(text: string): (typeof STATE_CHOICES)[number]["id"] | undefined {
  const key = stateKey(text);
  return STATE_CHOICES.find((choice) => stateKey(choice.id) === key || stateKey(choice.label) === key)?.id;
}

/** The order a view is listed in unless the URL says otherwise: newest first, or soonest first. */
export function defaultSortId(view: RunsWhen): RunsQuery["sort"] {
  return view === "upcoming" ? "oldest" : "newest";
}

/** Reads the list's view from the query string. */
export function parseRunsQuery(params: URLSearchParams): RunsQuery {
  const range = params.get("range") ?? "";
  const view = parseRunsWhen(params.get("view"));
  const sort = SORT_CHOICES.find((choice) => choice.id === params.get("sort"))?.id ?? defaultSortId(view);
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  const written = list(params.get("state"));
  const states = new Set(written.flatMap((state) => stateChoiceOf(state) ?? []));
  return {
    view,
    // In the picker's order, each once, however the URL wrote them.
    states: STATE_CHOICES.map((choice) => choice.id).filter((id) => states.has(id)),
    unknownStates: written.filter((state) => stateChoiceOf(state) === undefined),
    flow: params.get("flow") ?? "",
    deployment: params.get("deployment") ?? "",
    pool: params.get("pool") ?? "",
    tags: list(params.get("tags")),
    range: TIME_RANGES.some((preset) => preset.id === range) ? range : "",
    after: validTime(params.get("after")),
    before: validTime(params.get("before")),
    sort,
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/** Writes a view back as a query string; defaults are left out so links stay short. */
export function runsQueryString(query: RunsQuery): string {
  const params = new URLSearchParams();
  if (query.view !== "past") params.set("view", query.view);
  if (query.states.length) params.set("state", query.states.join(","));
  if (query.flow) params.set("flow", query.flow);
  if (query.deployment) params.set("deployment", query.deployment);
  if (query.pool) params.set("pool", query.pool);
  if (query.tags.length) params.set("tags", query.tags.join(","));
  if (query.range) params.set("range", query.range);
  else {
    if (query.after) params.set("after", query.after);
    if (query.before) params.set("before", query.before);
  }
  if (query.sort !== defaultSortId(query.view)) params.set("sort", query.sort);
  if (query.page > 1) params.set("page", String(query.page));
  return params.toString();
}

/** True when any filter narrows the list (sort and page do not). */
export function hasFilters(query: RunsQuery): boolean {
  return Boolean(
    query.states.length ||
    query.flow ||
    query.deployment ||
    query.pool ||
    query.tags.length ||
    query.range ||
    query.after ||
    query.before,
  );
}

/** The API order of a view. */
export function sortOf(query: RunsQuery): (typeof SORT_CHOICES)[number]["sort"] {
  return SORT_CHOICES.find((choice) => choice.id === query.sort)?.sort ?? "EXPECTED_START_TIME_DESC";
}

/**
 * Names the server, SDK and workers give SCHEDULED states besides "Late". Needed to say "Late, or
 * one of these other types" in one filter: the API ANDs its criteria, so that OR is written as
 * "one of these types, and not a SCHEDULED state by any other name".
 */
const OTHER_SCHEDULED_NAMES = ["Scheduled", "AwaitingRetry", "AwaitingConcurrencySlot"];

/** The state part of the filter: "Scheduled" includes Late runs (they still wait to start). */
export function stateFilter(states: readonly string[]): FlowRunFilter["state"] {
  const late = states.includes("Late");
  const types = states.filter((state) => state !== "Late") as StateType[];
  if (types.length === 0) return late ? { name: { any_: ["Late"] } } : undefined;
  if (!late || types.includes("SCHEDULED")) return { type: { any_: types } };
  return { type: { any_: ["SCHEDULED", ...types] }, name: { not_any_: OTHER_SCHEDULED_NAMES } };
}

/** Whole minutes, so that a relative range gives the same query (and cache entry) for a minute. */
const MINUTE = 60_000;

/**
 * Where a preset range ("24h") starts: `now` minus the range, on a whole minute. The dashboard's
 * counts use it too, so a count and the list it links to agree.
 */
export function rangeStart(rangeId: string, now: number): string {
  return new Date(Math.floor(now / MINUTE) * MINUTE - rangeSeconds(rangeId) * 1000).toISOString();
}

/** The expected-start-time window of a view (a preset ends now), or undefined for all time. */
export function timeWindow(query: RunsQuery, now: number): { after?: string; before?: string } | undefined {
  if (query.range)
    return {
      after: rangeStart(query.range, now),
      before: new Date(Math.ceil(now / MINUTE) * MINUTE).toISOString(),
    };
  if (!query.after && !query.before) return undefined;
  return {
    ...(query.after !== "" && { after: new Date(query.after).toISOString() }),
    ...(query.before !== "" && { before: new Date(query.before).toISOString() }),
  };
}

/**
 * The API filter of a view's filters. Past or upcoming is not part of it: the list adds that
 * itself (`FlowRunList`'s `when`), split at the moment every list splits them.
 */
export function runsFilter(query: RunsQuery, now: number): FlowRunFilter {
  const window = timeWindow(query, now);
  return {
    ...(query.states.length > 0 && { state: stateFilter(query.states) }),
    ...(query.flow !== "" && { flow_id: { any_: [query.flow] } }),
    ...(query.deployment !== "" && { deployment_id: { any_: [query.deployment] } }),
    ...(query.pool !== "" && { work_pool_name: { any_: [query.pool] } }),
    ...(query.tags.length > 0 && { tags: { all_: [...query.tags] } }),
    ...(window && {
      expected_start_time: {
        ...(window.after !== undefined && { after_: window.after }),
        ...(window.before !== undefined && { before_: window.before }),
      },
    }),
  };
}
