import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { type Generated, Kysely, SqliteAdapter, SqliteDialect, type SqliteDatabase } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { GroupCommitDriver } from "./group-commit-driver.js";

interface Db {
  item: { id: Generated<number>; label: string };
}

/** A Kysely over a SQLite file with the group-commit driver, recording each COMMIT's group size. */
function open(options: { failCommit?: () => boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "steward-group-commit-"));
  const path = join(dir, "test.db");
  const raw = new BetterSqlite3(path);
  raw.pragma("journal_mode = WAL");
  raw.exec("create table item (id integer primary key, label text not null unique)");
  const statements: string[] = [];
  const database: SqliteDatabase = {
    close: () => raw.close(),
    prepare: (sql) => {
      statements.push(sql);
      if (sql === "commit" && options.failCommit?.()) {
        throw new BetterSqlite3.SqliteError("database or disk is full", "SQLITE_FULL");
      }
      return raw.prepare(sql) as never;
    },
  };
  const groups: number[] = [];
  const driver = new GroupCommitDriver({
    database,
    inTransaction: () => raw.inTransaction,
    onCommit: (members) => groups.push(members),
  });
  class Dialect extends SqliteDialect {
    override createDriver() {
      return driver;
    }
    override createAdapter() {
      return new SqliteAdapter();
    }
  }
  const db = new Kysely<Db>({ dialect: new Dialect({ database }) });
  // What another process sees: only committed rows.
  const reader = new BetterSqlite3(path, { readonly: true });
  const committedLabels = () =>
    (reader.prepare("select label from item order by id").all() as { label: string }[]).map((r) => r.label);
  return {
    db,
    groups,
    statements,
    committedLabels,
    cleanup: async () => {
      reader.close();
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const insert = (db: Kysely<Db>, label: string) =>
  db.transaction().execute(async (trx) => {
    await trx.insertInto("item").values({ label }).execute();
    return label;
  });

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe("GroupCommitDriver", () => {
  it("commits transactions that arrive together in one COMMIT, each answered after it", async () => {
    const t = open();
    cleanup = t.cleanup;
    const seenAtAnswer: string[][] = [];
    const labels = Array.from({ length: 10 }, (_, i) => `item-${i}`);
    await Promise.all(
      labels.map((label) =>
        insert(t.db, label).then(() => {
          seenAtAnswer.push(t.committedLabels());
        }),
      ),
    );
    expect(t.groups).toEqual([10]);
    expect(t.statements.filter((sql) => sql === "commit")).toHaveLength(1);
    // Nobody hears back before its write is committed (visible to another connection).
    for (const seen of seenAtAnswer) expect(seen).toEqual(labels);
  });

  it("rolls back a failing transaction alone: its neighbours in the group commit", async () => {
    const t = open();
    cleanup = t.cleanup;
    // Started in this order, so they run in it: "a" is in before the duplicate tries it again.
    const a = insert(t.db, "a");
    const failing = t.db.transaction().execute(async (trx) => {
      await trx.insertInto("item").values({ label: "half-done" }).execute();
      throw new Error("the handler failed after its first write");
    });
    const c = insert(t.db, "c");
    const duplicate = t.db.transaction().execute(async (trx) => {
      await trx.insertInto("item").values({ label: "b" }).execute();
      await trx.insertInto("item").values({ label: "a" }).execute();
    });
    const d = insert(t.db, "d");
    const results = await Promise.allSettled([a, failing, c, duplicate, d]);
    expect(results.map((r) => r.status)).toEqual([
      "fulfilled",
      "rejected",
      "fulfilled",
      "rejected",
      "fulfilled",
    ]);
    expect(t.committedLabels()).toEqual(["a", "c", "d"]);
    expect(t.groups).toEqual([3]);
  });

  it("fails every member when the group's COMMIT fails, and leaves nothing of them", async () => {
    let failNext = true;
    const t = open({ failCommit: () => (failNext ? !(failNext = false) : false) });
    cleanup = t.cleanup;
    const results = await Promise.allSettled([insert(t.db, "x"), insert(t.db, "y")]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/disk is full/);
    expect(t.committedLabels()).toEqual([]);
    // The connection is usable afterwards.
    await insert(t.db, "z");
    expect(t.committedLabels()).toEqual(["z"]);
  });

  it("commits the open group before a statement outside a transaction runs", async () => {
    const t = open();
    cleanup = t.cleanup;
    const pending = insert(t.db, "grouped");
    const rows = await t.db.selectFrom("item").select("label").execute();
    expect(rows.map((r) => r.label)).toEqual(["grouped"]);
    expect(t.committedLabels()).toEqual(["grouped"]);
    await pending;
    expect(t.groups).toEqual([1]);
  });

  it("takes a write outside a transaction into the group, answered after the COMMIT", async () => {
    const t = open();
    cleanup = t.cleanup;
    const lone = (label: string) =>
      t.db
        .insertInto("item")
        .values({ label })
        .execute()
        .then(() => t.committedLabels());
    const results = await Promise.allSettled([
      insert(t.db, "tx-1"),
      lone("lone-1"),
      lone("tx-1"), // a unique violation: fails alone
      insert(t.db, "tx-2"),
      lone("lone-2"),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
    ]);
    const all = ["tx-1", "lone-1", "tx-2", "lone-2"];
    expect((results[1] as PromiseFulfilledResult<string[]>).value).toEqual(all);
    expect(t.committedLabels()).toEqual(all);
    expect(t.groups).toEqual([4]);
  });

  it("starts a new group once one holds the most members it may", async () => {
    const t = open();
    cleanup = t.cleanup;
    await Promise.all(Array.from({ length: 300 }, (_, i) => insert(t.db, `n${i}`)));
    expect(t.groups).toEqual([256, 44]);
    expect(t.committedLabels()).toHaveLength(300);
  });
});
