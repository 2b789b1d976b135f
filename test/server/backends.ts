/**
 * The databases every server test runs against: a SQLite file in a temp folder and a fresh
 * PostgreSQL schema (dropped afterwards). Use with `describe.each(BACKENDS)`.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openStore } from "../../src/server/storage/index.js";
import type { Store } from "../../src/server/storage/store.js";

/** PostgreSQL the tests use; a schema of its own is created per test file. */
export const POSTGRES_URL =
  process.env.STEWARD_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A store opened for one test file, and how to throw it away. */
export interface TestStore {
  readonly store: Store;
  readonly databaseUrl: string;
  cleanup(): Promise<void>;
}

/** One database kind the suites run against. */
export interface Backend {
  readonly name: "sqlite" | "postgres";
  open(): Promise<TestStore>;
}

const sqlite: Backend = {
  name: "sqlite",
  async open() {
    const dir = mkdtempSync(join(tmpdir(), "steward-server-test-"));
    const databaseUrl = `sqlite:${join(dir, "steward.db")}`;
    const store = await openStore(databaseUrl);
    return {
      store,
      databaseUrl,
      cleanup: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgres: Backend = {
  name: "postgres",
  async open() {
    const schema = `steward_test_${randomBytes(6).toString("hex")}`;
    let store: Store;
    try {
      store = await openStore(POSTGRES_URL, { schema });
    } catch (error) {
      throw new Error(
        `Cannot open PostgreSQL at ${POSTGRES_URL} (${(error as Error).message}). Start it with scripts/ensure-postgres.sh.`,
        { cause: error },
      );
    }
    return {
      store,
      databaseUrl: POSTGRES_URL,
      cleanup: async () => {
        await store.close();
        await dropSchema(schema);
      },
    };
  },
};

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Both backends, for `describe.each`. */
export const BACKENDS: readonly Backend[] = [sqlite, postgres];
