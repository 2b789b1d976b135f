/**
 * @module A flow run's log lines (all of them, or one task run's), oldest first, loaded a page of 200 at a time and followed live.
 *
 * Only one query is ever active: the page that starts where the loaded lines end. The live
 * refresh refetches just that page, so a run with 10,000 lines costs one small request per change
 * rather than every page again; lines it returns are appended. Until the end of the log has been
 * reached, a further page is fetched only when asked for ("Load more"), so opening a huge log shows
 * its first page at once; from then on new lines are followed as they arrive.
 */
import { useEffect, useState } from "react";
import type { Log } from "../../../../src/api/logs.js";
import { useApi } from "../../api/client.js";

/** Lines per request (the API's largest page). */
export const LOG_PAGE = 200;

interface TailState {
  /** The run, task run and level the lines belong to; a change starts again from the top. */
  readonly key: string;
  readonly lines: readonly Log[];
  readonly ids: ReadonlySet<string>;
  /** Where the next page starts, in the server's order. */
  readonly offset: number;
  /** How many lines the person has asked for so far (a page per "Load more"). */
  readonly wanted: number;
  /** True once a page came back short: the end of the log is on screen, so new lines are followed. */
  readonly following: boolean;
}

const start = (key: string): TailState => ({
  key,
  lines: [],
  ids: new Set(),
  offset: 0,
  wanted: LOG_PAGE,
  following: false,
});

/** The log of `flowRunId` at `minLevel` and above; only the lines of `taskRunId` when given. */
export function useLogTail(flowRunId: string, minLevel: number, taskRunId?: string) {
  const key = `${flowRunId}:${taskRunId ?? ""}:${minLevel}`;
  const [stored, setState] = useState<TailState>(() => start(key));
  const state = stored.key === key ? stored : start(key);
  const enabled = state.following || state.lines.length < state.wanted;
  const page = useApi(
    "filterLogs",
    {
      body: {
        // A task run's lines are looked up within its flow run's, which the logs index follows.
        logs: {
          flow_run_id: { any_: [flowRunId] },
          level: { ge_: minLevel },
          ...(taskRunId ? { task_run_id: { any_: [taskRunId] } } : {}),
        },
        sort: "TIMESTAMP_ASC",
        limit: LOG_PAGE,
        offset: state.offset,
      },
    },
    { enabled },
  );
  const data = page.data;
  const offset = state.offset;
  useEffect(() => {
    if (!data) return;
    setState((previous) => {
      const current = previous.key === key ? previous : start(key);
      // The answer belongs to the page at `offset`; once appended, the next page is asked for.
      if (current.offset !== offset) return current;
      const fresh = data.filter((line) => !current.ids.has(line.id));
      const following = current.following || data.length < LOG_PAGE;
      if (fresh.length === 0 && following === current.following && current === previous) return previous;
      const ids = new Set(current.ids);
      for (const line of fresh) ids.add(line.id);
      return {
        key,
        lines: fresh.length ? [...current.lines, ...fresh] : current.lines,
        ids,
        offset: current.offset + data.length,
        // While following, keep up with a burst of lines instead of stopping at a page boundary.
        wanted: following ? current.lines.length + fresh.length + LOG_PAGE : current.wanted,
        following,
      };
    });
  }, [data, offset, key]);
  return {
    lines: state.lines,
    /** True before the first page has arrived. */
    loading: state.lines.length === 0 && !state.following && page.isPending && enabled,
    error: page.error,
    /** More lines wait beyond the ones shown, and "Load more" would fetch them. */
    more: !state.following && state.lines.length >= state.wanted,
    following: state.following,
    loadMore: () =>
      setState((previous) => ({
        ...(previous.key === key ? previous : start(key)),
        wanted: state.lines.length + LOG_PAGE,
      })),
  };
}
