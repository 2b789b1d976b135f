import { describe, expect, it } from "vitest";
import {
  DeploymentCreate,
  type FlowRun,
  GetScheduledFlowRuns,
  SetStateRequest,
  type WorkPool,
  type WorkQueue,
} from "../../src/api/index.js";
import { DEPLOYMENT_LIMIT_MESSAGE } from "../../src/server/storage/runs/claim-repo.js";
import type { Store } from "../../src/server/storage/store.js";
import { iso, makeFlow, TARGETS, type TestClock, uniqueName, useStore } from "./harness.js";
import { claimBody, claimedIds, defaultQueue, makePool, makeQueue, makeQueuedRun } from "./pool-fixtures.js";

const T0 = Date.UTC(2032, 5, 1);
const SECOND = 1000;

/** Fires `count` claims at once and returns every run id claimed, with repeats. */
async function concurrentClaims(
  store: Store,
  pool: WorkPool,
  count: number,
  limit: number,
): Promise<string[]> {
  const answers = await Promise.all(
    Array.from({ length: count }, (_, i) => store.claims.claim(pool.name, claimBody(`w${i}`, { limit }))),
  );
  return answers.flatMap(claimedIds);
}

describe.each(TARGETS)("claims on $name", (target) => {
  const clock: TestClock = { now: T0 };
  const ctx = useStore(target, clock);

  async function poolWithRuns(count: number, options: { limit?: number; at?: (i: number) => number } = {}) {
    const pool = await makePool(ctx.store, { concurrency_limit: options.limit });
    const queue = await defaultQueue(ctx.store, pool);
    const flowId = await makeFlow(ctx.store);
    const runs: FlowRun[] = [];
    for (let i = 0; i < count; i++) {
      runs.push(
        await makeQueuedRun(ctx.store, flowId, { pool, queue, at: options.at?.(i) ?? clock.now - SECOND }),
      );
    }
    return { pool, queue, flowId, runs };
  }

  it("claims due runs by queue priority, then scheduled time, then id; moves them to PENDING", async () => {
    const pool = await makePool(ctx.store);
    const first = await defaultQueue(ctx.store, pool);
    const second = await makeQueue(ctx.store, pool);
    const flowId = await makeFlow(ctx.store);
    const lowEarly = await makeQueuedRun(ctx.store, flowId, {
      pool,
      queue: second,
      at: clock.now - 60 * SECOND,
    });
    const highLate = await makeQueuedRun(ctx.store, flowId, { pool, queue: first, at: clock.now - SECOND });
    const highEarly = await makeQueuedRun(ctx.store, flowId, {
      pool,
      queue: first,
      at: clock.now - 30 * SECOND,
    });

    const claimed = await ctx.store.claims.claim(pool.name, claimBody("w1", { limit: 10 }));
    expect(claimedIds(claimed)).toEqual([highEarly.id, highLate.id, lowEarly.id]);
    expect(claimed[0]).toMatchObject({ work_pool_id: pool.id, work_queue_id: first.id });
    expect(claimed[2]?.work_queue_id).toBe(second.id);
    const run = claimed[0]?.flow_run;
    expect(run?.state).toMatchObject({
      type: "PENDING",
      name: "Pending",
      state_details: { claimed_by: "w1", scheduled_time: iso(clock.now - 30 * SECOND) },
    });
    expect((await ctx.store.flowRuns.states(highEarly.id)).map((s) => s.type)).toEqual([
      "SCHEDULED",
      "PENDING",
    ]);
    expect(await ctx.store.claims.claim(pool.name, claimBody("w1"))).toEqual([]);
  });

  it("claims runs due within the prefetch window only, and respects the request's limit", async () => {
    const { pool, runs } = await poolWithRuns(3, { at: (i) => clock.now + (i + 1) * 30 * SECOND });
    expect(await ctx.store.claims.claim(pool.name, claimBody("w", { limit: 5 }))).toEqual([]);
    const early = await ctx.store.claims.claim(pool.name, claimBody("w", { limit: 5, prefetch_seconds: 60 }));
    expect(claimedIds(early)).toEqual([runs[0]?.id, runs[1]?.id]);
    expect(early[0]?.flow_run.state?.state_details.scheduled_time).toBe(iso(clock.now + 30 * SECOND));
    const one = await ctx.store.claims.claim(pool.name, claimBody("w", { limit: 1, prefetch_seconds: 3600 }));
    expect(claimedIds(one)).toEqual([runs[2]?.id]);
  });

  it("a run claimed ahead of its time keeps it: RUNNING waits until then; a run due now starts at once", async () => {
    const { pool, runs } = await poolWithRuns(2, {
      at: (i) => (i === 0 ? clock.now + 30 * SECOND : clock.now),
    });
    const [early, due] = runs;
    const claimed = await ctx.store.claims.claim(
      pool.name,
      claimBody("w", { limit: 2, prefetch_seconds: 60 }),
    );
    expect(claimedIds(claimed).sort()).toEqual([early?.id, due?.id].sort());
    const propose = (id: string, state: object) =>
      ctx.store.flowRuns.setState(id, SetStateRequest.parse({ state }));
    // The worker's sub-state keeps the claimed time.
    expect((await propose(early?.id ?? "", { type: "PENDING", name: "Submitting" })).result.status).toBe(
      "ACCEPT",
    );
    const waited = await propose(early?.id ?? "", { type: "RUNNING" });
    expect(waited).toMatchObject({
      written: false,
      result: { status: "WAIT", details: { delay_seconds: 30 } },
    });
    expect(waited.result.state).toMatchObject({ type: "PENDING", name: "Submitting" });
    expect((await propose(due?.id ?? "", { type: "RUNNING" })).result.status).toBe("ACCEPT");
    clock.now += 29_500;
    expect((await propose(early?.id ?? "", { type: "RUNNING" })).result).toMatchObject({
      status: "WAIT",
      details: { delay_seconds: 1 },
    });
    clock.now += 500;
    expect((await propose(early?.id ?? "", { type: "RUNNING" })).result.status).toBe("ACCEPT");
    expect((await ctx.store.flowRuns.read(early?.id ?? ""))?.start_time).toBe(iso(clock.now));
  });

  it("skips paused queues, paused pools and runs awaiting an in-process retry", async () => {
    const pool = await makePool(ctx.store);
    const open = await defaultQueue(ctx.store, pool);
    const shut = await makeQueue(ctx.store, pool, { is_paused: true });
    const flowId = await makeFlow(ctx.store);
    const at = clock.now - SECOND;
    await makeQueuedRun(ctx.store, flowId, { pool, queue: shut, at });
    await makeQueuedRun(ctx.store, flowId, {
      pool,
      queue: open,
      at,
      body: { empirical_policy: { retry_type: "in_process" } },
    });
    const plain = await makeQueuedRun(ctx.store, flowId, { pool, queue: open, at });
    await ctx.store.workPools.update(pool.name, { is_paused: true });
    expect(await ctx.store.claims.claim(pool.name, claimBody("w", { limit: 10 }))).toEqual([]);
    await ctx.store.workPools.update(pool.name, { is_paused: false });
    expect(claimedIds(await ctx.store.claims.claim(pool.name, claimBody("w", { limit: 10 })))).toEqual([
      plain.id,
    ]);
  });

  it("claims from the named queues only; unknown pools and queues are errors", async () => {
    const pool = await makePool(ctx.store);
    const other = await makeQueue(ctx.store, pool, { name: "other" });
    const flowId = await makeFlow(ctx.store);
    await makeQueuedRun(ctx.store, flowId, {
      pool,
      queue: await defaultQueue(ctx.store, pool),
      at: clock.now,
    });
    const mine = await makeQueuedRun(ctx.store, flowId, { pool, queue: other, at: clock.now });
    const claimed = await ctx.store.claims.claim(
      pool.name,
      claimBody("w", { limit: 5, work_queue_names: ["other"] }),
    );
    expect(claimedIds(claimed)).toEqual([mine.id]);
    await expect(
      ctx.store.claims.claim(pool.name, claimBody("w", { work_queue_names: ["nope"] })),
    ).rejects.toMatchObject({ code: "WORK_QUEUE_NOT_FOUND", message: expect.stringContaining("nope") });
    await expect(ctx.store.claims.claim(uniqueName("nopool"), claimBody("w"))).rejects.toMatchObject({
      code: "WORK_POOL_NOT_FOUND",
    });
  });

  it("marks the polled queues READY with last_polled; a paused queue stays PAUSED", async () => {
    const pool = await makePool(ctx.store);
    const paused = await makeQueue(ctx.store, pool, { is_paused: true });
    clock.now += SECOND;
    await ctx.store.claims.claim(pool.name, claimBody("w"));
    const queues = await ctx.store.workQueues.list(pool.name);
    expect(queues?.[0]).toMatchObject({
      name: "default",
      status: "READY",
      last_polled: iso(clock.now),
      status_updated: iso(clock.now),
    });
    expect(queues?.find((q) => q.id === paused.id)).toMatchObject({
      status: "PAUSED",
      last_polled: iso(clock.now),
    });
    const polledAt = clock.now;
    clock.now += SECOND;
    await ctx.store.claims.scheduled(pool.name, GetScheduledFlowRuns.parse({}));
    expect(await ctx.store.workQueues.read(pool.name, "default")).toMatchObject({
      last_polled: iso(clock.now),
      status_updated: iso(polledAt),
    });
  });

  it("get_scheduled_flow_runs selects like a claim but changes no run", async () => {
    const { pool, runs } = await poolWithRuns(4, { at: (i) => clock.now + (i - 1) * 60 * SECOND });
    const all = await ctx.store.claims.scheduled(pool.name, GetScheduledFlowRuns.parse({}));
    expect(claimedIds(all)).toEqual(runs.map((r) => r.id));
    const window = GetScheduledFlowRuns.parse({
      scheduled_after: iso(clock.now - SECOND),
      scheduled_before: iso(clock.now + 90 * SECOND),
      limit: 5,
    });
    expect(claimedIds(await ctx.store.claims.scheduled(pool.name, window))).toEqual([
      runs[1]?.id,
      runs[2]?.id,
    ]);
    expect(
      claimedIds(await ctx.store.claims.scheduled(pool.name, GetScheduledFlowRuns.parse({ limit: 1 }))),
    ).toEqual([runs[0]?.id]);
    expect((await ctx.store.flowRuns.read(runs[0]!.id))?.state_type).toBe("SCHEDULED");
  });

  it("reports the next due time of claimable runs", async () => {
    const { pool } = await poolWithRuns(2, { at: (i) => clock.now + (i + 1) * 10 * SECOND });
    expect(await ctx.store.claims.nextDueTime(pool.name)).toBe(clock.now + 10 * SECOND);
    expect(await ctx.store.claims.nextDueTime(pool.name, ["default"])).toBe(clock.now + 10 * SECOND);
    await ctx.store.workQueues.update(pool.name, "default", { is_paused: true });
    expect(await ctx.store.claims.nextDueTime(pool.name)).toBeNull();
    expect(await ctx.store.claims.nextDueTime(uniqueName("nopool"))).toBeNull();
  });

  it("claims each run exactly once under 20 concurrent claims", async () => {
    const { pool, runs } = await poolWithRuns(30);
    const claimed = await concurrentClaims(ctx.store, pool, 20, 2);
    expect(claimed).toHaveLength(30);
    expect(new Set(claimed).size).toBe(30);
    expect(new Set(claimed)).toEqual(new Set(runs.map((r) => r.id)));
  });

  it("never exceeds the pool's limit under 20 concurrent claims, and frees a slot on completion", async () => {
    const { pool } = await poolWithRuns(10, { limit: 3 });
    const claimed = await concurrentClaims(ctx.store, pool, 20, 1);
    expect(claimed).toHaveLength(3);
    expect((await ctx.store.workPools.read(pool.name))?.active_slots).toBe(3);
    await ctx.store.flowRuns.setState(
      claimed[0]!,
      SetStateRequest.parse({ state: { type: "CANCELLED" }, force: true }),
    );
    expect(await concurrentClaims(ctx.store, pool, 20, 2)).toHaveLength(1);
    await ctx.store.workPools.update(pool.name, { concurrency_limit: 6 });
    expect(await concurrentClaims(ctx.store, pool, 20, 1)).toHaveLength(3);
  });

  it("never exceeds the pool's limit when concurrent claims poll different queues", async () => {
    const pool = await makePool(ctx.store, { concurrency_limit: 3 });
    const queues = [await defaultQueue(ctx.store, pool)];
    for (let i = 0; i < 3; i++) queues.push(await makeQueue(ctx.store, pool));
    const flowId = await makeFlow(ctx.store);
    for (const queue of queues) {
      for (let i = 0; i < 3; i++)
        await makeQueuedRun(ctx.store, flowId, { pool, queue, at: clock.now - SECOND });
    }
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ctx.store.claims.claim(
          pool.name,
          claimBody(`w${i}`, { limit: 2, work_queue_names: [queues[i % queues.length]!.name] }),
        ),
      ),
    );
    expect(answers.flatMap(claimedIds)).toHaveLength(3);
  });

  it("never exceeds a queue's limit, while other queues keep going", async () => {
    const pool = await makePool(ctx.store);
    const limited = await defaultQueue(ctx.store, pool);
    await ctx.store.workQueues.update(pool.name, "default", { concurrency_limit: 2 });
    const free = await makeQueue(ctx.store, pool);
    const flowId = await makeFlow(ctx.store);
    for (let i = 0; i < 6; i++) {
      await makeQueuedRun(ctx.store, flowId, { pool, queue: limited, at: clock.now - SECOND });
      await makeQueuedRun(ctx.store, flowId, { pool, queue: free, at: clock.now - SECOND });
    }
    const claimed = await concurrentClaims(ctx.store, pool, 20, 1);
    expect(claimed).toHaveLength(8);
    const queues = await ctx.store.workQueues.list(pool.name);
    expect(queues?.map((q) => q.active_slots)).toEqual([2, 6]);
  });

  it("never exceeds a deployment's limit (ENQUEUE skips, CANCEL_NEW cancels)", async () => {
    const pool = await makePool(ctx.store);
    const queue = await defaultQueue(ctx.store, pool);
    const flowId = await makeFlow(ctx.store);
    const deploy = async (limit: number, strategy: "ENQUEUE" | "CANCEL_NEW") => {
      const { value } = await ctx.store.deployments.upsert(
        DeploymentCreate.parse({
          name: uniqueName("dep"),
          flow_id: flowId,
          work_pool_name: pool.name,
          concurrency_limit: limit,
          concurrency_options: { collision_strategy: strategy },
        }),
      );
      return value.id;
    };
    const enqueue = await deploy(2, "ENQUEUE");
    const cancelNew = await deploy(1, "CANCEL_NEW");
    const at = clock.now - 10 * SECOND;
    const queued: FlowRun[] = [];
    for (let i = 0; i < 5; i++)
      queued.push(await makeQueuedRun(ctx.store, flowId, { pool, queue, at, deploymentId: enqueue }));
    const cancelled: FlowRun[] = [];
    for (let i = 0; i < 3; i++)
      cancelled.push(await makeQueuedRun(ctx.store, flowId, { pool, queue, at, deploymentId: cancelNew }));
    const loose = await makeQueuedRun(ctx.store, flowId, { pool, queue, at: clock.now });

    const claimed = await concurrentClaims(ctx.store, pool, 20, 1);
    expect(claimed).toHaveLength(4);
    expect(claimed.filter((id) => queued.some((r) => r.id === id))).toHaveLength(2);
    expect(claimed.filter((id) => cancelled.some((r) => r.id === id))).toHaveLength(1);
    expect(claimed).toContain(loose.id);
    const others = await Promise.all(
      cancelled.filter((r) => !claimed.includes(r.id)).map((r) => ctx.store.flowRuns.read(r.id)),
    );
    expect(others.map((r) => [r?.state_type, r?.state?.message])).toEqual([
      ["CANCELLED", DEPLOYMENT_LIMIT_MESSAGE],
      ["CANCELLED", DEPLOYMENT_LIMIT_MESSAGE],
    ]);
    const waiting = await Promise.all(queued.map((r) => ctx.store.flowRuns.read(r.id)));
    expect(waiting.filter((r) => r?.state_type === "SCHEDULED")).toHaveLength(3);
    // Polling the queue marked its deployments READY too.
    expect(await ctx.store.deployments.read(enqueue)).toMatchObject({
      status: "READY",
      last_polled: iso(clock.now),
    });
  });

  it("signals claim waiters when a run becomes claimable or a slot frees, not on every write", async () => {
    const pool = await makePool(ctx.store);
    const queue = await defaultQueue(ctx.store, pool);
    const flowId = await makeFlow(ctx.store);
    let signals = 0;
    const stop = ctx.store.claims.onChange(() => signals++);
    try {
      const run = await makeQueuedRun(ctx.store, flowId, { pool, queue, at: clock.now });
      expect(signals).toBe(1);
      await ctx.store.claims.claim(pool.name, claimBody("w"));
      await ctx.store.flowRuns.setState(run.id, SetStateRequest.parse({ state: { type: "RUNNING" } }));
      expect(signals).toBe(1);
      await ctx.store.flowRuns.setState(run.id, SetStateRequest.parse({ state: { type: "COMPLETED" } }));
      expect(signals).toBe(2);
      await ctx.store.workQueues.update(pool.name, "default", { is_paused: false });
      expect(signals).toBe(3);
    } finally {
      stop();
    }
    await makeQueuedRun(ctx.store, flowId, { pool, queue, at: clock.now });
    expect(signals).toBe(3);
  });
});

describe.each(TARGETS)("pool CRUD races on $name", (target) => {
  const ctx = useStore(target);

  it("creates a pool once when 10 creates race", async () => {
    const name = uniqueName("race");
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => makePool(ctx.store, { name })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected.every((r) => (r.reason as { code?: string }).code === "CONFLICT")).toBe(true);
    expect(await ctx.store.workQueues.list(name)).toHaveLength(1);
  });

  it("keeps priorities unique when queues are created concurrently", async () => {
    const pool = await makePool(ctx.store);
    const created: WorkQueue[] = await Promise.all(
      Array.from({ length: 8 }, () => makeQueue(ctx.store, pool)),
    );
    expect(created).toHaveLength(8);
    const priorities = (await ctx.store.workQueues.list(pool.name))?.map((q) => q.priority);
    expect(priorities).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
