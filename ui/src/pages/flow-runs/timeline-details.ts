/**
 * @module What the timeline says about one bar, in words: the same lines serve as the hover
 * tooltip, as the bar's accessible name, and in the details box that focus, click or tap fill, so
 * nothing is reachable only by hovering.
 */
import type { GraphNode } from "../../../../src/api/run-views.js";
import { formatDateTime, formatDuration } from "../../components/time.js";
import type { Attempt } from "../task-runs/attempts.js";

/** One bar: a node, or one attempt of a retried task run. */
export interface BarDetails {
  readonly title: string;
  readonly lines: readonly string[];
  /** The error of a failed attempt (its ending state's message). */
  readonly error: string | null;
}

const stateLabel = (node: GraphNode) => node.state_name ?? node.state_type ?? "no state";

/** The details of `node`'s bar, or of its `attempt` (of `attempts` in all). */
export function barDetails(
  node: GraphNode,
  now: number,
  attempt?: { readonly attempt: Attempt; readonly of: number },
): BarDetails {
  const kind = node.kind === "flow-run" ? "Subflow run" : "Task run";
  if (attempt) {
    const { attempt: a, of } = attempt;
    const outcome = a.outcome ? (a.failed ? `failed (${a.outcome.name})` : a.outcome.name) : "running";
    return {
      title: `${kind} ${node.label}, attempt ${a.number} of ${of}`,
      lines: [
        `Attempt ${a.number} of ${of}: ${outcome}`,
        `Started: ${formatDateTime(new Date(a.start).toISOString())}`,
        `Duration: ${formatDuration(((a.end ?? now) - a.start) / 1000)}${a.end === null ? " (running)" : ""}`,
      ],
      error: a.failed ? (a.outcome?.message ?? null) : null,
    };
  }
  const started = node.start_time ? Date.parse(node.start_time) : undefined;
  const seconds =
    started === undefined ? undefined : ((node.end_time ? Date.parse(node.end_time) : now) - started) / 1000;
  return {
    title: `${kind} ${node.label}`,
    lines: [
      `State: ${stateLabel(node)}`,
      node.start_time ? `Started: ${formatDateTime(node.start_time)}` : "Not started",
      ...(seconds === undefined
        ? []
        : [`Duration: ${formatDuration(seconds)}${node.end_time ? "" : " (running)"}`]),
    ],
    error: null,
  };
}

/** The details as one tooltip text. */
export function tooltipText(details: BarDetails): string {
  return [details.title, ...details.lines, ...(details.error ? [details.error] : [])].join("\n");
}

/** The details as a bar's accessible name (one sentence-like line). */
export function accessibleName(details: BarDetails): string {
  return [details.title, ...details.lines].join(", ");
}
