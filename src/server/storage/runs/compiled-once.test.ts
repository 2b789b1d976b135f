import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "../database.js";
import { CompiledOnce } from "./compiled-once.js";

interface Row {
  id: string;
  a: number | null;
  b: string | null;
}

function database(): Kysely<{ t: Row }> {
  const raw = new BetterSqlite3(":memory:");
  raw.exec("create table t (id text primary key, a integer, b text default 'dflt')");
  return new Kysely<{ t: Row }>({ dialect: new SqliteDialect({ database: raw }) });
}

// The tests use a table of their own; the class only needs Kysely's machinery.
const asDb = (db: Kysely<{ t: Row }>) => db as unknown as Db;
const anyDb = (db: Db) => db as unknown as Kysely<{ t: Row }>;

describe("CompiledOnce", () => {
  let db: Kysely<{ t: Row }>;
  afterEach(async () => db.destroy());

  const insert = new CompiledOnce<Row>(["b", "id", "a"], (d, row) => anyDb(d).insertInto("t").values(row));
  const update = new CompiledOnce<{ a: number | null; b: string | null; key: string }>(
    ["key", "a", "b"],
    (d, { key, ...set }) => anyDb(d).updateTable("t").set(set).where("id", "=", key),
  );

  it("runs the statement with each call's values, whatever the order of the keys", async () => {
    db = database();
    await insert.execute(asDb(db), { id: "x", a: 1, b: "one" });
    await insert.execute(asDb(db), { id: "y", a: null, b: "two" });
    await update.execute(asDb(db), { key: "x", a: 10, b: null });
    expect(await db.selectFrom("t").selectAll().orderBy("id").execute()).toEqual([
      { id: "x", a: 10, b: null },
      { id: "y", a: null, b: "two" },
    ]);
  });

  it("builds the query as usual when a value is undefined (Kysely leaves such a column out)", async () => {
    db = database();
    await insert.execute(asDb(db), { id: "z", a: 2, b: undefined as unknown as null });
    expect(await db.selectFrom("t").selectAll().execute()).toEqual([{ id: "z", a: 2, b: "dflt" }]);
  });

  it("builds the query as usual when the values have a key it was not compiled for", async () => {
    db = database();
    const idOnly = new CompiledOnce<{ id: string }>(["id"], (d, row) => anyDb(d).insertInto("t").values(row));
    await idOnly.execute(asDb(db), { id: "first" });
    // A column added by the caller must reach the statement, not be dropped by the compiled form.
    await idOnly.execute(asDb(db), { id: "second", b: "kept" } as { id: string });
    expect(await db.selectFrom("t").select(["id", "b"]).orderBy("id").execute()).toEqual([
      { id: "first", b: "dflt" },
      { id: "second", b: "kept" },
    ]);
  });

  it("works inside a transaction of the same database", async () => {
    db = database();
    await db.transaction().execute(async (trx) => {
      await insert.execute(asDb(trx as unknown as Kysely<{ t: Row }>), { id: "t", a: 3, b: "in" });
    });
    expect(await db.selectFrom("t").select("b").executeTakeFirst()).toEqual({ b: "in" });
  });
});
