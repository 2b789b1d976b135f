/**
 * @module Past and upcoming runs apart. Every list of runs shows, by default, the runs that started
 * or were due (newest first), and the Scheduled runs still to come in a view of their own, soonest
 * first, so a dozen planned runs never push what ran off the first page. The split is the API's
 * `upcoming` filter, so paging and counts stay exact on any number of runs.
 */
import { useSearchParams } from "react-router";
import { useNow } from "../api/live.js";
import { parseRunsWhen, type RunsWhen, VIEW_PARAM } from "./run-split.js";
import "./segmented.css";

export { parseRunsWhen, type RunsWhen, VIEW_PARAM, whenFilter } from "./run-split.js";

/**
 * How often "now" moves for the split. Each move is a new query, so it moves in steps rather than
 * on every render; a run due a few seconds ago may stay upcoming until the next step.
 */
const STEP_MS = 10_000;

/**
 * The moment lists split past from upcoming, on a whole step, re-rendering at each step. Read from
 * the clock at render, so components rendered together agree and share their queries.
 */
export function useSplitMoment(): string {
  useNow(STEP_MS);
  return new Date(Math.floor(Date.now() / STEP_MS) * STEP_MS).toISOString();
}

/** `?view=` of the current URL, and a setter that keeps the other parameters. */
export function useRunsWhenParam(): [RunsWhen, (when: RunsWhen) => void] {
  const [params, setParams] = useSearchParams();
  const set = (when: RunsWhen) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (when === "past") next.delete(VIEW_PARAM);
        else next.set(VIEW_PARAM, when);
        // Another view is another list: its first page.
        next.delete("page");
        return next;
      },
      { replace: true },
    );
  return [parseRunsWhen(params.get(VIEW_PARAM)), set];
}

/** "Past | Upcoming 12": the two views of a list, the upcoming one with its count when known. */
export function RunViewSwitch({
  value,
  onChange,
  upcomingCount,
}: {
  value: RunsWhen;
  onChange: (when: RunsWhen) => void;
  upcomingCount?: number;
}) {
  const choices: { id: RunsWhen; label: string; title: string }[] = [
    { id: "past", label: "Past", title: "Runs that started or were due, newest first" },
    { id: "upcoming", label: "Upcoming", title: "Scheduled runs still to come, soonest first" },
  ];
  return (
    <div className="segmented" role="group" aria-label="Which runs" data-testid="run-view-switch">
      {choices.map((choice) => (
        <button
          key={choice.id}
          type="button"
          aria-pressed={choice.id === value}
          title={choice.title}
          onClick={() => onChange(choice.id)}
          data-view={choice.id}
        >
          {choice.label}
          {choice.id === "upcoming" && upcomingCount !== undefined && (
            <span className="count" data-testid="upcoming-count">
              {" "}
              {upcomingCount.toLocaleString()}
            </span>
          )}
        </button>
      ))}
    </div>
  );
}
