import { newId } from "../../../core/ids.js";
import type { Log, LogCreate, LogQuery } from "../../../api/index.js";
import { chunks, INSERT_CHUNK_ROWS, type StoreContext } from "../context.js";
import type { LogTable } from "../database.js";
import { logFromRow, logRow } from "../mappers/log.js";
import { type BulkInsert, bulkInsert } from "../query/bulk-insert.js";
import { and, logConditions } from "../query/filters.js";
import { logOrder } from "../query/sorts.js";
import type { Parsed } from "../types.js";
import type { Store } from "../store.js";

const INSERT_LOGS: BulkInsert<LogTable> = {
  table: "log",
  columns: ["id", "created", "name", "level", "message", "timestamp", "flow_run_id", "task_run_id"],
};

/** Log lines: written in batches (the SDK ships them every 500 ms), read with filters. */
export function createLogRepo(ctx: StoreContext): Store["logs"] {
  const { db } = ctx;
  return {
    async create(batch: readonly Parsed<typeof LogCreate>[]): Promise<void> {
      if (batch.length === 0) return;
      const now = ctx.now();
      // UUIDv7 ids are monotonic within a process, so lines with equal timestamps keep the order
      // they were sent in (the id breaks ties when sorting).
      const rows = batch.map((line) => logRow(newId(), line, now));
      await db.transaction().execute(async (trx) => {
        for (const chunk of chunks(rows, INSERT_CHUNK_ROWS))
          await bulkInsert(trx, ctx.ops, INSERT_LOGS, chunk);
      });
    },

    async filter(query: Parsed<typeof LogQuery>): Promise<Log[]> {
      let q = db
        .selectFrom("log")
        .selectAll()
        .where(and(logConditions(query.logs)));
      for (const term of logOrder(query.sort)) q = q.orderBy(term);
      const rows = await q.limit(query.limit).offset(query.offset).execute();
      return rows.map(logFromRow);
    },

    async deleteBefore(timestamp: number): Promise<number> {
      let deleted = 0;
      // Small batches, each its own transaction: retention must never hold SQLite's one writer
      // long enough to stall the API, however many lines have expired.
      for (;;) {
        const expired = db
          .selectFrom("log")
          .select("id")
          .where("timestamp", "<", timestamp)
          .limit(RETENTION_BATCH);
        const result = await db.deleteFrom("log").where("id", "in", expired).executeTakeFirst();
        const count = Number(result.numDeletedRows);
        deleted += count;
        if (count < RETENTION_BATCH) return deleted;
      }
    },
  };
}

const RETENTION_BATCH = 5_000;
