import { describe, expect, it } from "vitest";
import {
  SetStateRequest,
  WorkerHeartbeat,
  WorkPoolCreate,
  WorkPoolQuery,
  WorkQueueCreate,
} from "../../src/api/index.js";
import { defaultBaseJobTemplate } from "../../src/core/worker-types.js";
import { firstFreePriority, reshuffledPriorities } from "../../src/server/storage/repos/work-queues.js";
import { iso, makeFlow, TARGETS, type TestClock, uniqueName, useStore } from "./harness.js";
import { defaultQueue, makePool, makeQueue, makeQueuedRun } from "./pool-fixtures.js";

const T0 = Date.UTC(2031, 0, 1);

describe("queue priorities (pure)", () => {
  it("fills the first gap, else takes one past the highest", () => {
    expect(firstFreePriority([])).toBe(1);
    expect(firstFreePriority([1, 2, 3])).toBe(4);
    expect(firstFreePriority([1, 3, 4])).toBe(2);
    expect(firstFreePriority([2, 3])).toBe(1);
  });

  it("reshuffles like Prefect: colliding queues shift down, order kept, other gaps stay", () => {
    const queues = [
      { id: "a", priority: 1 },
      { id: "b", priority: 2 },
      { id: "c", priority: 5 },
      { id: "d", priority: 6 },
    ];
    expect(reshuffledPriorities(queues, { id: "new", priority: 1 })).toEqual(
      new Map([
        ["new", 1],
        ["a", 2],
        ["b", 3],
      ]),
    );
    expect(reshuffledPriorities(queues, { id: "new", priority: 5 })).toEqual(
      new Map([
        ["new", 5],
        ["c", 6],
        ["d", 7],
      ]),
    );
    expect(reshuffledPriorities(queues, { id: "new", priority: 3 })).toEqual(new Map([["new", 3]]));
    // Moving an existing queue up.
    expect(reshuffledPriorities(queues, { id: "d", priority: 1 })).toEqual(
      new Map([
        ["d", 1],
        ["a", 2],
        ["b", 3],
      ]),
    );
  });
});

describe.each(TARGETS)("work pools, queues and workers on $name", (target) => {
  const clock: TestClock = { now: T0 };
  const ctx = useStore(target, clock);
  const tick = (ms: number) => {
    clock.now += ms;
  };

  it("creates a pool with the type's template, NOT_READY, and a default queue of priority 1", async () => {
    const pool = await makePool(ctx.store, { description: "tutorial" });
    expect(pool).toMatchObject({
      type: "process",
      description: "tutorial",
      is_paused: false,
      concurrency_limit: null,
      status: "NOT_READY",
      status_updated: iso(clock.now),
      active_slots: 0,
      base_job_template: defaultBaseJobTemplate("process"),
    });
    const queue = await defaultQueue(ctx.store, pool);
    expect(pool.default_queue_id).toBe(queue.id);
    expect(queue).toMatchObject({
      priority: 1,
      status: "NOT_READY",
      work_pool_name: pool.name,
      last_polled: null,
    });
    expect(await ctx.store.workPools.read(pool.name)).toEqual(pool);
    const paused = await makePool(ctx.store, { is_paused: true });
    expect(paused.status).toBe("PAUSED");
  });

  it("refuses a duplicate name, an unknown type and an invalid template", async () => {
    const pool = await makePool(ctx.store);
    await expect(makePool(ctx.store, { name: pool.name })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining(pool.name),
    });
    await expect(makePool(ctx.store, { type: "kubernetes" })).rejects.toMatchObject({
      code: "UNKNOWN_WORKER_TYPE",
      message: expect.stringContaining("process"),
    });
    const bad = {
      job_configuration: {},
      variables: { type: "object", properties: { n: { type: "integer", default: "x" } } },
    };
    await expect(makePool(ctx.store, { base_job_template: bad })).rejects.toMatchObject({
      code: "INVALID_JOB_TEMPLATE",
      details: [expect.objectContaining({ path: "variables.properties.n.default" })],
    });
  });

  it("updates: pausing → PAUSED, resuming → NOT_READY or READY; status_updated moves only on change", async () => {
    const pool = await makePool(ctx.store);
    tick(1000);
    expect(await ctx.store.workPools.update(pool.name, { description: "x", concurrency_limit: 4 })).toBe(
      true,
    );
    let read = await ctx.store.workPools.read(pool.name);
    expect(read).toMatchObject({
      description: "x",
      concurrency_limit: 4,
      status_updated: pool.status_updated,
    });
    tick(1000);
    await ctx.store.workPools.update(pool.name, { is_paused: true });
    read = await ctx.store.workPools.read(pool.name);
    expect(read).toMatchObject({ is_paused: true, status: "PAUSED", status_updated: iso(clock.now) });
    tick(1000);
    await ctx.store.workPools.update(pool.name, { is_paused: false });
    expect(await ctx.store.workPools.read(pool.name)).toMatchObject({
      status: "NOT_READY",
      status_updated: iso(clock.now),
    });

    await ctx.store.workers.heartbeat(pool.name, WorkerHeartbeat.parse({ name: "w1" }));
    await ctx.store.workPools.update(pool.name, { is_paused: true });
    await ctx.store.workPools.update(pool.name, { is_paused: false });
    expect((await ctx.store.workPools.read(pool.name))?.status).toBe("READY");

    const bad = { job_configuration: {}, variables: { type: "array" } };
    await expect(ctx.store.workPools.update(pool.name, { base_job_template: bad })).rejects.toMatchObject({
      code: "INVALID_JOB_TEMPLATE",
    });
    expect(await ctx.store.workPools.update(uniqueName("missing"), { description: "x" })).toBe(false);
  });

  it("filters and counts by name and type", async () => {
    const a = await makePool(ctx.store);
    const b = await makePool(ctx.store);
    const query = (body: object) => WorkPoolQuery.parse(body);
    const names = async (body: object) => (await ctx.store.workPools.filter(query(body))).map((p) => p.name);
    expect(await names({ work_pools: { name: { any_: [b.name, a.name] } } })).toEqual(
      [a.name, b.name].sort(),
    );
    expect(await names({ work_pools: { name: { any_: [] } } })).toEqual([]);
    expect(
      await ctx.store.workPools.count(
        query({ work_pools: { name: { any_: [a.name] }, type: { any_: ["process"] } } }),
      ),
    ).toBe(1);
    expect(await ctx.store.workPools.count(query({ work_pools: { type: { any_: ["docker"] } } }))).toBe(0);
  });

  it("counts PENDING, RUNNING and CANCELLING runs as active slots of the pool and the queue", async () => {
    const pool = await makePool(ctx.store);
    const queue = await defaultQueue(ctx.store, pool);
    const flowId = await makeFlow(ctx.store);
    const runs = await Promise.all(
      [0, 1, 2, 3].map(() => makeQueuedRun(ctx.store, flowId, { pool, queue, at: clock.now })),
    );
    const propose = (id: string, type: string) =>
      ctx.store.flowRuns.setState(id, SetStateRequest.parse({ state: { type }, force: true }));
    await propose(runs[0]!.id, "PENDING");
    await propose(runs[1]!.id, "RUNNING");
    // A run with no infrastructure would skip CANCELLING (straight to CANCELLED): start it first.
    await propose(runs[2]!.id, "RUNNING");
    await ctx.store.flowRuns.update(runs[2]!.id, { infrastructure_pid: "host:1" });
    await propose(runs[2]!.id, "CANCELLING");
    expect((await ctx.store.workPools.read(pool.name))?.active_slots).toBe(3);
    expect((await defaultQueue(ctx.store, pool)).active_slots).toBe(3);
    await propose(runs[1]!.id, "COMPLETED");
    expect((await ctx.store.workPools.read(pool.name))?.active_slots).toBe(2);
  });

  it("deletes a pool with its queues and workers; its runs keep their history", async () => {
    const pool = await makePool(ctx.store);
    const queue = await makeQueue(ctx.store, pool);
    await ctx.store.workers.heartbeat(pool.name, WorkerHeartbeat.parse({ name: "w" }));
    const run = await makeQueuedRun(ctx.store, await makeFlow(ctx.store), { pool, queue, at: clock.now });
    expect(await ctx.store.workPools.delete(pool.name)).toBe(true);
    expect(await ctx.store.workPools.read(pool.name)).toBeUndefined();
    expect(await ctx.store.workQueues.list(pool.name)).toBeUndefined();
    expect(await ctx.store.workers.list(pool.name)).toBeUndefined();
    expect(await ctx.store.flowRuns.read(run.id)).toMatchObject({
      work_pool_name: pool.name,
      work_queue_name: queue.name,
      work_pool_id: null,
      work_queue_id: null,
    });
    expect(await ctx.store.workPools.delete(pool.name)).toBe(false);
  });

  it("gives omitted priorities the first gap and reshuffles on an explicit one", async () => {
    const pool = await makePool(ctx.store);
    const q2 = await makeQueue(ctx.store, pool);
    const q3 = await makeQueue(ctx.store, pool);
    expect([q2.priority, q3.priority]).toEqual([2, 3]);
    expect(await ctx.store.workQueues.delete(pool.name, q2.name)).toBe(true);
    const refill = await makeQueue(ctx.store, pool);
    expect(refill.priority).toBe(2);
    const top = await makeQueue(ctx.store, pool, { priority: 1 });
    const order = async () => (await ctx.store.workQueues.list(pool.name))?.map((q) => [q.name, q.priority]);
    expect(await order()).toEqual([
      [top.name, 1],
      ["default", 2],
      [refill.name, 3],
      [q3.name, 4],
    ]);
    await ctx.store.workQueues.update(pool.name, q3.name, { priority: 2 });
    expect(await order()).toEqual([
      [top.name, 1],
      [q3.name, 2],
      ["default", 3],
      [refill.name, 4],
    ]);
    const far = await makeQueue(ctx.store, pool, { priority: 10 });
    expect(far.priority).toBe(10);
  });

  it("keeps queue names unique per pool, renames, and never deletes the default queue", async () => {
    const pool = await makePool(ctx.store);
    const queue = await makeQueue(ctx.store, pool, { name: "etl" });
    await expect(makeQueue(ctx.store, pool, { name: "etl" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      ctx.store.workQueues.create(uniqueName("nopool"), WorkQueueCreate.parse({ name: "x" })),
    ).rejects.toMatchObject({ code: "WORK_POOL_NOT_FOUND" });
    await expect(ctx.store.workQueues.update(pool.name, "etl", { name: "default" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(await ctx.store.workQueues.update(pool.name, "etl", { name: "etl-2", description: "d" })).toBe(
      true,
    );
    expect(await ctx.store.workQueues.read(pool.name, "etl-2")).toMatchObject({
      id: queue.id,
      description: "d",
    });
    expect(await ctx.store.workQueues.read(pool.name, "etl")).toBeUndefined();
    await expect(ctx.store.workQueues.delete(pool.name, "default")).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("default queue"),
    });
    expect(await ctx.store.workQueues.delete(pool.name, "nope")).toBe(false);
  });

  it("queue statuses: NOT_READY, PAUSED when paused, back to NOT_READY when never polled", async () => {
    const pool = await makePool(ctx.store);
    const paused = await makeQueue(ctx.store, pool, { is_paused: true });
    expect(paused.status).toBe("PAUSED");
    tick(500);
    await ctx.store.workQueues.update(pool.name, paused.name, { is_paused: false });
    expect(await ctx.store.workQueues.read(pool.name, paused.name)).toMatchObject({
      is_paused: false,
      status: "NOT_READY",
      status_updated: iso(clock.now),
    });
  });

  it("heartbeats upsert workers ONLINE and turn the pool READY; silence turns them OFFLINE", async () => {
    const pool = await makePool(ctx.store);
    expect(
      await ctx.store.workers.heartbeat(uniqueName("nopool"), WorkerHeartbeat.parse({ name: "w" })),
    ).toBe(false);
    tick(1000);
    const beatAt = clock.now;
    await ctx.store.workers.heartbeat(
      pool.name,
      WorkerHeartbeat.parse({ name: "w", heartbeat_interval_seconds: 10 }),
    );
    expect(await ctx.store.workPools.read(pool.name)).toMatchObject({
      status: "READY",
      status_updated: iso(beatAt),
    });
    let [worker] = (await ctx.store.workers.list(pool.name)) ?? [];
    expect(worker).toMatchObject({
      name: "w",
      status: "ONLINE",
      heartbeat_interval_seconds: 10,
      last_heartbeat_time: iso(beatAt),
      status_updated: iso(beatAt),
    });
    tick(5000);
    await ctx.store.workers.heartbeat(
      pool.name,
      WorkerHeartbeat.parse({ name: "w", heartbeat_interval_seconds: 10 }),
    );
    const [again] = (await ctx.store.workers.list(pool.name)) ?? [];
    expect(again).toMatchObject({
      id: worker?.id,
      status_updated: iso(beatAt),
      last_heartbeat_time: iso(clock.now),
    });

    const lastBeat = clock.now;
    tick(30_000);
    expect((await ctx.store.workers.list(pool.name))?.[0]?.status).toBe("ONLINE");
    tick(1);
    [worker] = (await ctx.store.workers.list(pool.name)) ?? [];
    expect(worker).toMatchObject({ status: "OFFLINE", status_updated: iso(lastBeat + 30_000) });
    // The foreman writes the same, and the pool loses its READY.
    expect(await ctx.store.maintenance.updateStatuses(clock.now)).toBeGreaterThanOrEqual(2);
    expect(await ctx.store.workPools.read(pool.name)).toMatchObject({
      status: "NOT_READY",
      status_updated: iso(clock.now),
    });
    expect((await ctx.store.workers.list(pool.name))?.[0]).toMatchObject({
      status: "OFFLINE",
      status_updated: iso(lastBeat + 30_000),
    });

    tick(1000);
    await ctx.store.workers.heartbeat(
      pool.name,
      WorkerHeartbeat.parse({ name: "w", heartbeat_interval_seconds: 10 }),
    );
    expect((await ctx.store.workers.list(pool.name))?.[0]).toMatchObject({
      status: "ONLINE",
      status_updated: iso(clock.now),
    });
    expect((await ctx.store.workPools.read(pool.name))?.status).toBe("READY");
  });

  it("keeps a paused pool PAUSED on heartbeats, and forgets deleted workers", async () => {
    const pool = await makePool(ctx.store, { is_paused: true });
    await ctx.store.workers.heartbeat(pool.name, WorkerHeartbeat.parse({ name: "a" }));
    await ctx.store.workers.heartbeat(pool.name, WorkerHeartbeat.parse({ name: "b" }));
    expect((await ctx.store.workPools.read(pool.name))?.status).toBe("PAUSED");
    expect(await ctx.store.workers.delete(pool.name, "a")).toBe(true);
    expect(await ctx.store.workers.delete(pool.name, "a")).toBe(false);
    expect((await ctx.store.workers.list(pool.name))?.map((w) => w.name)).toEqual(["b"]);
  });

  it("a pool name may be reused after a delete", async () => {
    const name = uniqueName("reuse");
    await ctx.store.workPools.create(WorkPoolCreate.parse({ name }));
    await ctx.store.workPools.delete(name);
    const again = await ctx.store.workPools.create(WorkPoolCreate.parse({ name }));
    expect((await ctx.store.workQueues.list(name))?.map((q) => q.id)).toEqual([again.default_queue_id]);
  });
});
