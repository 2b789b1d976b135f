/**
 * @module Bulk writes into a seeded PostgreSQL schema: each chunk in one transaction — runs and
 * states as `INSERT … SELECT FROM unnest(arrays)` (one parameter per column, whatever the row
 * count), log lines as `INSERT … SELECT` from the chunk's runs crossed with `generate_series`. The
 * secondary indexes of the bulk tables are dropped first and rebuilt from their own definitions
 * at the end (building an index once is much faster than growing it row by row).
 */
import pg from "pg";
import { LOG_COLUMNS, LOG_RUN_COLUMNS, logRowsSelect } from "./log-lines.js";
import { RUN_COLUMNS, type RunChunk, STATE_COLUMNS } from "./run-rows.js";
import { BULK_TABLES, type SeedWriter } from "./writer.js";

/** PostgreSQL array types of the seeded columns (JSON travels as text and is cast per value). */
const TYPES: Record<string, string> = {
  id: "uuid",
  flow_id: "uuid",
  deployment_id: "uuid",
  work_queue_id: "uuid",
  work_pool_id: "uuid",
  state_id: "uuid",
  flow_run_id: "uuid",
  created: "int8",
  updated: "int8",
  state_timestamp: "int8",
  expected_start_time: "int8",
  next_scheduled_start_time: "int8",
  start_time: "int8",
  end_time: "int8",
  total_run_time: "int8",
  timestamp: "int8",
  run_count: "int4",
  auto_scheduled: "bool",
  parameters: "jsonb",
  empirical_policy: "jsonb",
  tags: "jsonb",
  details: "jsonb",
};

function unnestInsert(table: string, columns: readonly string[]): string {
  const arrays = columns.map(
    (c, i) => `$${i + 1}::${TYPES[c] === "jsonb" ? "text" : (TYPES[c] ?? "text")}[]`,
  );
  const values = columns.map((c) => (TYPES[c] === "jsonb" ? `u.${c}::jsonb` : `u.${c}`));
  return `insert into ${table} (${columns.join(",")}) select ${values.join(",")} from unnest(${arrays.join(",")}) as u(${columns.join(",")})`;
}

/** Column arrays of `rows` (booleans stored as 0/1 by the generator become real booleans). */
function columnsOf(rows: readonly (readonly unknown[])[], columns: readonly string[]): unknown[][] {
  return columns.map((column, c) =>
    rows.map((row) => (TYPES[column] === "bool" ? row[c] === 1 : (row[c] ?? null))),
  );
}

/** Connects to `url` working in `schema` (migrated, catalog written) for the bulk part of the seed. */
export async function postgresWriter(url: string, schema: string, logsPerRun: number): Promise<SeedWriter> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  // Losing the last commits in a crash is fine here: an unfinished seed has no marker.
  await client.query("set synchronous_commit = off");
  await client.query("set maintenance_work_mem = '512MB'");
  // Indexes behind primary keys and constraints stay (the constraints need them).
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `select indexname as name, indexdef as definition from pg_indexes
     where schemaname = $1 and tablename = any($2)
       and indexname not in (select conname from pg_constraint where connamespace = $1::regnamespace)`,
    [schema, [...BULK_TABLES]],
  );
  for (const { name } of indexes) await client.query(`drop index "${name}"`);
  const insertRuns = unnestInsert("flow_run", RUN_COLUMNS);
  const insertStates = unnestInsert("flow_run_state", STATE_COLUMNS);
  const idOfLine = `overlay(r.id::text placing lpad(to_hex(s.n), 3, '0') from 34)::uuid`;
  // k numbers runs from 1 in the order written, as SQLite's rowid does, so both get the same lines.
  const insertLogs = `insert into log ${LOG_COLUMNS}
    ${logRowsSelect(idOfLine, logsPerRun)}
    from (select u.k + $2 as k, ${LOG_RUN_COLUMNS}
          from unnest($1::uuid[]) with ordinality as u(id, k) join flow_run f on f.id = u.id) r
    cross join generate_series(0, ${logsPerRun - 1}) as s(n)
    order by r.k, s.n`;
  let written = 0;

  return {
    async writeChunk(chunk: RunChunk): Promise<void> {
      await client.query("begin");
      try {
        await client.query(insertRuns, columnsOf(chunk.runs, RUN_COLUMNS));
        await client.query(insertStates, columnsOf(chunk.states, STATE_COLUMNS));
        if (logsPerRun > 0) await client.query(insertLogs, [chunk.runs.map((row) => row[0]), written]);
        await client.query("commit");
      } catch (error) {
        await client.query("rollback");
        throw error;
      }
      written += chunk.runs.length;
    },
    async exec(statement: string, parameters: readonly unknown[] = []): Promise<void> {
      await client.query(statement, [...parameters]);
    },
    async finish(): Promise<void> {
      for (const { definition } of indexes) await client.query(definition);
      // VACUUM also fills the visibility map, which index-only scans (the counts) depend on;
      // autovacuum would get there too, some time after a bulk load.
      await client.query("vacuum (analyze) flow_run, flow_run_state, log");
    },
    async close(): Promise<void> {
      await client.end();
    },
  };
}
