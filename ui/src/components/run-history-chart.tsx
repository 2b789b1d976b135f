/**
 * @module Flow-run activity as stacked bars, one per time bucket, coloured by state (from
 * `POST /flow_runs/history`). Used by the dashboard, the flow page and the deployment page.
 */
import { useMemo } from "react";
import type { FlowRunFilter } from "../../../src/api/filters.js";
import type { FlowRunHistoryBucket } from "../../../src/api/run-views.js";
import { useApi } from "../api/client.js";
import { useNow } from "../api/live.js";
import { QueryView } from "./messages.js";
import { stateColour } from "./state-badge.js";
import { HISTORY_STEP_MS, historyWindow } from "./history-window.js";
import { formatDateTime } from "./time.js";
import { zoneName } from "./time-zone.js";
import { useTimeZoneSetting } from "./use-time-zone.js";

export {
  HISTORY_STEP_MS,
  historyWindow,
  rangeSeconds,
  TIME_RANGES,
  type TimeRangeId,
} from "./history-window.js";

const ORDER = [
  "COMPLETED",
  "RUNNING",
  "PENDING",
  "SCHEDULED",
  "Late",
  "PAUSED",
  "CANCELLING",
  "CANCELLED",
  "CRASHED",
  "FAILED",
];

/** Loads and draws the history of the runs matching `filter` over the last `seconds`. */
export function RunHistory({
  seconds,
  filter,
  height = 140,
}: {
  seconds: number;
  filter?: FlowRunFilter;
  height?: number;
}) {
  // Re-rendered at each step, so the window follows the clock.
  useNow(HISTORY_STEP_MS);
  const window = historyWindow(seconds);
  const history = useApi(
    "flowRunHistory",
    {
      body: {
        history_start: window.start,
        history_end: window.end,
        history_interval_seconds: window.interval,
        flow_runs: filter,
      },
    },
    // The chart stays on screen while the next step's counts load.
    { placeholderData: (previous) => previous },
  );
  return (
    <QueryView query={history} what="run history">
      {(buckets) => <RunHistoryChart buckets={buckets} height={height} />}
    </QueryView>
  );
}

/** Stacked bars; each bar's tooltip lists its counts. */
export function RunHistoryChart({
  buckets,
  height = 140,
}: {
  buckets: readonly FlowRunHistoryBucket[];
  height?: number;
}) {
  // Its times follow the time-zone setting, and the legend names the zone.
  const zone = useTimeZoneSetting();
  const { max, keys } = useMemo(() => {
    let max = 0;
    const keys = new Set<string>();
    for (const bucket of buckets) {
      let total = 0;
      for (const state of bucket.states) {
        total += state.count_runs;
        keys.add(legendKey(state.state_type, state.state_name));
      }
      max = Math.max(max, total);
    }
    return { max, keys: [...keys].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b)) };
  }, [buckets]);
  const width = 1000;
  const barWidth = width / Math.max(buckets.length, 1);
  const gap = Math.min(2, barWidth * 0.2);
  return (
    <div data-testid="run-history">
      <svg
        className="chart"
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        style={{ height }}
        role="img"
        aria-label="Flow runs over time"
      >
        <line x1={0} x2={width} y1={height - 0.5} y2={height - 0.5} stroke="var(--border)" />
        {buckets.map((bucket, index) => {
          let y = height;
          const states = [...bucket.states].sort(
            (a, b) =>
              ORDER.indexOf(legendKey(a.state_type, a.state_name)) -
              ORDER.indexOf(legendKey(b.state_type, b.state_name)),
          );
          const total = states.reduce((sum, state) => sum + state.count_runs, 0);
          const tooltip = `${formatDateTime(bucket.interval_start, zone)} – ${formatDateTime(bucket.interval_end, zone)}\n${total} run${total === 1 ? "" : "s"}${states
            .map((state) => `\n${state.state_name}: ${state.count_runs}`)
            .join("")}`;
          return (
            <g key={bucket.interval_start}>
              <title>{tooltip}</title>
              {/* The hover target is a path, not a rect, so `rect` in the chart always means a bar. */}
              <path d={`M${index * barWidth} 0h${barWidth}v${height}h${-barWidth}z`} fill="transparent" />
              {states.map((state) => {
                const h = max === 0 ? 0 : (state.count_runs / max) * (height - 4);
                y -= h;
                return (
                  <rect
                    key={`${state.state_type}-${state.state_name}`}
                    x={index * barWidth + gap / 2}
                    y={y}
                    width={Math.max(barWidth - gap, 0.5)}
                    height={h}
                    fill={stateColour(state.state_type, state.state_name)}
                    data-state={state.state_type}
                    data-state-name={state.state_name}
                  />
                );
              })}
            </g>
          );
        })}
      </svg>
      <div className="chart-legend">
        {buckets.length > 0 && (
          <span data-testid="history-range">
            {formatDateTime(buckets[0]?.interval_start, zone)} →{" "}
            {formatDateTime(buckets[buckets.length - 1]?.interval_end, zone)} {zoneName(zone)}
          </span>
        )}
        {keys.length === 0 && <span>No runs in this range.</span>}
        {keys.map((key) => (
          <span key={key}>
            <i style={{ background: stateColour(key === "Late" ? "SCHEDULED" : key, key) }} />
            {key === "Late" ? "Late" : key.charAt(0) + key.slice(1).toLowerCase()}
          </span>
        ))}
      </div>
    </div>
  );
}

function legendKey(type: string, name: string): string {
  return name === "Late" ? "Late" : type;
}
