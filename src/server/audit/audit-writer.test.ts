import { describe, expect, it } from "vitest";
import type { NewAuditRecord, Store } from "../storage/store.js";
import { AuditWriter } from "./audit-writer.js";

const entry = (action: string): NewAuditRecord => ({
  actor: { kind: "api-key", id: "k", name: "ci", role: "developer" },
  action,
  method: "POST",
  path: "/x",
  resourceKind: null,
  resourceId: null,
  resultId: null,
  detail: null,
  status: 201,
  address: null,
});

/** A store whose writes wait until released, recording each statement's actions. */
function slowStore() {
  const statements: string[][] = [];
  const releases: (() => void)[] = [];
  let failNext = false;
  const store = {
    audit: {
      record: (entries: readonly NewAuditRecord[]) =>
        new Promise<void>((resolve, reject) => {
          statements.push(entries.map((e) => e.action));
          const fail = failNext;
          failNext = false;
          releases.push(() => (fail ? reject(new Error("disk full")) : resolve()));
        }),
    },
  } as unknown as Pick<Store, "audit">;
  return {
    store,
    statements,
    release: () => releases.shift()?.(),
    failNext: () => {
      failNext = true;
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("AuditWriter", () => {
  it("writes a lone record at once, and what arrives meanwhile together in the next statement", async () => {
    const { store, statements, release } = slowStore();
    const writer = new AuditWriter(store);
    const first = writer.record(entry("a"));
    await tick();
    expect(statements).toEqual([["a"]]);
    const later = [writer.record(entry("b")), writer.record(entry("c")), writer.record(entry("d"))];
    await tick();
    expect(statements).toEqual([["a"]]);
    release();
    await first;
    await tick();
    expect(statements).toEqual([["a"], ["b", "c", "d"]]);
    release();
    await Promise.all(later);
  });

  it("fails only the records of a statement that failed, and goes on with the rest", async () => {
    const { store, statements, release, failNext } = slowStore();
    const writer = new AuditWriter(store);
    failNext();
    const failed = writer.record(entry("a"));
    await tick();
    const next = writer.record(entry("b"));
    release();
    await expect(failed).rejects.toThrow("disk full");
    await tick();
    release();
    await expect(next).resolves.toBeUndefined();
    expect(statements).toEqual([["a"], ["b"]]);
  });
});
