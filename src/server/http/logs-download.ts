/**
 * @module `GET /api/flow_runs/{id}/logs/download`: a flow run's logs as a plain-text file, oldest
 * first, read from the store page by page while the client downloads, so a run with millions of
 * lines never sits in memory at once.
 */
import type { Context } from "hono";
import type { Log } from "../../api/index.js";
import type { Store } from "../storage/store.js";
import { found, RESOURCES, requireUuid } from "./resources.js";

/** Path of the download under the API's base path. */
export const LOGS_DOWNLOAD_PATH = "/flow_runs/{id}/logs/download";

/** Lines read from the store per query. */
export const LOGS_DOWNLOAD_PAGE = 5_000;

const LEVEL_NAMES: Readonly<Record<number, string>> = {
  10: "DEBUG",
  20: "INFO",
  30: "WARNING",
  40: "ERROR",
  50: "CRITICAL",
};

/** What the download handler is built from. */
export interface LogsDownloadOptions {
  readonly store: Pick<Store, "flowRuns" | "logs">;
  /** Lines per store query. @default LOGS_DOWNLOAD_PAGE */
  readonly pageSize?: number;
  /** Where a failure in the middle of a download is reported (the status is already sent). */
  readonly log?: (line: string) => void;
}

/** The handler: 404 FLOW_RUN_NOT_FOUND for an unknown run, else the streamed file. */
export function logsDownloadHandler(options: LogsDownloadOptions) {
  return async (c: Context): Promise<Response> => {
    const id = requireUuid(RESOURCES.flow_runs, c.req.param("id") ?? "");
    const run = found(await options.store.flowRuns.read(id), RESOURCES.flow_runs, id);
    const body = logLines(options, id).pipeThrough(new TextEncoderStream());
    return new Response(body, {
      status: 200,
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "content-disposition": attachment(`${run.name}-logs.txt`),
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  };
}

/** One line of the file: `2026-11-24T10:00:00.123Z INFO    logger-name - message`. */
export function formatLogLine(log: Pick<Log, "timestamp" | "level" | "name" | "message">): string {
  const level = LEVEL_NAMES[log.level] ?? String(log.level);
  return `${log.timestamp} ${level.padEnd(7)} ${log.name} - ${log.message}\n`;
}

/**
 * The run's lines as a stream that reads the next page only when the client has taken the last.
 * Pages are keyed by timestamp (the index order), with an offset only among lines sharing the last
 * timestamp seen, so retention deleting old lines meanwhile neither skips nor repeats any.
 */
function logLines(options: LogsDownloadOptions, flowRunId: string): ReadableStream<string> {
  const pageSize = options.pageSize ?? LOGS_DOWNLOAD_PAGE;
  let lastTimestamp: string | undefined;
  let seenAtLast = 0;
  return new ReadableStream<string>(
    {
      async pull(controller) {
        try {
          const page = await options.store.logs.filter({
            logs: {
              flow_run_id: { any_: [flowRunId] },
              ...(lastTimestamp !== undefined && { timestamp: { after_: lastTimestamp } }),
            },
            sort: "TIMESTAMP_ASC",
            limit: pageSize,
            offset: seenAtLast,
          });
          for (const log of page) {
            seenAtLast = log.timestamp === lastTimestamp ? seenAtLast + 1 : 1;
            lastTimestamp = log.timestamp;
          }
          if (page.length > 0) controller.enqueue(page.map(formatLogLine).join(""));
          if (page.length < pageSize) controller.close();
        } catch (error) {
          options.log?.(
            `GET /api/flow_runs/${flowRunId}/logs/download failed while streaming: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          );
          controller.error(error);
        }
      },
    },
    // One page at a time: the next query waits until the previous page has been sent.
    { highWaterMark: 0 },
  );
}

/**
 * `attachment; filename="…"`: header values must be ASCII, so other characters (and quotes) become
 * `_` in `filename`, and the exact name goes in RFC 6266's `filename*` when they differ.
 */
function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  if (ascii === filename) return `attachment; filename="${filename}"`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
