/**
 * @module Group commit for the one SQLite connection: transactions that arrive while one is open
 * join it, each inside a savepoint of its own, and one COMMIT ends them all at the end of the
 * event-loop turn. A commit (the write-ahead log's pages, and now and then a checkpoint) is most of
 * the cost of a small write; under concurrent load, the pages several transactions touch (a run
 * table's indexes, the event table's tail, counters) are then written once instead of once each.
 *
 * What each caller sees is unchanged: its transaction resolves only once COMMIT has succeeded (its
 * writes are as durable as before when it hears back); a transaction that fails is rolled back to
 * its savepoint alone, its neighbours go on; a COMMIT that fails fails every member of the group.
 * A write outside a transaction (one INSERT, UPDATE or DELETE: an audit record, a heartbeat) is
 * a member of its own, answered after the COMMIT like the others; any other statement outside a
 * transaction first commits the open group, so it never reads writes that could still be lost.
 */
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SelectQueryNode,
  type SqliteDatabase,
} from "kysely";

/** Most transactions in one group; the next one commits the group first. */
export const MAX_GROUP_MEMBERS = 256;

const MEMBER = "steward_group_member";

/** A statement that can be a group member by itself (DDL, pragmas and reads cannot, or need not). */
const PLAIN_WRITE = /^\s*(insert|update|delete)\s/i;

/** What the driver needs of the raw database. */
export interface GroupCommitDatabase {
  readonly database: SqliteDatabase;
  /** Whether the connection is inside a transaction (better-sqlite3's `inTransaction`). */
  readonly inTransaction: () => boolean;
  /** Called with the size of each group committed (tests, measurements). @default nothing */
  readonly onCommit?: (members: number) => void;
}

interface Group {
  members: number;
  readonly committed: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** One use of the connection, from acquire to release. */
class Lease implements DatabaseConnection {
  inTransaction = false;
  released = false;
  #checked = false;

  constructor(readonly driver: GroupCommitDriver) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction) return this.driver.run<R>(query);
    // A lease that gave the connection back early (a lone write) takes it again for a next statement.
    if (this.released) await this.driver.relock(this);
    if (PLAIN_WRITE.test(query.sql)) return this.driver.runAsMember<R>(this, query);
    if (!this.#checked) {
      this.#checked = true;
      this.driver.commitNow();
    }
    return this.driver.run<R>(query);
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(query.query)) throw new Error("SQLite streams select queries only");
    if (!this.inTransaction) this.driver.commitNow();
    for (const row of this.driver.iterate<R>(query)) yield { rows: [row] };
  }
}

/** Kysely's SQLite driver, with group commit (see the module comment). */
export class GroupCommitDriver implements Driver {
  readonly #db: GroupCommitDatabase;
  #locked: Promise<void> | undefined;
  #unlock: (() => void) | undefined;
  #group: Group | undefined;

  constructor(db: GroupCommitDatabase) {
    this.#db = db;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#lock();
    return new Lease(this);
  }

  /** Takes the connection again for `lease`, which released it early. */
  async relock(lease: Lease): Promise<void> {
    await this.#lock();
    lease.released = false;
  }

  /** One write outside a transaction, as a member of the open group (or a new one). */
  async runAsMember<R>(lease: Lease, query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#group && this.#group.members >= MAX_GROUP_MEMBERS) this.commitNow();
    if (!this.#group) this.#open();
    const group = this.#group as Group;
    this.exec(`savepoint ${MEMBER}`);
    group.members++;
    let result: QueryResult<R>;
    try {
      result = this.run<R>(query);
      this.exec(`release ${MEMBER}`);
    } catch (error) {
      this.#undoMember(group, error);
      throw error;
    } finally {
      this.#release(lease);
    }
    await group.committed;
    return result;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    lease.inTransaction = true;
    if (this.#group && this.#group.members >= MAX_GROUP_MEMBERS) this.commitNow();
    if (!this.#group) this.#open();
    this.exec(`savepoint ${MEMBER}`);
    (this.#group as Group).members++;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    const group = this.#group;
    if (!group) throw new Error("The transaction's group is gone: it failed as a whole.");
    this.exec(`release ${MEMBER}`);
    // Others may join while this one waits for the group's COMMIT.
    this.#release(lease);
    await group.committed;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    if (lease.released) return; // its group's COMMIT failed: nothing of it is left to undo
    try {
      if (this.#group) this.#undoMember(this.#group, undefined);
    } finally {
      this.#release(lease);
    }
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint "${name}"`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to "${name}"`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release "${name}"`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.#release(connection as Lease);
  }

  async destroy(): Promise<void> {
    while (this.#locked) await this.#locked;
    this.commitNow();
    this.#db.database.close();
  }

  /** Commits the open group, if any; the caller holds the connection. */
  commitNow(): void {
    const group = this.#group;
    if (!group) return;
    this.#group = undefined;
    try {
      this.exec("commit");
    } catch (error) {
      if (this.#db.inTransaction()) this.exec("rollback");
      group.reject(error);
      return;
    }
    this.#db.onCommit?.(group.members);
    group.resolve();
  }

  /** Runs one statement (as Kysely's own SQLite connection does). */
  run<R>(query: CompiledQuery): QueryResult<R> {
    const statement = this.#db.database.prepare(query.sql);
    const parameters = query.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return {
      numAffectedRows: changes === undefined || changes === null ? undefined : BigInt(changes),
      insertId:
        lastInsertRowid === undefined || lastInsertRowid === null ? undefined : BigInt(lastInsertRowid),
      rows: [],
    };
  }

  iterate<R>(query: CompiledQuery): IterableIterator<R> {
    return this.#db.database.prepare(query.sql).iterate(query.parameters as unknown[]) as IterableIterator<R>;
  }

  exec(sql: string): void {
    this.#db.database.prepare(sql).run([]);
  }

  #open(): void {
    // `begin immediate`: the write lock up front, so another process waits (busy timeout) instead
    // of failing when a read transaction tries to become a write.
    this.exec("begin immediate");
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const committed = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // A member that is not waiting yet when the group fails must not crash the process.
    committed.catch(() => {});
    const group: Group = { members: 0, committed, resolve, reject };
    this.#group = group;
    // After the I/O of this turn: transactions started by requests read meanwhile join the group.
    setImmediate(() => void this.#flush(group));
  }

  async #flush(group: Group): Promise<void> {
    const lease = (await this.acquireConnection()) as Lease;
    try {
      if (this.#group === group) this.commitNow();
    } finally {
      this.#release(lease);
    }
  }

  /** Rolls back the member in progress; when SQLite ended the whole transaction, fails the group. */
  #undoMember(group: Group, cause: unknown): void {
    if (this.#db.inTransaction()) {
      try {
        this.exec(`rollback to ${MEMBER}`);
        this.exec(`release ${MEMBER}`);
        group.members--;
        return;
      } catch (error) {
        this.#fail(error);
        throw error;
      }
    }
    // SQLite ended the whole transaction itself (SQLITE_FULL, an I/O error, …): every member fails.
    this.#fail(cause ?? new Error("SQLite rolled back the whole group of transactions after an error."));
  }

  #fail(error: unknown): void {
    const group = this.#group;
    if (!group) return;
    this.#group = undefined;
    if (this.#db.inTransaction()) this.exec("rollback");
    group.reject(error);
  }

  async #lock(): Promise<void> {
    while (this.#locked) await this.#locked;
    this.#locked = new Promise((resolve) => (this.#unlock = resolve));
  }

  #release(lease: Lease): void {
    if (lease.released) return;
    lease.released = true;
    const unlock = this.#unlock;
    this.#locked = undefined;
    this.#unlock = undefined;
    unlock?.();
  }
}
