import type { Log, LogCreate } from "../../../api/index.js";
import { isoFromMs, msFromIso } from "../codec.js";
import type { LogTable } from "../database.js";
import type { Parsed } from "../types.js";

/** The API form of a log row. */
export function logFromRow(row: LogTable): Log {
  return {
    id: row.id,
    created: isoFromMs(row.created),
    name: row.name,
    level: row.level,
    message: row.message,
    timestamp: isoFromMs(row.timestamp),
    flow_run_id: row.flow_run_id,
    task_run_id: row.task_run_id,
  };
}

/**
 * The row to store for a log line. NUL characters are replaced: PostgreSQL text cannot hold them,
 * and one stray byte in a printed buffer must not make a whole batch of logs fail.
 */
export function logRow(id: string, line: Parsed<typeof LogCreate>, created: number): LogTable {
  return {
    id,
    created,
    name: line.name,
    level: line.level,
    message: line.message.includes("\u0000") ? line.message.replaceAll("\u0000", "\uFFFD") : line.message,
    timestamp: msFromIso(line.timestamp),
    flow_run_id: line.flow_run_id ?? null,
    task_run_id: line.task_run_id ?? null,
  };
}
