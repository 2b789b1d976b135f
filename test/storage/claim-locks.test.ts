/**
 * Claims of a pool without limits under the pool's shared lock (runs/claim-shared.ts): they run
 * side by side, still take each run once and in priority order, write one event per state, and
 * wait for (and are waited for by) a writer of the pool's queues. Pools with limits keep the
 * exclusive lock.
 */
import pg from "pg";
import { describe, expect, it } from "vitest";
import { WorkQueueUpdate, type WorkPool } from "../../src/api/index.js";
import { eventsOf } from "./event-fixtures.js";
import { makeFlow, POSTGRES_URL, TARGETS, type TestClock, useStore } from "./harness.js";
import { claimBody, claimedIds, defaultQueue, makePool, makeQueue, makeQueuedRun } from "./pool-fixtures.js";

const T0 = Date.UTC(2032, 7, 1);
/** The advisory-lock namespace of pool locks (runs/claim-sql.ts). */
const POOL_LOCK_NAMESPACE = 0x5354_5750;

describe.each(TARGETS)("claims without limits on $name", (target) => {
  const clock: TestClock = { now: T0 };
  const ctx = useStore(target, clock);

  it("takes every run exactly once, by queue priority, under 20 concurrent claims over three queues", async () => {
    const pool = await makePool(ctx.store);
    const flowId = await makeFlow(ctx.store);
    const queues = [
      await defaultQueue(ctx.store, pool),
      await makeQueue(ctx.store, pool, { priority: 2 }),
      await makeQueue(ctx.store, pool, { priority: 3 }),
    ];
    const created: string[] = [];
    for (let i = 0; i < 30; i++) {
      const queue = queues[i % 3];
      if (queue === undefined) throw new Error("no queue");
      created.push((await makeQueuedRun(ctx.store, flowId, { pool, queue, at: T0 - 1000 + i })).id);
    }
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ctx.store.claims.claim(pool.name, claimBody(`w${i}`, { limit: 3 })),
      ),
    );
    const claimed = answers.flatMap(claimedIds);
    expect(claimed).toHaveLength(30);
    expect(new Set(claimed)).toEqual(new Set(created));
    // Within each answer, runs of a higher-priority queue (smaller number) come first.
    const rank = new Map(queues.map((queue, i) => [queue.id, i]));
    for (const answer of answers) {
      const ranks = answer.map((item) => rank.get(item.work_queue_id) ?? -1);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    }
  });

  it("writes one event for the PENDING state of a claimed run", async () => {
    const pool = await makePool(ctx.store);
    const queue = await defaultQueue(ctx.store, pool);
    const run = await makeQueuedRun(ctx.store, await makeFlow(ctx.store), { pool, queue, at: T0 - 1000 });
    const [claimed] = await ctx.store.claims.claim(pool.name, claimBody("w"));
    expect(claimed?.flow_run.id).toBe(run.id);
    expect(claimed?.flow_run.state?.type).toBe("PENDING");
    const events = await eventsOf(ctx.store, `steward.flow-run.${run.id}`);
    expect(events.map((event) => event.event)).toEqual([
      "steward.flow-run.Scheduled",
      "steward.flow-run.Pending",
    ]);
    expect(events[1]?.id).toBe(claimed?.flow_run.state?.id);
  });
});

describe("pool locks of claims on postgres", () => {
  const target = TARGETS.find((t) => t.name === "postgres");
  if (target === undefined) throw new Error("no postgres target");
  const clock: TestClock = { now: T0 };
  const ctx = useStore(target, clock);

  /** Runs `body` while another connection holds the pool's lock (shared or exclusive) in a transaction. */
  async function whileLockHeld<T>(pool: WorkPool, mode: "shared" | "exclusive", body: () => Promise<T>) {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      await client.query("begin");
      const fn = mode === "shared" ? "pg_advisory_xact_lock_shared" : "pg_advisory_xact_lock";
      await client.query(`select ${fn}($1, hashtext($2))`, [POOL_LOCK_NAMESPACE, pool.id]);
      return await body();
    } finally {
      await client.query("rollback").catch(() => {});
      await client.end();
    }
  }

  /**
   * Resolves once some connection waits for the pool's lock, and answers whether `promise` is
   * still pending then (it is what waits, when nothing else touches the pool).
   */
  async function waitsForPoolLock(pool: WorkPool, promise: Promise<unknown>): Promise<boolean> {
    let settled = false;
    void promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && !settled) {
        const { rows } = await client.query(
          `select 1 from pg_locks where locktype = 'advisory' and not granted and classid = $1::int8::oid
             and objid = (hashtext($2)::int8 & 4294967295)::oid and objsubid = 2`,
          [POOL_LOCK_NAMESPACE, pool.id],
        );
        if (rows.length > 0) return !settled;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return false;
    } finally {
      await client.end();
    }
  }

  async function poolWithRun(limit?: number) {
    const pool = await makePool(ctx.store);
    const queue = await defaultQueue(ctx.store, pool);
    if (limit !== undefined)
      await ctx.store.workQueues.update(
        pool.name,
        "default",
        WorkQueueUpdate.parse({ concurrency_limit: limit }),
      );
    await makeQueuedRun(ctx.store, await makeFlow(ctx.store), { pool, queue, at: T0 - 1000 });
    return pool;
  }

  it("a claim on a pool without limits does not wait for another claim in flight", async () => {
    const pool = await poolWithRun();
    const answer = await whileLockHeld(pool, "shared", () =>
      ctx.store.claims.claim(pool.name, claimBody("w")),
    );
    expect(answer).toHaveLength(1);
  });

  it("a claim on a pool with a queue limit waits for a claim in flight, then takes the run", async () => {
    const pool = await poolWithRun(1);
    let claim: Promise<unknown> | undefined;
    await whileLockHeld(pool, "shared", async () => {
      claim = ctx.store.claims.claim(pool.name, claimBody("w"));
      expect(await waitsForPoolLock(pool, claim)).toBe(true);
    });
    expect(await claim).toHaveLength(1);
  });

  it("a queue update waits for a claim in flight on a pool without limits", async () => {
    const pool = await poolWithRun();
    let update: Promise<unknown> | undefined;
    await whileLockHeld(pool, "shared", async () => {
      update = ctx.store.workQueues.update(
        pool.name,
        "default",
        WorkQueueUpdate.parse({ concurrency_limit: 1 }),
      );
      expect(await waitsForPoolLock(pool, update)).toBe(true);
    });
    expect(await update).toBe(true);
  });

  it("a claim on a pool without limits waits for a writer of its queues", async () => {
    const pool = await poolWithRun();
    let claim: Promise<unknown> | undefined;
    await whileLockHeld(pool, "exclusive", async () => {
      claim = ctx.store.claims.claim(pool.name, claimBody("w"));
      expect(await waitsForPoolLock(pool, claim)).toBe(true);
    });
    expect(await claim).toHaveLength(1);
  });
});
