/**
 * @module `/`: what needs attention across the server — activity over a time range, failed, late
 * and running counts, the work pools and the latest failures — or, on an empty server, how to start.
 *
 * The calls here are the ones the dashboard benchmark measures with a million runs (history,
 * three counts, pools, workers and late runs per pool, latest failures) plus a one-row flows
 * probe for the empty state. Add nothing heavy without adding it to the benchmark.
 */
import { useSearchParams } from "react-router";
import { useApi } from "../api/client.js";
import { useNow } from "../api/live.js";
import { ErrorMessage } from "../components/messages.js";
import { Page } from "../components/page.js";
import { RunHistory, TIME_RANGES } from "../components/run-history-chart.js";
import { Card } from "../components/tabs.js";
import { GettingStarted } from "./dashboard/getting-started.js";
import { PoolTable } from "./dashboard/pool-table.js";
import { RecentFailures } from "./dashboard/recent-failures.js";
import { RunCounts } from "./dashboard/run-counts.js";
import { rangeStart } from "./flow-runs/runs-query.js";
import "../components/segmented.css";
import "./dashboard/dashboard.css";

/** The dashboard. */
export function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const range = TIME_RANGES.find((choice) => choice.id === params.get("range")) ?? TIME_RANGES[1];
  const minute = Math.floor(useNow(60_000) / 60_000);
  const start = rangeStart(range.id, minute * 60_000);
  const pools = useApi("filterWorkPools", { body: {} });
  // One row of the (small) flows table tells an empty server from one whose runs are all old.
  const flows = useApi("filterFlows", { body: { limit: 1 } });
  const loaded =
    (pools.data !== undefined || pools.error !== null) && (flows.data !== undefined || flows.error !== null);
  const empty = pools.data?.length === 0 && flows.data?.length === 0;
  const setRange = (id: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (id === "24h") next.delete("range");
        else next.set("range", id);
        return next;
      },
      { replace: true },
    );
  return (
    <Page
      name="dashboard"
      title="Dashboard"
      ready={loaded}
      actions={
        !empty && (
          <div className="segmented" role="group" aria-label="Time range">
            {TIME_RANGES.map((choice) => (
              <button
                key={choice.id}
                type="button"
                aria-pressed={choice.id === range.id}
                onClick={() => setRange(choice.id)}
                data-range={choice.id}
              >
                {choice.label}
              </button>
            ))}
          </div>
        )
      }
    >
      {empty ? (
        <GettingStarted />
      ) : (
        <div className="stack dashboard">
          <ErrorMessage error={pools.error ?? flows.error} title="Could not load the dashboard" />
          <RunCounts rangeId={range.id} rangeLabel={range.label} start={start} />
          <Card title={`Flow runs · ${range.label.toLowerCase()}`}>
            <RunHistory seconds={range.seconds} height={150} />
          </Card>
          <div className="grid dashboard-columns">
            <Card title="Work pools">{pools.data ? <PoolTable pools={pools.data} /> : null}</Card>
            <Card title="Recent failures">
              <RecentFailures />
            </Card>
          </div>
        </div>
      )}
    </Page>
  );
}
