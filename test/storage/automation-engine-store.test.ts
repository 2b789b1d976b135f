/** The automations engine's persistence on SQLite and PostgreSQL: compare-and-set batches and the leased job queue. */
import { v7 as uuidv7 } from "uuid";
import { describe, expect, it } from "vitest";
import type { EngineCommit, NewActionJob } from "../../src/server/storage/automations/engine-store.js";
import { TARGETS, type TestClock, useStore } from "./harness.js";

function job(automationId: string, index = 0): NewActionJob {
  return {
    id: uuidv7(),
    automationId,
    automationName: "a",
    firingId: uuidv7(),
    actionIndex: index,
    action: { type: "do-nothing" },
    triggeringEvent: null,
    bucket: "",
  };
}

function commit(expectedVersion: number, fields: Partial<EngineCommit> = {}): EngineCommit {
  return {
    expectedVersion,
    cursor: null,
    dropAutomations: [],
    upserts: [],
    deletes: [],
    jobs: [],
    events: [],
    ...fields,
  };
}

describe.each(TARGETS)("automation engine store on $name", (target) => {
  const clock: TestClock = { now: Date.now() };
  const ctx = useStore(target, clock);

  it("writes entries and the cursor only when the version still matches", async () => {
    const engine = ctx.store.automationEngine;
    const start = await engine.load();
    const automationId = uuidv7();
    const entry = {
      automationId,
      automationUpdated: 5,
      path: "t",
      key: "",
      data: { kind: "bucket", count: 1 },
    };
    const version = await engine.commit(commit(start.version, { cursor: "7", upserts: [entry] }));
    expect(version).toBe(start.version + 1);
    // A second replica that read the same version loses, and nothing of its batch is written.
    expect(await engine.commit(commit(start.version, { cursor: "8", jobs: [job(automationId)] }))).toBeNull();
    const after = await engine.load();
    expect(after).toMatchObject({ version: start.version + 1, cursor: "7" });
    expect(after.entries.filter((e) => e.automationId === automationId)).toEqual([entry]);
    expect(await engine.jobs(automationId)).toEqual([]);
    // Upsert replaces; drop removes every entry of the automation first.
    const updated = { ...entry, data: { kind: "bucket", count: 2 } };
    await engine.commit(commit(after.version, { cursor: "7", upserts: [updated, { ...entry, key: "k" }] }));
    let entries = (await engine.load()).entries.filter((e) => e.automationId === automationId);
    expect(entries.map((e) => e.data)).toContainEqual({ kind: "bucket", count: 2 });
    const v = (await engine.load()).version;
    await engine.commit(commit(v, { cursor: "7", dropAutomations: [automationId], deletes: [] }));
    entries = (await engine.load()).entries.filter((e) => e.automationId === automationId);
    expect(entries).toEqual([]);
  });

  it("claims due jobs once, retries on schedule and reclaims expired leases", async () => {
    const engine = ctx.store.automationEngine;
    const automationId = uuidv7();
    const { version } = await engine.load();
    const queued = [job(automationId, 0), job(automationId, 1)];
    await engine.commit(commit(version, { cursor: (await engine.load()).cursor, jobs: queued }));
    const claimed = await engine.claimJobs(10, 1000);
    expect(claimed.filter((j) => j.automationId === automationId).map((j) => j.attempts)).toEqual([1, 1]);
    expect((await engine.claimJobs(10, 1000)).filter((j) => j.automationId === automationId)).toEqual([]);
    const [first, second] = claimed.filter((j) => j.automationId === automationId);
    const attempt = { attempt: 1, at: new Date(clock.now).toISOString(), ok: false, status: 500 };
    await engine.finishJob(first!.id, {
      status: "PENDING",
      retryInMs: 60_000,
      result: null,
      attempt,
      events: [],
    });
    expect((await engine.claimJobs(10, 1000)).filter((j) => j.automationId === automationId)).toEqual([]);
    expect(await engine.nextJobDue()).toBe(clock.now + 60_000);
    clock.now += 60_000;
    // The retry is due, and the second job's lease (1 s) has long run out: both come back.
    const again = (await engine.claimJobs(10, 1000)).filter((j) => j.automationId === automationId);
    expect(again.map((j) => [j.id, j.attempts]).sort()).toEqual(
      [
        [first!.id, 2],
        [second!.id, 2],
      ].sort(),
    );
    const done = { attempt: 2, at: new Date(clock.now).toISOString(), ok: true };
    await engine.finishJob(first!.id, { status: "SUCCEEDED", result: { ok: 1 }, attempt: done, events: [] });
    const [stored] = (await engine.jobs(automationId)).filter((j) => j.id === first!.id);
    expect(stored).toMatchObject({ status: "SUCCEEDED", attempts: 2, result: { ok: 1 } });
    expect(stored?.attemptLog.map((a) => a.ok)).toEqual([false, true]);
  });
});
