/**
 * @module The drawing of the run timeline: a time axis and one row per node, in a scrolling box.
 * Only the rows in view (and a few around them) are rendered, so a run with thousands of task
 * runs scrolls smoothly and redraws cheaply while its bars grow.
 */
import { type CSSProperties, useState } from "react";
import { Link } from "react-router";
import type { GraphNode } from "../../../../src/api/run-views.js";
import { paths } from "../../app/paths.js";
import { StateBadge, stateColour } from "../../components/state-badge.js";
import { formatDateTime, formatDuration } from "../../components/time.js";
import { barGeometry, ticks } from "./timeline-scale.js";

/** Height of a row in px (kept in step with `.timeline-row` in run-page.css). */
const ROW = 26;
/** Height of the box's view in px (`.timeline-scroll`'s max-height). */
const VIEW = 420;
/** Rows drawn beyond the view on each side, so a quick scroll shows no gap. */
const OVERSCAN = 12;

/** The axis and the rows of `nodes` over `span` (undefined while nothing has started). */
export function TimelineChart({
  nodes,
  span,
  now,
}: {
  nodes: readonly GraphNode[];
  span: { start: number; end: number } | undefined;
  now: number;
}) {
  const [scrollTop, setScrollTop] = useState(0);
  const spanSeconds = span ? (span.end - span.start) / 1000 : 0;
  const axis = ticks(spanSeconds);
  // Grid lines are one repeating background per row rather than an element per tick and row.
  const tickSpacing = axis.length > 1 ? `${(axis[1]?.at ?? 1) * 100}%` : "100%";
  const first = Math.max(0, Math.floor(scrollTop / ROW) - OVERSCAN);
  const last = Math.min(nodes.length, Math.ceil((scrollTop + VIEW) / ROW) + OVERSCAN);
  return (
    <div
      className="timeline-scroll"
      style={{ "--tick": tickSpacing } as CSSProperties}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <div className="timeline-row timeline-header">
        <div className="timeline-label muted small">
          {span ? formatDateTime(new Date(span.start).toISOString()) : "Not started"}
        </div>
        <div className="timeline-track" aria-hidden>
          <div className="timeline-lane">
            {axis.map((tick) => (
              <span key={tick.seconds} className="timeline-tick" style={{ left: `${tick.at * 100}%` }}>
                {formatDuration(tick.seconds)}
              </span>
            ))}
          </div>
        </div>
      </div>
      <div className="timeline-body" style={{ height: nodes.length * ROW }}>
        {nodes.slice(first, last).map((node, index) => (
          <TimelineRow key={node.id} node={node} span={span} now={now} top={(first + index) * ROW} />
        ))}
      </div>
    </div>
  );
}

/** One task run or subflow run: its name and duration, and its bar. */
function TimelineRow({
  node,
  span,
  now,
  top,
}: {
  node: GraphNode;
  span: { start: number; end: number } | undefined;
  now: number;
  top: number;
}) {
  const geometry = span ? barGeometry(node, span, now) : undefined;
  const started = node.start_time ? Date.parse(node.start_time) : undefined;
  const seconds =
    started === undefined ? undefined : ((node.end_time ? Date.parse(node.end_time) : now) - started) / 1000;
  const tooltip = [
    `${node.kind === "flow-run" ? "Subflow run" : "Task run"} ${node.label}`,
    `State: ${node.state_name ?? node.state_type ?? "none"}`,
    node.start_time ? `Started: ${formatDateTime(node.start_time)}` : "Not started",
    seconds === undefined
      ? undefined
      : `Duration: ${formatDuration(seconds)}${node.end_time ? "" : " (running)"}`,
  ]
    .filter(Boolean)
    .join("\n");
  const barStyle = geometry && {
    left: `${geometry.left * 100}%`,
    width: `max(${geometry.width * 100}%, 3px)`,
    background: stateColour(node.state_type ?? "PENDING", node.state_name ?? undefined),
  };
  return (
    <div className="timeline-row" style={{ top }}>
      <div
        className="timeline-label"
        data-testid="timeline-node"
        data-kind={node.kind}
        data-label={node.label}
        data-state={node.state_type ?? ""}
        title={tooltip}
      >
        {node.kind === "flow-run" ? (
          <Link to={paths.flowRun(node.id)}>
            <span className="timeline-kind">subflow</span>
            {node.label}
          </Link>
        ) : (
          <span>{node.label}</span>
        )}
        <span className="timeline-duration">
          {seconds === undefined ? (
            <StateBadge type={node.state_type} name={node.state_name} />
          ) : (
            formatDuration(seconds)
          )}
        </span>
      </div>
      <div className="timeline-track">
        <div className="timeline-lane timeline-gridlines">
          {barStyle &&
            (node.kind === "flow-run" ? (
              <Link
                to={paths.flowRun(node.id)}
                className="timeline-bar"
                style={barStyle}
                title={tooltip}
                aria-label={`Open subflow run ${node.label}`}
                data-testid="timeline-bar"
              />
            ) : (
              <span className="timeline-bar" style={barStyle} title={tooltip} data-testid="timeline-bar" />
            ))}
        </div>
      </div>
    </div>
  );
}
