/**
 * @module The Logs tab: the run's lines as they arrive, a level filter kept in `?level=`, a task
 * filter kept in `?task=`, and a download. A line a task run logged names that task run (from the
 * task runs the page already has), not the logger.
 */
import { useLayoutEffect, useMemo, useRef } from "react";
import { Link, useSearchParams } from "react-router";
import type { Log } from "../../../../src/api/logs.js";
import { apiUrl } from "../../api/client.js";
import { LiveRegion } from "../../components/live-region.js";
import { EmptyState, ErrorMessage, Loading } from "../../components/messages.js";
import { paths } from "../../app/paths.js";
import { formatClockTime, formatDateTimeWithZone } from "../../components/time.js";
import type { TimeZoneSetting } from "../../components/time-zone.js";
import { useTimeZoneSetting } from "../../components/use-time-zone.js";
import { FilterField } from "./filter-field.js";
import { useLogTail } from "./use-log-tail.js";
import { useNewLinesAnnouncement } from "./use-new-lines-announcement.js";

/** A task run the logs can name and be filtered by. */
export interface LogTask {
  readonly id: string;
  readonly label: string;
}

/** The level choices; each shows its level and above. Debug shows everything, even lower levels. */
export const LOG_LEVELS = [
  { id: "debug", label: "Debug", min: 0 },
  { id: "info", label: "Info", min: 20 },
  { id: "warning", label: "Warning", min: 30 },
  { id: "error", label: "Error", min: 40 },
  { id: "critical", label: "Critical", min: 50 },
] as const;

const LEVEL_NAMES: Readonly<Record<number, string>> = {
  10: "DEBUG",
  20: "INFO",
  30: "WARNING",
  40: "ERROR",
  50: "CRITICAL",
};

/**
 * The Logs tab of a run. `live` is false once the run is over (no more lines are expected).
 * `tasks` are the run's task runs, naming lines and offered as a filter; `taskRunId` shows only that
 * task run's lines, with no filter to change it (the task-run page).
 */
export function RunLogs({
  flowRunId,
  live,
  tasks = [],
  taskRunId,
}: {
  flowRunId: string;
  live: boolean;
  tasks?: readonly LogTask[];
  taskRunId?: string;
}) {
  const [params, setParams] = useSearchParams();
  const level = LOG_LEVELS.find((choice) => choice.id === params.get("level")) ?? LOG_LEVELS[0];
  const chosenTask = taskRunId ? undefined : tasks.find((task) => task.id === params.get("task"));
  const tail = useLogTail(flowRunId, level.min, taskRunId ?? chosenTask?.id);
  const names = useMemo(() => new Map(tasks.map((task) => [task.id, task.label])), [tasks]);
  const zone = useTimeZoneSetting();
  const announcement = useNewLinesAnnouncement(
    tail.lines.length,
    tail.following && live,
    `${level.id}:${chosenTask?.id ?? ""}`,
  );
  const box = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  // Keep the newest line in view while the reader is at the bottom; leave them be if they scrolled up.
  useLayoutEffect(() => {
    const element = box.current;
    if (element && pinned.current && tail.following) element.scrollTop = element.scrollHeight;
  }, [tail.lines.length, tail.following]);
  const setParam = (name: string, value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value === null) next.delete(name);
        else next.set(name, value);
        return next;
      },
      { replace: true },
    );
  const setLevel = (id: string) => setParam("level", id === "debug" ? null : id);
  return (
    <div className="logs" data-testid="logs">
      <div className="row logs-toolbar">
        <FilterField label="Level">
          {(id) => (
            <select id={id} value={level.id} onChange={(event) => setLevel(event.target.value)}>
              {LOG_LEVELS.map((choice) => (
                <option key={choice.id} value={choice.id}>
                  {choice.id === "debug" ? "All levels" : `${choice.label} and above`}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        {!taskRunId && tasks.length > 0 && (
          <FilterField label="Task">
            {(id) => (
              <select
                id={id}
                value={chosenTask?.id ?? ""}
                onChange={(event) => setParam("task", event.target.value || null)}
                data-testid="log-task-filter"
              >
                <option value="">All tasks and the flow</option>
                {tasks.map((task) => (
                  <option key={task.id} value={task.id}>
                    {task.label}
                  </option>
                ))}
              </select>
            )}
          </FilterField>
        )}
        <span className="muted small" data-testid="log-count">
          {tail.lines.length.toLocaleString()} line{tail.lines.length === 1 ? "" : "s"}
          {tail.more ? " (more below)" : tail.following && live ? " · following new lines" : ""}
        </span>
        <span className="spacer" />
        {!taskRunId && (
          <a
            className="button small"
            href={`${apiUrl}/flow_runs/${flowRunId}/logs/download`}
            download
            data-testid="logs-download"
          >
            Download
          </a>
        )}
      </div>
      <LiveRegion message={announcement} testId="logs-announcement" />
      {tail.error ? <ErrorMessage error={tail.error} title="Could not load the logs" /> : null}
      {tail.loading ? (
        <Loading what="logs" />
      ) : tail.lines.length === 0 && !tail.error ? (
        <EmptyState title={level.min > 0 ? `No ${level.label.toLowerCase()} lines or above` : "No logs yet"}>
          {level.min > 0
            ? "Lines at lower levels are hidden; pick All levels to see them."
            : chosenTask || taskRunId
              ? "This task run has logged nothing yet."
              : live
                ? "Lines appear here as the run logs them."
                : "This run logged nothing. Flows log with getRunLogger().info(…)."}
        </EmptyState>
      ) : (
        <div
          className="log-lines"
          role="region"
          aria-label="Log lines"
          tabIndex={0}
          ref={box}
          onScroll={(event) => {
            const element = event.currentTarget;
            pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
          }}
        >
          {tail.lines.map((line) => (
            <LogLine
              key={line.id}
              line={line}
              taskName={line.task_run_id ? names.get(line.task_run_id) : undefined}
              zone={zone}
            />
          ))}
          {tail.more && (
            <div className="log-more">
              <button type="button" className="small" onClick={tail.loadMore}>
                Load more
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}

/** One line: time, coloured level, the task run that logged it (else the logger), message. */
function LogLine({
  line,
  taskName,
  zone,
}: {
  line: Log;
  taskName: string | undefined;
  /** The time-zone setting every time on the page follows. */
  zone: TimeZoneSetting;
}) {
  const name = LEVEL_NAMES[line.level] ?? `LEVEL ${line.level}`;
  return (
    <div className="log-line" data-testid="log-line" data-level={line.level}>
      <time dateTime={line.timestamp} title={formatDateTimeWithZone(line.timestamp, zone)}>
        {formatClockTime(line.timestamp, zone)}
      </time>
      <span className={`log-level log-level-${name.split(" ")[0]?.toLowerCase()}`}>{name}</span>
      {taskName && line.task_run_id ? (
        <Link
          className="log-logger log-task"
          to={paths.taskRun(line.task_run_id)}
          title={`Task run ${taskName} (logger ${line.name})`}
          data-testid="log-task"
        >
          {taskName}
        </Link>
      ) : (
        <span className="log-logger" title={line.task_run_id ? `task run ${line.task_run_id}` : undefined}>
          {line.name}
        </span>
      )}
      <span className="log-message">{line.message}</span>
    </div>
  );
}
