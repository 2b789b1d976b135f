import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import {
  type DialectAdapter,
  type Driver,
  Kysely,
  SqliteAdapter,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteStatement,
} from "kysely";
import { currentActorLabelsJson } from "../../audit/actor.js";
import type { Database } from "../database.js";
import { type GroupCommitDatabase, GroupCommitDriver } from "./group-commit-driver.js";

/** How long a writer waits for another process's write lock before SQLITE_BUSY (then HTTP 503). */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

// Kysely prepares every query anew; the hot paths (set_state, claims, batch inserts of a full
// chunk) repeat the same SQL text, so reusing prepared statements saves most of the parse cost.
const STATEMENT_CACHE_SIZE = 256;

/**
 * Opens the SQLite database at `path` (`:memory:` for a private in-memory one) as a Kysely
 * instance. One connection serves the whole process: Kysely's SQLite driver queues every query
 * and transaction behind a mutex, so writes from this process never contend with each other and
 * "database is locked" can only come from *another* process holding the write lock for longer
 * than the busy timeout.
 */
export function connectSqlite(path: string): Kysely<Database> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const raw = new BetterSqlite3(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  useWriteAheadLog(raw);
  raw.pragma("foreign_keys = ON");
  // Safe in WAL mode: a power loss can lose the last transactions but never corrupts the file.
  raw.pragma("synchronous = NORMAL");
  registerSqliteFunctions(raw);
  const database = cachingDatabase(raw);
  return new Kysely<Database>({
    dialect: new StewardSqliteDialect({ database, inTransaction: () => raw.inTransaction }),
  });
}

/**
 * Switches the file to write-ahead logging (a setting kept in the file, so only the first opener of
 * a fresh database changes anything). SQLite answers SQLITE_BUSY to that switch at once, without
 * waiting on the busy timeout, when another process is making the same switch or holds a lock that
 * could deadlock with it; several workers or servers opening a fresh file together hit that. The
 * switch is retried with a short pause until the busy timeout has passed.
 */
export function useWriteAheadLog(raw: Pick<BetterSqlite3.Database, "pragma">): void {
  const deadline = Date.now() + SQLITE_BUSY_TIMEOUT_MS;
  for (let pauseMs = 5; ; pauseMs = Math.min(pauseMs * 2, 100)) {
    try {
      raw.pragma("journal_mode = WAL");
      return;
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pauseMs);
    }
  }
}

function isBusy(error: unknown): boolean {
  return error instanceof BetterSqlite3.SqliteError && error.code.startsWith("SQLITE_BUSY");
}

/**
 * The functions Steward's triggers call: `steward_actor()`, the labels of whoever is making the
 * change (see audit/actor.ts), or NULL. Any connection that writes to a Steward database needs
 * them (a trigger calling an unknown function fails the write).
 */
export function registerSqliteFunctions(raw: BetterSqlite3.Database): void {
  raw.function("steward_actor", { deterministic: false }, () => currentActorLabelsJson());
}

/** Wraps better-sqlite3 so that Kysely reuses prepared statements (a small LRU by SQL text). */
function cachingDatabase(raw: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      raw.close();
    },
    prepare: (sql) => {
      const hit = cache.get(sql);
      if (hit !== undefined) {
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const statement = raw.prepare(sql) as unknown as SqliteStatement;
      cache.set(sql, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      return statement;
    },
  };
}

/**
 * SQLite dialect whose transactions are group-committed (sqlite/group-commit-driver.ts) and start
 * with `BEGIN IMMEDIATE`: the write lock is taken up front, so a second process waits (busy
 * timeout) instead of failing when a read transaction tries to upgrade to a write. It also
 * declares transactional DDL (which SQLite has), so Kysely's migrator runs inside one such
 * transaction and two processes starting at once migrate one after the other instead of racing.
 */
class StewardSqliteDialect extends SqliteDialect {
  readonly #database: GroupCommitDatabase;

  constructor(config: GroupCommitDatabase) {
    super({ database: config.database });
    this.#database = config;
  }

  override createDriver(): Driver {
    return new GroupCommitDriver(this.#database);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlAdapter();
  }
}

class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}
