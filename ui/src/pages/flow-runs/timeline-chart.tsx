/**
 * @module The drawing of the run timeline: a time axis and one row per node, in a scrolling box.
 * Only the rows in view (and a few around them) are rendered, so a run with thousands of task
 * runs scrolls smoothly and redraws cheaply while its bars grow. A retried task run's row has a
 * bar per attempt. Every bar is a button (a subflow's, a link): focusing, clicking or tapping it
 * shows its details below the chart, the same as its hover tooltip.
 */
import { type CSSProperties, useState } from "react";
import { Link } from "react-router";
import type { GraphNode } from "../../../../src/api/run-views.js";
import { paths } from "../../app/paths.js";
import { StateBadge, stateColour } from "../../components/state-badge.js";
import { formatDateTime, formatDuration } from "../../components/time.js";
import { type Attempt, attemptColourType } from "../task-runs/attempts.js";
import { accessibleName, barDetails, tooltipText } from "./timeline-details.js";
import { barGeometry, segmentGeometry, ticks } from "./timeline-scale.js";

/** Height of a row in px (kept in step with `.timeline-row` in run-page.css). */
const ROW = 26;
/** Height of the box's view in px (`.timeline-scroll`'s max-height). */
const VIEW = 420;
/** Rows drawn beyond the view on each side, so a quick scroll shows no gap. */
const OVERSCAN = 12;

type Span = { start: number; end: number } | undefined;

/** The bar whose details are shown: a node, and one of its attempts for a retried task run. */
interface Selection {
  readonly nodeId: string;
  readonly attempt?: number;
}

/** The axis and the rows of `nodes` over `span` (undefined while nothing has started). */
export function TimelineChart({
  nodes,
  span,
  now,
  attempts,
}: {
  nodes: readonly GraphNode[];
  span: Span;
  now: number;
  /** The attempts of retried task runs, by task-run id. */
  attempts: ReadonlyMap<string, readonly Attempt[]>;
}) {
  const [scrollTop, setScrollTop] = useState(0);
  const [selected, setSelected] = useState<Selection | null>(null);
  const spanSeconds = span ? (span.end - span.start) / 1000 : 0;
  const axis = ticks(spanSeconds);
  // Grid lines are one repeating background per row rather than an element per tick and row.
  const tickSpacing = axis.length > 1 ? `${(axis[1]?.at ?? 1) * 100}%` : "100%";
  const first = Math.max(0, Math.floor(scrollTop / ROW) - OVERSCAN);
  const last = Math.min(nodes.length, Math.ceil((scrollTop + VIEW) / ROW) + OVERSCAN);
  return (
    <>
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
            <TimelineRow
              key={node.id}
              node={node}
              attempts={attempts.get(node.id)}
              span={span}
              now={now}
              top={(first + index) * ROW}
              onSelect={setSelected}
            />
          ))}
        </div>
      </div>
      <SelectedDetails nodes={nodes} attempts={attempts} selected={selected} now={now} />
    </>
  );
}

/** One task run or subflow run: its name and duration, and its bar (or a bar per attempt). */
function TimelineRow({
  node,
  attempts,
  span,
  now,
  top,
  onSelect,
}: {
  node: GraphNode;
  attempts: readonly Attempt[] | undefined;
  span: Span;
  now: number;
  top: number;
  onSelect: (selection: Selection) => void;
}) {
  const started = node.start_time ? Date.parse(node.start_time) : undefined;
  const seconds =
    started === undefined ? undefined : ((node.end_time ? Date.parse(node.end_time) : now) - started) / 1000;
  const tooltip = tooltipText(barDetails(node, now));
  const retried = attempts !== undefined && attempts.length > 1;
  return (
    <div className="timeline-row" style={{ top }}>
      <div
        className="timeline-label"
        data-testid="timeline-node"
        data-kind={node.kind}
        data-label={node.label}
        data-state={node.state_type ?? ""}
        data-attempts={retried ? attempts.length : undefined}
        title={tooltip}
      >
        {node.kind === "flow-run" ? (
          <Link to={paths.flowRun(node.id)}>
            <span className="timeline-kind">subflow</span>
            {node.label}
          </Link>
        ) : (
          <Link to={paths.taskRun(node.id)} data-testid="timeline-task-link">
            {node.label}
          </Link>
        )}
        {retried && (
          <span className="timeline-kind timeline-attempts" title={`${attempts.length} attempts`}>
            ×{attempts.length}
          </span>
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
          {span &&
            (retried ? (
              attempts.map((attempt) => (
                <AttemptBar
                  key={attempt.number}
                  node={node}
                  attempt={attempt}
                  of={attempts.length}
                  span={span}
                  now={now}
                  onSelect={onSelect}
                />
              ))
            ) : (
              <NodeBar node={node} span={span} now={now} onSelect={onSelect} />
            ))}
        </div>
      </div>
    </div>
  );
}

/** The bar of a task run or subflow run that ran once. */
function NodeBar({
  node,
  span,
  now,
  onSelect,
}: {
  node: GraphNode;
  span: { start: number; end: number };
  now: number;
  onSelect: (selection: Selection) => void;
}) {
  const geometry = barGeometry(node, span, now);
  if (!geometry) return null;
  const details = barDetails(node, now);
  const style = barStyle(geometry, stateColour(node.state_type ?? "PENDING", node.state_name ?? undefined));
  const select = () => onSelect({ nodeId: node.id });
  if (node.kind === "flow-run")
    return (
      <Link
        to={paths.flowRun(node.id)}
        className="timeline-bar"
        style={style}
        title={tooltipText(details)}
        aria-label={`Open subflow run ${node.label}: ${accessibleName(details)}`}
        data-testid="timeline-bar"
        onFocus={select}
      />
    );
  return (
    <button
      type="button"
      className="timeline-bar"
      style={style}
      title={tooltipText(details)}
      aria-label={accessibleName(details)}
      data-testid="timeline-bar"
      onFocus={select}
      onClick={select}
    />
  );
}

/** One attempt of a retried task run. */
function AttemptBar({
  node,
  attempt,
  of,
  span,
  now,
  onSelect,
}: {
  node: GraphNode;
  attempt: Attempt;
  of: number;
  span: { start: number; end: number };
  now: number;
  onSelect: (selection: Selection) => void;
}) {
  const details = barDetails(node, now, { attempt, of });
  const geometry = segmentGeometry(attempt.start, attempt.end, span, now);
  const select = () => onSelect({ nodeId: node.id, attempt: attempt.number });
  return (
    <button
      type="button"
      className="timeline-bar"
      style={barStyle(geometry, stateColour(attemptColourType(attempt)))}
      title={tooltipText(details)}
      aria-label={accessibleName(details)}
      data-testid="timeline-bar"
      data-attempt={attempt.number}
      data-failed={attempt.failed ? "true" : undefined}
      onFocus={select}
      onClick={select}
    />
  );
}

function barStyle(geometry: { left: number; width: number }, background: string): CSSProperties {
  return {
    left: `${geometry.left * 100}%`,
    width: `max(${geometry.width * 100}%, 3px)`,
    background,
  };
}

/** The details of the bar last focused, clicked or tapped, with a link to its page. */
function SelectedDetails({
  nodes,
  attempts,
  selected,
  now,
}: {
  nodes: readonly GraphNode[];
  attempts: ReadonlyMap<string, readonly Attempt[]>;
  selected: Selection | null;
  now: number;
}) {
  const node = selected ? nodes.find((candidate) => candidate.id === selected.nodeId) : undefined;
  if (!selected || !node)
    return (
      <p className="timeline-details muted small" data-testid="timeline-details">
        Select a bar (click, tap, or Tab to it) to see its details here.
      </p>
    );
  const all = attempts.get(node.id) ?? [];
  const attempt = all.find((candidate) => candidate.number === selected.attempt);
  const details = barDetails(node, now, attempt ? { attempt, of: all.length } : undefined);
  return (
    <div className="timeline-details" data-testid="timeline-details" data-node={node.label}>
      <Link to={node.kind === "flow-run" ? paths.flowRun(node.id) : paths.taskRun(node.id)}>
        {details.title}
      </Link>
      <span className="muted small">{details.lines.join(" · ")}</span>
      {details.error && (
        <span className="timeline-details-error small" data-testid="timeline-details-error">
          {details.error}
        </span>
      )}
    </div>
  );
}
