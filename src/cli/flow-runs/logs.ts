import type { LogFilter } from "../../api/filters.js";
import type { Log } from "../../api/logs.js";
import type { StewardClient } from "../../client/client.js";
import { isTerminal, LogLevel, type LogLevelName } from "../../core/states.js";
import type { CliContext } from "../context.js";
import { UsageError } from "../errors.js";
import { formatLogTimestamp } from "../format.js";
import { fetchUpTo } from "../paging.js";
import { flowRunId, readFlowRun } from "./lookup.js";

/** Options of `steward flow-run logs`. */
export interface LogsOptions {
  follow?: boolean;
  head?: number;
  tail?: number;
  level?: string;
  json?: boolean;
}

/** How often `--follow` asks for new lines. */
const FOLLOW_INTERVAL_MS = 500;
/**
 * `--follow` re-reads this far behind the newest line it has printed: lines are shipped in batches
 * (and by more than one process), so a line can arrive after a newer one was already stored.
 * Lines seen before are skipped by id.
 */
const FOLLOW_LOOKBACK_MS = 2_000;

/** `steward flow-run logs ID`: a flow run's log lines in order, optionally following new ones. */
export async function showFlowRunLogs(
  ctx: CliContext,
  idArgument: string,
  options: LogsOptions,
): Promise<void> {
  const id = flowRunId(idArgument);
  if (options.head !== undefined && options.tail !== undefined) {
    throw new UsageError("--head and --tail cannot be used together; pick one.");
  }
  if (options.head !== undefined && options.follow) {
    throw new UsageError(
      "--head cannot be used with --follow (use --tail N --follow to start from the end).",
    );
  }
  const filter: LogFilter = { flow_run_id: { any_: [id] }, ...levelFilter(options.level) };
  const client = ctx.client();
  await readFlowRun(client, id); // a clear "not found" beats an empty listing
  const print = (log: Log) => printLog(ctx, log, options.json === true);
  const first = await readFirst(client, filter, options);
  first.forEach(print);
  if (options.follow) await follow(ctx, client, id, filter, first, print);
}

function levelFilter(level: string | undefined): Pick<LogFilter, "level"> {
  if (level === undefined) return {};
  const name = level.toUpperCase();
  if (!Object.hasOwn(LogLevel, name)) {
    throw new UsageError(
      `Unknown log level ${JSON.stringify(level)}; use one of ${Object.keys(LogLevel).join(", ")}.`,
    );
  }
  return { level: { ge_: LogLevel[name as LogLevelName] } };
}

async function readFirst(client: StewardClient, filter: LogFilter, options: LogsOptions): Promise<Log[]> {
  const page = (sort: "TIMESTAMP_ASC" | "TIMESTAMP_DESC") => (offset: number, limit: number) =>
    client.call("filterLogs", { body: { logs: filter, sort, limit, offset } });
  if (options.tail !== undefined) return (await fetchUpTo(options.tail, page("TIMESTAMP_DESC"))).reverse();
  return fetchUpTo(options.head ?? Number.POSITIVE_INFINITY, page("TIMESTAMP_ASC"));
}

/**
 * Polls for new lines until the run is in a terminal state, then reads once more so lines shipped
 * with (or just after) the final state are printed too.
 */
async function follow(
  ctx: CliContext,
  client: StewardClient,
  id: string,
  filter: LogFilter,
  printed: Log[],
  print: (log: Log) => void,
): Promise<void> {
  const seen = new Map(printed.map((log) => [log.id, Date.parse(log.timestamp)]));
  let newest = printed.reduce((max, log) => Math.max(max, Date.parse(log.timestamp)), 0);
  // Lines older than what was already shown (e.g. cut off by --tail) are not news.
  const floor = newest;
  for (let finished = false; !finished;) {
    const run = await readFlowRun(client, id);
    finished = run.state_type !== null && isTerminal(run.state_type);
    if (!finished) await sleep(FOLLOW_INTERVAL_MS);
    const after = new Date(Math.max(0, newest - FOLLOW_LOOKBACK_MS)).toISOString();
    const lines = await fetchUpTo(Number.POSITIVE_INFINITY, (offset, limit) =>
      client.call("filterLogs", {
        body: { logs: { ...filter, timestamp: { after_: after } }, sort: "TIMESTAMP_ASC", limit, offset },
      }),
    );
    for (const log of lines) {
      const at = Date.parse(log.timestamp);
      if (seen.has(log.id) || at < floor) continue;
      seen.set(log.id, at);
      newest = Math.max(newest, at);
      print(log);
    }
    forgetOlderThan(seen, newest - 2 * FOLLOW_LOOKBACK_MS);
  }
  ctx.out.note(`Flow run ${id} finished.`);
}

function forgetOlderThan(seen: Map<string, number>, cutoff: number): void {
  for (const [logId, at] of seen) if (at < cutoff) seen.delete(logId);
}

function printLog(ctx: CliContext, log: Log, json: boolean): void {
  if (json) {
    ctx.out.line(JSON.stringify(log));
    return;
  }
  const level = levelName(log.level);
  const colors = ctx.out.colors;
  const style =
    log.level >= LogLevel.ERROR ? colors.red : log.level >= LogLevel.WARNING ? colors.yellow : colors.dim;
  ctx.out.line(`${formatLogTimestamp(log.timestamp)}  ${style(level.padEnd(8))}  ${log.message}`);
}

/** The name of a numeric level: the highest named level at or below it (25 → INFO). */
export function levelName(level: number): string {
  let name = "NOTSET";
  for (const [candidate, value] of Object.entries(LogLevel)) if (level >= value) name = candidate;
  return name;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
