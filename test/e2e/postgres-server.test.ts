import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, makeHome, type StewardProcess, startServerProcess, steward } from "./harness.js";

const ADMIN_URL = process.env.STEWARD_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

describe("STEWARD_DATABASE_URL=postgres://… switches the server to PostgreSQL with no other change", () => {
  const { home, cleanup } = makeHome();
  const database = `steward_e2e_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  let server: StewardProcess | undefined;
  let apiUrl = "";

  beforeAll(async () => {
    try {
      await admin.connect();
    } catch (error) {
      throw new Error(
        `PostgreSQL is not reachable at ${ADMIN_URL} (${(error as Error).message}). Start it with scripts/ensure-postgres.sh.`,
      );
    }
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${database}`;
    ({ process: server, apiUrl } = await startServerProcess(home, { STEWARD_DATABASE_URL: url.toString() }));
  });
  afterAll(async () => {
    await server?.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    cleanup();
  });

  it("runs a tracked flow end to end", async () => {
    const result = await steward(["flow", "run", "flows/hello.ts:hello", "--param", "name=Ada"], {
      STEWARD_HOME: home,
      STEWARD_API_URL: apiUrl,
    });
    expect(result.code, result.stderr).toBe(0);
    const runs = await api<{ state_type: string }[]>(apiUrl, "POST", "/flow_runs/filter", {});
    expect(runs.map((r) => r.state_type)).toEqual(["COMPLETED"]);
    // The rows are in PostgreSQL, not in a SQLite file under STEWARD_HOME.
    const url = new URL(ADMIN_URL);
    url.pathname = `/${database}`;
    const direct = new pg.Client({ connectionString: url.toString() });
    await direct.connect();
    try {
      const { rows } = await direct.query(
        "SELECT count(*)::int AS n FROM flow_run WHERE state_type = 'COMPLETED'",
      );
      expect(rows[0].n).toBe(1);
    } finally {
      await direct.end();
    }
  });
});
