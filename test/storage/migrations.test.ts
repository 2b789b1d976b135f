import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Kysely, sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATION_NAMES, migrate } from "../../src/server/storage/migrations/index.js";
import { connectPostgres } from "../../src/server/storage/postgres/connect.js";
import { connectSqlite } from "../../src/server/storage/sqlite/connect.js";
import { assertPostgresReachable, dropSchema, POSTGRES_URL, uniqueSchema } from "./harness.js";

/** A database of one dialect, opened raw (no store), and how to describe its schema. */
interface RawDatabase {
  readonly db: Kysely<unknown>;
  readonly schema?: string;
  dump(): Promise<string[]>;
  close(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function openSqlite(): Promise<RawDatabase> {
  const dir = mkdtempSync(join(tmpdir(), "steward-migrations-"));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const db = connectSqlite(join(dir, "steward.db")) as unknown as Kysely<unknown>;
  return {
    db,
    dump: async () => {
      const { rows } = await sql<{ line: string }>`
        select type || ' ' || name || ' ON ' || tbl_name || ': ' || coalesce(sql, '') as line
        from sqlite_master where name not like 'sqlite_%' order by type, name`.execute(db);
      return rows.map((r) => r.line);
    },
    close: () => db.destroy(),
  };
}

async function openPostgres(): Promise<RawDatabase> {
  await assertPostgresReachable();
  const schema = uniqueSchema();
  cleanups.push(() => dropSchema(schema));
  const db = (await connectPostgres(POSTGRES_URL, schema)) as unknown as Kysely<unknown>;
  return { db, schema, dump: () => dumpPostgres(db, schema), close: () => db.destroy() };
}

/** Columns, indexes and constraints of `schema`, with the schema's own name taken out. */
async function dumpPostgres(db: Kysely<unknown>, schema: string): Promise<string[]> {
  const columns = await sql<{ line: string }>`
    select 'column ' || table_name || '.' || column_name || ' ' || data_type || ' null=' || is_nullable
      || ' default=' || coalesce(column_default, '') as line
    from information_schema.columns where table_schema = ${schema}`.execute(db);
  const indexes = await sql<{ line: string }>`
    select 'index ' || indexname || ': ' || indexdef as line from pg_indexes where schemaname = ${schema}`.execute(
    db,
  );
  const constraints = await sql<{ line: string }>`
    select 'constraint ' || c.conname || ' ON ' || t.relname || ': ' || pg_get_constraintdef(c.oid) as line
    from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = ${schema}`.execute(db);
  return [...columns.rows, ...indexes.rows, ...constraints.rows]
    .map((r) => r.line.replaceAll(`${schema}.`, "<schema>."))
    .sort();
}

describe.each([
  { name: "sqlite", open: openSqlite },
  { name: "postgres", open: openPostgres },
])("migrations on $name", ({ open }) => {
  it("a fresh install and a step-by-step upgrade give the same schema", async () => {
    const fresh = await open();
    const stepwise = await open();
    try {
      expect(await migrate(fresh.db, { schema: fresh.schema })).toEqual(MIGRATION_NAMES);
      for (const name of MIGRATION_NAMES) {
        expect(await migrate(stepwise.db, { schema: stepwise.schema, to: name })).toEqual([name]);
      }
      const expected = await fresh.dump();
      expect(await stepwise.dump()).toEqual(expected);
      // Running again changes nothing.
      expect(await migrate(fresh.db, { schema: fresh.schema })).toEqual([]);
      expect(await fresh.dump()).toEqual(expected);
    } finally {
      await fresh.close();
      await stepwise.close();
    }
  });

  it("creates every table and the indexes the loops and lists rely on", async () => {
    const raw = await open();
    try {
      await migrate(raw.db, { schema: raw.schema });
      const dump = (await raw.dump()).join("\n");
      for (const table of ["flow", "flow_run", "flow_run_state", "task_run", "task_run_state", "log"]) {
        expect(dump).toMatch(new RegExp(`\\b${table}\\b`));
      }
      for (const index of [
        "ix_flow_run__state_type_expected_start_time",
        "ix_flow_run__flow_id",
        "ix_flow_run__deployment_id",
        "ix_flow_run__work_queue_id",
        "ix_flow_run__parent_task_run_id",
        "ix_flow_run__next_scheduled_start_time_scheduled",
        "uq_flow_run__flow_id_idempotency_key",
        "uq_task_run__flow_run_id_task_key_dynamic_key",
        "ix_flow_run_state__flow_run_id_timestamp",
        "ix_task_run_state__task_run_id_timestamp",
        "ix_log__flow_run_id_timestamp",
        "ix_log__timestamp",
      ]) {
        expect(dump).toContain(index);
      }
      expect(dump).toMatch(/next_scheduled_start_time.*WHERE.*state_type.*SCHEDULED/i);
    } finally {
      await raw.close();
    }
  });
});
