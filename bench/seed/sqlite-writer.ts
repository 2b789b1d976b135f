/**
 * @module Bulk writes into a seeded SQLite file: one connection, one transaction, prepared
 * statements for the runs and states, `INSERT … SELECT` for the log lines. The journal is off
 * while seeding: an interrupted seed has no completion marker and is thrown away anyway. The
 * secondary indexes of the bulk tables are dropped first and rebuilt from their own definitions
 * at the end (building an index once is much faster than growing it row by row). No ANALYZE: a
 * Steward database never gets one, so the planner here works without statistics, as it does there.
 */
import BetterSqlite3 from "better-sqlite3";
import { registerSqliteFunctions } from "../../src/server/storage/sqlite/connect.js";
import { LOG_COLUMNS, LOG_RUN_COLUMNS, logRowsSelect } from "./log-lines.js";
import { RUN_COLUMNS, type RunChunk, STATE_COLUMNS } from "./run-rows.js";
import { BULK_TABLES, type SeedWriter } from "./writer.js";

const marks = (n: number) => Array.from({ length: n }, () => "?").join(",");

/** Opens `path` (already migrated, catalog written) for the bulk part of the seed. */
export function sqliteWriter(path: string, logsPerRun: number): SeedWriter {
  const db = new BetterSqlite3(path);
  registerSqliteFunctions(db);
  // better-sqlite3's defensive mode refuses journal_mode = OFF otherwise.
  db.unsafeMode(true);
  db.pragma("journal_mode = OFF");
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -1048576"); // 1 GiB
  db.pragma("temp_store = MEMORY");
  db.exec("begin");
  let open = true;
  const tables = BULK_TABLES.map((t) => `'${t}'`).join(",");
  // Automatic indexes (primary keys, UNIQUE constraints) have no SQL and stay.
  const indexes = db
    .prepare(
      `select name, sql from sqlite_master where type = 'index' and tbl_name in (${tables}) and sql is not null`,
    )
    .all() as { name: string; sql: string }[];
  for (const { name } of indexes) db.exec(`drop index "${name}"`);
  const insertRun = db.prepare(
    `insert into flow_run (${RUN_COLUMNS.join(",")}) values (${marks(RUN_COLUMNS.length)})`,
  );
  const insertState = db.prepare(
    `insert into flow_run_state (${STATE_COLUMNS.join(",")}) values (${marks(STATE_COLUMNS.length)})`,
  );
  const idOfLine = `substr(r.id, 1, 33) || printf('%03x', s.n)`;
  const insertLogs = db.prepare(`
    insert into log ${LOG_COLUMNS}
    with recursive seq(n) as (select 0 union all select n + 1 from seq where n + 1 < ${logsPerRun})
    ${logRowsSelect(idOfLine, logsPerRun)}
    from (select f.rowid as k, ${LOG_RUN_COLUMNS} from flow_run f where f.rowid > ?) r, seq s
    order by r.k, s.n`);
  const maxRowid = db.prepare("select coalesce(max(rowid), 0) as k from flow_run").pluck();

  return {
    async writeChunk(chunk: RunChunk): Promise<void> {
      const before = maxRowid.get() as number;
      for (const row of chunk.runs) insertRun.run(row);
      for (const row of chunk.states) insertState.run(row);
      if (logsPerRun > 0) insertLogs.run(before);
    },
    async exec(statement: string, parameters: readonly unknown[] = []): Promise<void> {
      db.prepare(statement).run(...parameters);
    },
    async finish(): Promise<void> {
      for (const { sql } of indexes) db.exec(sql);
      db.exec("commit");
      open = false;
      db.unsafeMode(false);
      db.pragma("journal_mode = WAL");
    },
    async close(): Promise<void> {
      if (open) db.exec("rollback");
      db.close();
    },
  };
}
