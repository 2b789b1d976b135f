/**
 * @module The arithmetic of the run timeline: which nodes to draw, the time span they are drawn
 * over, and round tick steps for its axis. Kept apart from the drawing so it reads on its own.
 */
import type { GraphNode } from "../../../../src/api/run-views.js";

/** Round tick steps, in seconds: the axis uses the smallest that gives at most `maxTicks` ticks. */
const STEPS = [
  0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200,
  86_400, 172_800, 604_800,
];

/** A tick: its offset from the start in seconds and its position in [0, 1]. */
export interface Tick {
  readonly seconds: number;
  readonly at: number;
}

/** Ticks every round step across `spanSeconds` (the first at 0). */
export function ticks(spanSeconds: number, maxTicks = 8): Tick[] {
  if (!(spanSeconds > 0)) return [{ seconds: 0, at: 0 }];
  const step =
    STEPS.find((candidate) => spanSeconds / candidate <= maxTicks) ?? Math.ceil(spanSeconds / maxTicks);
  const result: Tick[] = [];
  // Multiplied rather than summed, so that 0.1-second steps do not drift (0.30000000000000004).
  for (let i = 0; i * step <= spanSeconds; i++)
    result.push({ seconds: i * step, at: (i * step) / spanSeconds });
  return result;
}

/**
 * The nodes to draw. A subflow comes twice in the graph (the task run that stands for it in this
 * run, and the child flow run itself); the child run is the one worth drawing, since it links to
 * its own page, so its stand-in task run is left out.
 */
export function timelineNodes(nodes: readonly GraphNode[]): GraphNode[] {
  const standIns = new Set(
    nodes.flatMap((node) =>
      node.kind === "flow-run" && node.parent_task_run_id ? [node.parent_task_run_id] : [],
    ),
  );
  return nodes.filter((node) => !(node.kind === "task-run" && standIns.has(node.id)));
}

/** The time span drawn: from the run's start (or its first node's) to its end, or now while it runs. */
export function timelineSpan(
  run: { start_time: string | null; end_time: string | null },
  nodes: readonly GraphNode[],
  now: number,
): { start: number; end: number } | undefined {
  const starts = nodes.flatMap((node) => (node.start_time ? [Date.parse(node.start_time)] : []));
  const ends = nodes.flatMap((node) => (node.end_time ? [Date.parse(node.end_time)] : []));
  const start = run.start_time ? Date.parse(run.start_time) : starts.length ? Math.min(...starts) : undefined;
  if (start === undefined) return undefined;
  // A node that outlives the run's own end (clock skew, a late report) still fits on the axis.
  const end = Math.max(run.end_time ? Date.parse(run.end_time) : now, ...ends, start + 100);
  return { start, end };
}

/** Where a node's bar goes, as fractions of the span: `left` and `width` in [0, 1]. */
export function barGeometry(
  node: GraphNode,
  span: { start: number; end: number },
  now: number,
): { left: number; width: number } | undefined {
  if (!node.start_time) return undefined;
  return segmentGeometry(
    Date.parse(node.start_time),
    node.end_time ? Date.parse(node.end_time) : null,
    span,
    now,
  );
}

/** Where a stretch of time from `from` to `to` (null: still going) goes, as fractions of the span. */
export function segmentGeometry(
  from: number,
  to: number | null,
  span: { start: number; end: number },
  now: number,
): { left: number; width: number } {
  const total = span.end - span.start;
  const until = to ?? Math.min(now, span.end);
  const left = Math.min(Math.max((from - span.start) / total, 0), 1);
  const width = Math.min(Math.max((until - from) / total, 0), 1 - left);
  return { left, width };
}
