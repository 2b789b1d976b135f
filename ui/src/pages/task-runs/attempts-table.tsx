/** @module A task run's attempts, one row each: when, how long, how it ended and with what error. */
import type { State } from "../../../../src/api/states.js";
import { useNow } from "../../api/live.js";
import { EmptyState, ErrorMessage, Loading } from "../../components/messages.js";
import { StateBadge } from "../../components/state-badge.js";
import { TableScroll } from "../../components/table-scroll.js";
import { DateTime, formatDuration } from "../../components/time.js";
import { attemptsOf } from "./attempts.js";

/** The attempts read from the task run's `states`. */
export function AttemptsTable({ states, error }: { states: readonly State[] | undefined; error: unknown }) {
  const now = useNow();
  if (error) return <ErrorMessage error={error} title="Could not load the attempts" />;
  if (!states) return <Loading what="attempts" />;
  const attempts = attemptsOf(states);
  if (attempts.length === 0)
    return (
      <EmptyState title="Not run yet">Each attempt appears here once the task starts running.</EmptyState>
    );
  return (
    <TableScroll label="Attempts">
      <table className="table" data-testid="task-run-attempts-table">
        <thead>
          <tr>
            <th>Attempt</th>
            <th>Started</th>
            <th>Duration</th>
            <th>Outcome</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((attempt) => (
            <tr
              key={attempt.number}
              data-attempt={attempt.number}
              data-failed={attempt.failed ? "true" : "false"}
            >
              <td>
                {attempt.number === 1 ? "1 (first run)" : `${attempt.number} (retry ${attempt.number - 1})`}
              </td>
              <td>
                <DateTime value={new Date(attempt.start).toISOString()} />
              </td>
              <td data-testid="attempt-duration">
                {formatDuration(((attempt.end ?? now) - attempt.start) / 1000)}
                {attempt.end === null && <span className="muted small"> (running)</span>}
              </td>
              <td>
                {attempt.outcome ? (
                  <StateBadge type={attempt.outcome.type} name={attempt.outcome.name} />
                ) : (
                  <StateBadge type="RUNNING" name="Running" />
                )}
              </td>
              <td className="wrap state-message" data-testid="attempt-error">
                {attempt.failed ? (attempt.outcome?.message ?? "—") : <span className="muted">—</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
