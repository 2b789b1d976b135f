/**
 * Seeds a database for the UI benchmarks: 200 flows, 500 deployments over 10 work pools, N flow
 * runs over the last 30 days (plus 3% scheduled in the next three) and logs-per-run log lines each.
 *
 *   npx tsx bench/seed-runs.ts                       # both backends, 1,000,000 runs, 10 lines each
 *   npx tsx bench/seed-runs.ts --db sqlite --runs 20000 --logs-per-run 10 [--fresh]
 *
 * SQLite goes to bench/.data/ui-<runs>-<lines>.db, PostgreSQL to the schema bench_ui_<runs>_<lines>
 * of postgres://postgres@127.0.0.1:5432/test (STEWARD_BENCH_POSTGRES_URL to change). A complete seed
 * carries a marker row and is reused; an incomplete or older-format one is thrown away and redone.
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { openStore } from "../src/server/storage/index.js";
import { type Catalog, createCatalog } from "./seed/catalog.js";
import { type Dialect, SEED_ARGS, seedOptions } from "./seed/options.js";
import { postgresWriter } from "./seed/postgres-writer.js";
import { seededRandom } from "./seed/random.js";
import { generateRuns } from "./seed/run-rows.js";
import { sqliteWriter } from "./seed/sqlite-writer.js";
import type { SeedWriter } from "./seed/writer.js";
import BetterSqlite3 from "better-sqlite3";

/** The PostgreSQL the benchmarks use. */
export const BENCH_POSTGRES_URL =
  process.env.STEWARD_BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** Bumped whenever the generated data changes shape, so older seeds are redone. */
const SEED_FORMAT = 1;
const CHUNK_RUNS = 10_000;
const DATA_DIR = fileURLToPath(new URL("./.data/", import.meta.url));

/** What to seed. */
export interface SeedOptions {
  readonly dialect: Dialect;
  readonly runs: number;
  readonly logsPerRun: number;
  /** Seed again even when a complete seed exists. */
  readonly fresh?: boolean;
  /** Progress lines. @default console.log */
  readonly log?: (line: string) => void;
}

/** A seeded database, ready for `openStore(url, { schema })`. */
export interface SeededDatabase {
  readonly dialect: Dialect;
  readonly url: string;
  /** PostgreSQL schema. */
  readonly schema?: string;
  readonly runs: number;
  readonly logsPerRun: number;
  /** The seed's clock (epoch ms): runs lie in the 30 days before it and the 3 days after. */
  readonly now: number;
  /** True when an existing complete seed was reused. */
  readonly reused: boolean;
  /** How long seeding took (0 when reused). */
  readonly seedSeconds: number;
}

interface Marker {
  readonly format: number;
  readonly runs: number;
  readonly logs_per_run: number;
  readonly now: number;
}

/** Seeds (or reuses) the database of this size on this backend. */
export async function seedRuns(options: SeedOptions): Promise<SeededDatabase> {
  const { dialect, runs, logsPerRun } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const name = `${runs}_${logsPerRun}`;
  const target =
    dialect === "sqlite"
      ? { url: `sqlite:${join(DATA_DIR, `ui-${name.replace("_", "-")}.db`)}`, schema: undefined }
      : { url: BENCH_POSTGRES_URL, schema: `bench_ui_${name}` };
  const found = options.fresh ? undefined : await readMarker(dialect, target.url, target.schema);
  if (
    found !== undefined &&
    found.format === SEED_FORMAT &&
    found.runs === runs &&
    found.logs_per_run === logsPerRun
  ) {
    log(`${dialect}: reusing the seed of ${runs.toLocaleString("en")} runs (${where(target)})`);
    await upgrade(dialect, target.url, target.schema, log);
    return { dialect, ...target, runs, logsPerRun, now: found.now, reused: true, seedSeconds: 0 };
  }
  await wipe(dialect, target.url, target.schema);
  const started = performance.now();
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  log(
    `${dialect}: seeding ${runs.toLocaleString("en")} runs × ${logsPerRun} log lines into ${where(target)}`,
  );
  const store = await openStore(target.url, { schema: target.schema, now: () => now });
  const random = seededRandom(runs);
  let catalog: Catalog;
  try {
    catalog = await createCatalog(store, random);
  } finally {
    await store.close();
  }
  log(
    `${dialect}:   flows, pools and deployments made in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const writer: SeedWriter =
    dialect === "sqlite"
      ? sqliteWriter(target.url.slice("sqlite:".length), logsPerRun)
      : await postgresWriter(target.url, target.schema ?? "public", logsPerRun);
  try {
    let lastReport = performance.now();
    for (let from = 0; from < runs; from += CHUNK_RUNS) {
      const to = Math.min(runs, from + CHUNK_RUNS);
      await writer.writeChunk(generateRuns(catalog, random, now, runs, from, to));
      if (performance.now() - lastReport > 5_000 || to === runs) {
        lastReport = performance.now();
        const seconds = ((lastReport - started) / 1000).toFixed(0);
        log(`${dialect}:   ${to.toLocaleString("en")} / ${runs.toLocaleString("en")} runs, ${seconds} s`);
      }
    }
    log(`${dialect}:   building the indexes and committing`);
    await writer.finish();
    // Last: a seed interrupted before this line has no marker, and is made again next time.
    await writer.exec(
      "create table bench_seed (format integer not null, runs integer not null, logs_per_run integer not null, now bigint not null)",
    );
    const placeholders = dialect === "sqlite" ? "?, ?, ?, ?" : "$1, $2, $3, $4";
    await writer.exec(`insert into bench_seed values (${placeholders})`, [
      SEED_FORMAT,
      runs,
      logsPerRun,
      now,
    ]);
  } finally {
    await writer.close();
  }
  const seedSeconds = (performance.now() - started) / 1000;
  log(`${dialect}: seeded in ${seedSeconds.toFixed(0)} s`);
  return { dialect, ...target, runs, logsPerRun, now, reused: false, seedSeconds };
}

function where(target: { url: string; schema?: string }): string {
  return target.schema === undefined ? target.url.slice("sqlite:".length) : `schema ${target.schema}`;
}

async function readMarker(
  dialect: Dialect,
  url: string,
  schema: string | undefined,
): Promise<Marker | undefined> {
  if (dialect === "sqlite") {
    const path = url.slice("sqlite:".length);
    if (!existsSync(path)) return undefined;
    const db = new BetterSqlite3(path, { readonly: true });
    try {
      return db.prepare("select * from bench_seed").get() as Marker | undefined;
    } catch {
      return undefined;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<Record<keyof Marker, string>>(`select * from "${schema}".bench_seed`);
    const row = rows[0];
    return (
      row && {
        format: Number(row.format),
        runs: Number(row.runs),
        logs_per_run: Number(row.logs_per_run),
        now: Number(row.now),
      }
    );
  } catch {
    return undefined;
  } finally {
    await client.end();
  }
}

/**
 * Runs the migrations added since the seed was made (new indexes are built then, not on the first
 * timed call). On PostgreSQL the new indexes also get statistics, as autovacuum would give them.
 */
async function upgrade(
  dialect: Dialect,
  url: string,
  schema: string | undefined,
  log: (line: string) => void,
) {
  const started = performance.now();
  const store = await openStore(url, { schema });
  await store.close();
  if (performance.now() - started > 2_000) {
    log(`${dialect}:   migrated in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  if (dialect !== "postgres") return;
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    await client.query("analyze flow_run");
  } finally {
    await client.end();
  }
}

async function wipe(dialect: Dialect, url: string, schema: string | undefined): Promise<void> {
  if (dialect === "sqlite") {
    const path = url.slice("sqlite:".length);
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${path}${suffix}`, { force: true });
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/** `npx tsx bench/seed-runs.ts [--db sqlite|postgres|both] [--runs N] [--logs-per-run N] [--fresh]` */
async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: SEED_ARGS, strict: true });
  const options = seedOptions(values);
  for (const dialect of options.dialects) {
    await seedRuns({ dialect, runs: options.runs, logsPerRun: options.logsPerRun, fresh: options.fresh });
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
