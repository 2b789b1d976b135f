/**
 * The storage conformance suite runs every case against both dialects: a SQLite file in a temp
 * folder and a fresh PostgreSQL schema (dropped afterwards). PostgreSQL is required — an
 * unreachable server fails the suite with instructions instead of silently skipping half of it.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { FlowCreate, FlowRunCreate, type FlowRunCreate as FlowRunCreateInput } from "../../src/api/index.js";
import { openStore } from "../../src/server/storage/index.js";
import type { Store } from "../../src/server/storage/store.js";

/** The PostgreSQL the suite uses; each test file works in a schema of its own. */
export const POSTGRES_URL =
  process.env.STEWARD_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A clock the test moves by hand (epoch ms). */
export interface TestClock {
  now: number;
}

/** A store opened for one test file. */
export interface OpenedStore {
  readonly store: Store;
  readonly databaseUrl: string;
  /** PostgreSQL schema, or the SQLite file path. */
  readonly location: string;
  cleanup(): Promise<void>;
}

/** One dialect the suite runs against. */
export interface StoreTarget {
  readonly name: "sqlite" | "postgres";
  open(clock?: TestClock): Promise<OpenedStore>;
}

const sqliteTarget: StoreTarget = {
  name: "sqlite",
  async open(clock) {
    const dir = mkdtempSync(join(tmpdir(), "steward-storage-"));
    const path = join(dir, "nested", "steward.db");
    const databaseUrl = `sqlite:${path}`;
    const store = await openStore(databaseUrl, clock && { now: () => clock.now });
    return {
      store,
      databaseUrl,
      location: path,
      cleanup: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgresTarget: StoreTarget = {
  name: "postgres",
  async open(clock) {
    await assertPostgresReachable();
    const schema = uniqueSchema();
    const store = await openStore(POSTGRES_URL, { schema, ...(clock && { now: () => clock.now }) });
    return {
      store,
      databaseUrl: POSTGRES_URL,
      location: schema,
      cleanup: async () => {
        await store.close();
        await dropSchema(schema);
      },
    };
  },
};

/** Both dialects, for `describe.each(TARGETS)`. */
export const TARGETS: readonly StoreTarget[] = [sqliteTarget, postgresTarget];

/** A schema name no other test file uses. */
export function uniqueSchema(): string {
  return `steward_test_${randomBytes(6).toString("hex")}`;
}

/** Fails with instructions when the suite's PostgreSQL is not there. */
export async function assertPostgresReachable(): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${POSTGRES_URL} (${(error as Error).message}). The storage suite runs every case on SQLite AND PostgreSQL and never skips one. Start PostgreSQL with \`bash scripts/ensure-postgres.sh\` (user postgres, trust auth, database "test"), or point STEWARD_TEST_POSTGRES_URL at another server.`,
      { cause: error },
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/**
 * Opens a store on `target` for the enclosing `describe` block and closes it afterwards. Read
 * `.store` inside tests (it is set in `beforeAll`).
 */
export function useStore(target: StoreTarget, clock?: TestClock): { readonly store: Store } {
  let opened: OpenedStore | undefined;
  beforeAll(async () => {
    opened = await target.open(clock);
  });
  afterAll(async () => {
    await opened?.cleanup();
  });
  return {
    get store(): Store {
      if (opened === undefined)
        throw new Error("The store is opened in beforeAll; use it inside tests only.");
      return opened.store;
    },
  };
}

let counter = 0;

/** A name no other test in this process uses. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}-${randomBytes(3).toString("hex")}`;
}

/** Registers a flow with a unique name and returns its id. */
export async function makeFlow(
  store: Store,
  name = uniqueName("flow"),
  tags: string[] = [],
): Promise<string> {
  const { value } = await store.flows.upsert(FlowCreate.parse({ name, tags }));
  return value.id;
}

/** Creates a flow run of `flowId`; `body` is a wire body, parsed (defaults applied) as the routes do. */
export async function makeRun(store: Store, flowId: string, body: Partial<FlowRunCreateInput> = {}) {
  const { value } = await store.flowRuns.create(FlowRunCreate.parse({ flow_id: flowId, ...body }));
  return value;
}

/** An ISO timestamp `ms` epoch milliseconds. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
