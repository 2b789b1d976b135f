import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { useWriteAheadLog } from "./connect.js";

/** A connection whose switch to WAL answers with `failures` errors before it succeeds. */
function connectionFailing(failures: Error[]): { pragma: (sql: string) => unknown; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    pragma: (sql: string) => {
      calls.push(sql);
      const failure = failures.shift();
      if (failure !== undefined) throw failure;
      return "wal";
    },
  };
}

describe("useWriteAheadLog", () => {
  it("retries the switch while another process holds the file (SQLITE_BUSY answered at once)", () => {
    const busy = () => new BetterSqlite3.SqliteError("database is locked", "SQLITE_BUSY");
    const connection = connectionFailing([busy(), busy(), busy()]);
    useWriteAheadLog(connection as unknown as BetterSqlite3.Database);
    expect(connection.calls).toEqual(Array(4).fill("journal_mode = WAL"));
  });

  it("does not retry other errors", () => {
    const connection = connectionFailing([new BetterSqlite3.SqliteError("disk I/O error", "SQLITE_IOERR")]);
    expect(() => useWriteAheadLog(connection as unknown as BetterSqlite3.Database)).toThrow("disk I/O error");
    expect(connection.calls).toHaveLength(1);
  });
});
