import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { isStewardError } from "../../src/core/errors.js";
import { translateDatabaseError } from "../../src/server/storage/errors.js";
import { openStore } from "../../src/server/storage/index.js";
import { postgresOps } from "../../src/server/storage/postgres/ops.js";
import { sqliteOps } from "../../src/server/storage/sqlite/ops.js";
import { assertPostgresReachable, POSTGRES_URL } from "./harness.js";

const dir = mkdtempSync(join(tmpdir(), "steward-errors-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The error `fn` throws (fails the test when it throws nothing). */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("database errors become StewardErrors", () => {
  it("SQLite: a held write lock (SQLITE_BUSY) becomes SERVICE_UNAVAILABLE, never 'database is locked'", () => {
    const path = join(dir, "busy.db");
    const holder = new BetterSqlite3(path);
    const other = new BetterSqlite3(path, { timeout: 0 });
    try {
      holder.exec("create table t (id integer primary key)");
      holder.exec("begin immediate");
      const error = thrownBy(() => other.exec("insert into t values (1)"));
      expect(String(error)).toMatch(/locked|busy/i);
      const translated = translateDatabaseError(sqliteOps, error);
      expect(isStewardError(translated) && translated.code).toBe("SERVICE_UNAVAILABLE");
      expect(String((translated as Error).message)).toMatch(/Retry/);
    } finally {
      holder.close();
      other.close();
    }
  });

  it("SQLite: a unique violation becomes CONFLICT", () => {
    const db = new BetterSqlite3(":memory:");
    db.exec("create table t (id integer primary key, name text unique)");
    db.exec("insert into t (name) values ('a')");
    const error = thrownBy(() => db.exec("insert into t (name) values ('a')"));
    const translated = translateDatabaseError(sqliteOps, error);
    expect(isStewardError(translated) && translated.code).toBe("CONFLICT");
    db.close();
  });

  it("PostgreSQL: unique violations become CONFLICT, lock and connection failures SERVICE_UNAVAILABLE", async () => {
    await assertPostgresReachable();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      await client.query("create temporary table t (name text unique)");
      await client.query("insert into t values ('a')");
      const unique = await client.query("insert into t values ('a')").catch((e: unknown) => e);
      expect((translateDatabaseError(postgresOps, unique) as { code?: string }).code).toBe("CONFLICT");
      const deadlock = Object.assign(new Error("deadlock detected"), { code: "40P01" });
      expect((translateDatabaseError(postgresOps, deadlock) as { code?: string }).code).toBe(
        "SERVICE_UNAVAILABLE",
      );
    } finally {
      await client.end();
    }
  });

  it("SQLite: a full database (SQLITE_FULL) becomes INSUFFICIENT_STORAGE (507), and the file stays intact", () => {
    const db = new BetterSqlite3(join(dir, "full.db"));
    try {
      db.exec("create table t (id integer primary key, data blob)");
      db.exec("insert into t (data) values (zeroblob(100))");
      // A page cap stands in for a full disk: SQLite answers the same SQLITE_FULL.
      db.pragma(`max_page_count = ${Number(db.pragma("page_count", { simple: true })) + 2}`);
      const error = thrownBy(() => db.exec("insert into t (data) values (zeroblob(1000000))"));
      expect((error as { code?: string }).code).toBe("SQLITE_FULL");
      const translated = translateDatabaseError(sqliteOps, error);
      expect(isStewardError(translated) && translated.code).toBe("INSUFFICIENT_STORAGE");
      expect(isStewardError(translated) && translated.status).toBe(507);
      expect(String((translated as Error).message)).toMatch(/disk is full.*Free space/);
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(db.prepare("select count(*) as n from t").get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });

  it("PostgreSQL: a connection that dropped mid-transaction becomes SERVICE_UNAVAILABLE", () => {
    // node-postgres's own words, without a code; the second is the ROLLBACK sent on the dead
    // connection, which replaces the first error (found restarting PostgreSQL under load).
    for (const message of [
      "Connection terminated unexpectedly",
      "Client has encountered a connection error and is not queryable",
    ]) {
      const translated = translateDatabaseError(postgresOps, new Error(message));
      expect(isStewardError(translated) && translated.code, message).toBe("SERVICE_UNAVAILABLE");
    }
  });

  it("PostgreSQL: disk_full (53100) becomes INSUFFICIENT_STORAGE (507)", () => {
    const full = Object.assign(new Error("could not extend file: No space left on device"), {
      code: "53100",
    });
    const translated = translateDatabaseError(postgresOps, full);
    expect(isStewardError(translated) && translated.code).toBe("INSUFFICIENT_STORAGE");
    expect(isStewardError(translated) && translated.status).toBe(507);
  });

  it("an unreachable PostgreSQL fails openStore with SERVICE_UNAVAILABLE and a hint", async () => {
    const error = await openStore("postgres://postgres@127.0.0.1:1/none").catch((e: unknown) => e);
    expect(isStewardError(error) && error.code).toBe("SERVICE_UNAVAILABLE");
    expect(String((error as Error).message)).toMatch(
      /Cannot connect to PostgreSQL at .*STEWARD_DATABASE_URL/,
    );
  });

  it("an unsupported URL fails openStore with CONFIG_INVALID", async () => {
    const error = await openStore("mysql://localhost/x").catch((e: unknown) => e);
    expect(isStewardError(error) && error.code).toBe("CONFIG_INVALID");
  });

  it("errors that are not the database's pass through untouched", () => {
    const plain = new TypeError("bug");
    expect(translateDatabaseError(sqliteOps, plain)).toBe(plain);
  });
});
