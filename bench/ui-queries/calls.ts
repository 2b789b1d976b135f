/**
 * @module The API calls the dashboard, the flow runs list and the flow run page make — the
 * contract between the UI pages and the storage indexes. Each call answers how many rows it got
 * (or counted), which the table prints next to its latencies.
 */
import type { FlowRunFilter, FlowRunQuery } from "../../src/api/index.js";
import type { StewardClient } from "../../src/client/index.js";

/** One measured call. */
export interface BenchCall {
  readonly page: "dashboard" | "runs list" | "run page";
  readonly label: string;
  /** Makes the call once; `iteration` lets calls cycle through several targets (pools). */
  invoke(client: StewardClient, iteration: number): Promise<string>;
}

/** What the calls are about, picked from the seeded data (see `pickTargets`). */
export interface Targets {
  /** The seed's clock: "now" for every time range, so the ranges hold what the seed put there. */
  readonly now: number;
  readonly pools: readonly string[];
  readonly flowId: string;
  readonly deploymentId: string;
  readonly poolName: string;
  /** A tag most runs have, and one few have (each is the worst case of one plan). */
  readonly tags: readonly [string, string];
  /** A finished run with logs, for the run page. */
  readonly runId: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const FAILED = { type: { any_: ["FAILED" as const, "CRASHED" as const] } };

/** The newest run on page 1 decides the flow, deployment and pool filters; its finished peer the run page. */
export async function pickTargets(client: StewardClient, now: number): Promise<Targets> {
  const pools = (await client.call("filterWorkPools", { body: {} })).map((pool) => pool.name);
  const page = await client.call("paginateFlowRuns", {
    body: {
      sort: "EXPECTED_START_TIME_DESC",
      limit: 200,
      page: 1,
      flow_runs: { expected_start_time: { before_: iso(now) } },
    },
  });
  const routed = page.results.find((run) => run.deployment_id !== null && run.work_pool_name !== null);
  const finished = page.results.find((run) => run.state_type === "COMPLETED");
  if (routed === undefined || finished === undefined) {
    throw new Error(
      "the seeded database has no recent deployed and completed runs: seed it again with --fresh",
    );
  }
  return {
    now,
    pools,
    flowId: routed.flow_id,
    deploymentId: routed.deployment_id ?? "",
    poolName: routed.work_pool_name ?? "",
    tags: ["prod", "critical"],
    runId: finished.id,
  };
}

const count = async (client: StewardClient, body: FlowRunQuery) =>
  String(await client.call("countFlowRuns", { body }));

/** The dashboard: activity history, the four counters, the pools panel and the latest failures. */
export function dashboardCalls(t: Targets): BenchCall[] {
  const history = (hours: number): BenchCall => ({
    page: "dashboard",
    label: `flowRunHistory ${hours / 24 >= 1 ? `${hours / 24}d` : `${hours}h`} / 60 buckets`,
    invoke: async (client) => {
      const buckets = await client.call("flowRunHistory", {
        body: {
          history_start: iso(t.now - hours * HOUR),
          history_end: iso(t.now),
          history_interval_seconds: (hours * 3600) / 60,
        },
      });
      return String(buckets.reduce((sum, b) => sum + b.states.reduce((s, x) => s + x.count_runs, 0), 0));
    },
  });
  const failedSince = (hours: number): BenchCall => ({
    page: "dashboard",
    label: `countFlowRuns failed/crashed, last ${hours / 24 >= 1 ? `${hours / 24}d` : `${hours}h`}`,
    invoke: (client) =>
      count(client, {
        flow_runs: { state: FAILED, expected_start_time: { after_: iso(t.now - hours * HOUR) } },
      }),
  });
  return [
    history(24),
    history(7 * 24),
    failedSince(24),
    failedSince(7 * 24),
    {
      page: "dashboard",
      label: "countFlowRuns Late",
      invoke: (c) => count(c, { flow_runs: { state: { name: { any_: ["Late"] } } } }),
    },
    {
      page: "dashboard",
      label: "countFlowRuns RUNNING",
      invoke: (c) => count(c, { flow_runs: { state: { type: { any_: ["RUNNING"] } } } }),
    },
    {
      page: "dashboard",
      label: "filterWorkPools",
      invoke: async (c) => String((await c.call("filterWorkPools", { body: {} })).length),
    },
    {
      page: "dashboard",
      label: `filterWorkers (each of ${t.pools.length} pools)`,
      invoke: async (c, i) =>
        String(
          (await c.call("filterWorkers", { params: { name: t.pools[i % t.pools.length] ?? "" } })).length,
        ),
    },
    {
      page: "dashboard",
      label: `countFlowRuns Late (each of ${t.pools.length} pools)`,
      invoke: (c, i) =>
        count(c, {
          flow_runs: {
            work_pool_name: { any_: [t.pools[i % t.pools.length] ?? ""] },
            state: { name: { any_: ["Late"] } },
          },
        }),
    },
    {
      page: "dashboard",
      label: "filterFlowRuns failed/crashed END_TIME_DESC limit 10",
      invoke: async (c) =>
        String(
          (
            await c.call("filterFlowRuns", {
              body: { flow_runs: { state: FAILED }, sort: "END_TIME_DESC", limit: 10 },
            })
          ).length,
        ),
    },
  ];
}

type Sort = "EXPECTED_START_TIME_DESC" | "EXPECTED_START_TIME_ASC" | "START_TIME_DESC" | "NAME_ASC";

/**
 * The list's split into runs that started or were due (its default view) and upcoming ones, as
 * the UI asks for it (ui/src/components/run-views.tsx), at the seed's "now".
 */
function view(t: Targets, filters: Pick<FlowRunQuery, "flows" | "flow_runs">, upcoming = false) {
  return { ...filters, flow_runs: { ...filters.flow_runs, upcoming: { eq_: upcoming, at_: iso(t.now) } } };
}

function listPage(
  label: string,
  filters: Pick<FlowRunQuery, "flows" | "flow_runs">,
  sort: Sort,
  page: number,
): BenchCall {
  return {
    page: "runs list",
    label: `paginateFlowRuns ${label}, ${sort}, page ${page}`,
    invoke: async (client) => {
      const answer = await client.call("paginateFlowRuns", { body: { ...filters, sort, limit: 50, page } });
      return `${answer.results.length} of ${answer.count.toLocaleString("en")}`;
    },
  };
}

/** The number on the list's Upcoming switch, for the same filters. */
function upcomingCount(label: string, filters: Pick<FlowRunQuery, "flows" | "flow_runs">): BenchCall {
  return {
    page: "runs list",
    label: `countFlowRuns upcoming, ${label}`,
    invoke: async (client) => String(await client.call("countFlowRuns", { body: filters })),
  };
}

/**
 * The flow runs list as it opens (runs that started or were due): every sort unfiltered, and each
 * filter with the default sort, pages 1 and 100; the upcoming view and its count beside each.
 */
export function runsListCalls(t: Targets): BenchCall[] {
  const day = { after_: iso(t.now - 2 * DAY), before_: iso(t.now - DAY) };
  const filters: [string, Pick<FlowRunQuery, "flows" | "flow_runs">][] = [
    ["state FAILED", { flow_runs: { state: { type: { any_: ["FAILED"] } } } }],
    ["state COMPLETED", { flow_runs: { state: { type: { any_: ["COMPLETED"] } } } }],
    ["flow", { flows: { id: { any_: [t.flowId] } } }],
    ["deployment", { flow_runs: { deployment_id: { any_: [t.deploymentId] } } }],
    ["work pool", { flow_runs: { work_pool_name: { any_: [t.poolName] } } }],
    ...t.tags.map((tag): [string, Pick<FlowRunQuery, "flows" | "flow_runs">] => [
      `tag ${tag}`,
      { flow_runs: { tags: { all_: [tag] } } },
    ]),
    ["one day", { flow_runs: { expected_start_time: day } }],
    [
      "FAILED + flow + one day",
      {
        flows: { id: { any_: [t.flowId] } },
        flow_runs: {
          state: { type: { any_: ["FAILED"] } },
          expected_start_time: day,
        } satisfies FlowRunFilter,
      },
    ],
  ];
  const calls: BenchCall[] = [];
  for (const sort of [
    "EXPECTED_START_TIME_DESC",
    "EXPECTED_START_TIME_ASC",
    "START_TIME_DESC",
    "NAME_ASC",
  ] as const) {
    for (const page of [1, 100]) calls.push(listPage("unfiltered", view(t, {}), sort, page));
  }
  calls.push(
    listPage("upcoming", view(t, {}, true), "EXPECTED_START_TIME_ASC", 1),
    upcomingCount("unfiltered", view(t, {}, true)),
  );
  for (const [label, body] of filters) {
    for (const page of [1, 100]) calls.push(listPage(label, view(t, body), "EXPECTED_START_TIME_DESC", page));
    calls.push(upcomingCount(label, view(t, body, true)));
  }
  calls.push(
    {
      page: "runs list",
      label: "filterFlows limit 200",
      invoke: async (c) => String((await c.call("filterFlows", { body: { limit: 200 } })).length),
    },
    {
      page: "runs list",
      label: "filterDeployments limit 200",
      invoke: async (c) => String((await c.call("filterDeployments", { body: { limit: 200 } })).length),
    },
  );
  return calls;
}

/** The flow run page: the run, its states, its graph and its first 200 log lines. */
export function runPageCalls(t: Targets): BenchCall[] {
  const params = { id: t.runId };
  return [
    {
      page: "run page",
      label: "readFlowRun",
      invoke: async (c) => (await c.call("readFlowRun", { params })).state_name ?? "",
    },
    {
      page: "run page",
      label: "readFlowRunStates",
      invoke: async (c) =>
        String((await c.call("readFlowRunStates", { query: { flow_run_id: t.runId } })).length),
    },
    {
      page: "run page",
      label: "readFlowRunGraph",
      invoke: async (c) => String((await c.call("readFlowRunGraph", { params })).nodes.length),
    },
    {
      page: "run page",
      label: "filterLogs TIMESTAMP_ASC limit 200",
      invoke: async (c) =>
        String(
          (
            await c.call("filterLogs", {
              body: { logs: { flow_run_id: { any_: [t.runId] } }, sort: "TIMESTAMP_ASC", limit: 200 },
            })
          ).length,
        ),
    },
  ];
}
