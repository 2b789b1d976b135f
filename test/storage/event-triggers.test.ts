/**
 * The server-side events that the triggers of migration 0008 write, driven through the store the
 * way the routes and services drive it: every path that writes a flow-run or task-run state, and
 * every change of pools, queues and deployments. Heartbeats and polls write none, and a change
 * that rolls back leaves none behind.
 */
import { v7 as uuidv7 } from "uuid";
import { describe, expect, it } from "vitest";
import {
  DeploymentCreate,
  DeploymentFlowRunCreate,
  DeploymentUpdate,
  type Event,
  SetStateRequest,
  TaskRunCreate,
  TaskRunStateRecord,
  WorkerHeartbeat,
} from "../../src/api/index.js";
import { eventsAbout, eventsOf } from "./event-fixtures.js";
import { iso, makeFlow, makeRun, TARGETS, uniqueName, useStore } from "./harness.js";
import { claimBody, defaultQueue, makePool, makeQueuedRun } from "./pool-fixtures.js";

const about = eventsAbout;
const of = eventsOf;

const names = (events: readonly Event[]) => events.map((e) => e.event);
const sortedNames = (events: readonly Event[]) => names(events).sort();
const roles = (event: Event | undefined) =>
  (event?.related ?? []).map((r) => `${r["steward.resource.role"]}:${r["steward.resource.id"]}`);

describe.each(TARGETS)("event triggers on $name", (target) => {
  const ctx = useStore(target);
  const propose = (id: string, type: string, force = false) =>
    ctx.store.flowRuns.setState(id, SetStateRequest.parse({ state: { type }, force }));

  async function deployment() {
    const flowName = uniqueName("flow");
    const flowId = await makeFlow(ctx.store, flowName);
    const pool = await makePool(ctx.store);
    const queue = await defaultQueue(ctx.store, pool);
    const { value } = await ctx.store.deployments.upsert(
      DeploymentCreate.parse({ name: uniqueName("dep"), flow_id: flowId, work_pool_name: pool.name }),
    );
    return { flowId, flowName, pool, queue, deployment: value };
  }

  it("writes a flow run's states as events with labels, related resources, payload and follows", async () => {
    const { flowId, flowName, pool, queue, deployment: dep } = await deployment();
    const created = await ctx.store.deployments.createFlowRun(
      dep.id,
      DeploymentFlowRunCreate.parse({ tags: ["nightly", "etl"] }),
    );
    await propose(created.id, "PENDING");
    await propose(created.id, "RUNNING");
    await ctx.store.flowRuns.setState(
      created.id,
      SetStateRequest.parse({ state: { type: "FAILED", message: "boom" } }),
    );
    const states = await ctx.store.flowRuns.states(created.id);
    const events = await of(ctx.store, `steward.flow-run.${created.id}`);
    expect(names(events)).toEqual([
      "steward.flow-run.Scheduled",
      "steward.flow-run.Pending",
      "steward.flow-run.Running",
      "steward.flow-run.Failed",
    ]);
    expect(events.map((e) => e.id)).toEqual(states.map((s) => s.id));
    expect(events.map((e) => e.occurred)).toEqual(states.map((s) => s.timestamp));
    expect(events.map((e) => e.follows)).toEqual([null, ...states.slice(0, -1).map((s) => s.id)]);
    const failed = events[3];
    expect(failed?.resource).toEqual({
      "steward.resource.id": `steward.flow-run.${created.id}`,
      "steward.resource.name": created.name,
      "steward.state-type": "FAILED",
      "steward.state-name": "Failed",
      "steward.state-message": "boom",
      "steward.run-count": "1",
    });
    expect(roles(failed)).toEqual([
      `flow:steward.flow.${flowId}`,
      `deployment:steward.deployment.${dep.id}`,
      `work-queue:steward.work-queue.${queue.id}`,
      `work-pool:steward.work-pool.${pool.id}`,
      "tag:steward.tag.nightly",
      "tag:steward.tag.etl",
    ]);
    expect(failed?.related[0]?.["steward.resource.name"]).toBe(flowName);
    expect(failed?.related[1]?.["steward.resource.name"]).toBe(dep.name);
    expect(failed?.payload).toEqual({
      intended: { from: "RUNNING", to: "FAILED" },
      initial_state: { type: "RUNNING", name: "Running" },
      validated_state: { type: "FAILED", name: "Failed", message: "boom" },
    });
    expect(events[0]?.payload).toMatchObject({
      intended: { from: null, to: "SCHEDULED" },
      initial_state: null,
    });
    // The "everything about X" view finds the run's events through its related deployment.
    expect(names(await about(ctx.store, `steward.deployment.${dep.id}`))).toContain(
      "steward.flow-run.Failed",
    );
  });

  it("writes events for runs the scheduler inserts in bulk, claims, and marks Late", async () => {
    const { deployment: dep, pool } = await deployment();
    await ctx.store.deployments.addSchedules(dep.id, [
      {
        schedule: { interval: 60, anchor_date: iso(Date.now() - 3600_000) },
        active: true,
        parameters: {},
      } as never,
    ]);
    const now = Date.now();
    const topped = await ctx.store.scheduler.topUp({ now, deploymentIds: [dep.id] });
    expect(topped.inserted).toBeGreaterThan(1);
    const scheduled = (await about(ctx.store, `steward.deployment.${dep.id}`)).filter(
      (e) => e.event === "steward.flow-run.Scheduled",
    );
    expect(scheduled).toHaveLength(topped.inserted);
    expect(scheduled.every((e) => e.follows === null && e.payload.initial_state === null)).toBe(true);
    expect(scheduled[0]?.resource["steward.state-message"]).toBe("Flow run scheduled");
    expect(roles(scheduled[0])).toContain("tag:steward.tag.auto-scheduled");

    // A run due a minute ago: Late, then claimed (Pending), each following the one before.
    const late = await makeQueuedRun(ctx.store, dep.flow_id, {
      pool,
      queue: await defaultQueue(ctx.store, pool),
      at: now - 60_000,
    });
    expect(await ctx.store.maintenance.markLateRuns(now - 15_000)).toBeGreaterThanOrEqual(1);
    await ctx.store.claims.claim(pool.name, claimBody("w", { limit: 1 }));
    const events = await of(ctx.store, `steward.flow-run.${late.id}`);
    expect(names(events).slice(0, 3)).toEqual([
      "steward.flow-run.Scheduled",
      "steward.flow-run.Late",
      "steward.flow-run.Pending",
    ]);
    expect(events[1]?.follows).toBe(events[0]?.id);
    expect(events[2]?.follows).toBe(events[1]?.id);
    expect(events[2]?.payload).toMatchObject({ intended: { from: "SCHEDULED", to: "PENDING" } });
  });

  it("writes task-run states recorded in batches and proposed one by one", async () => {
    const run = await makeRun(ctx.store, await makeFlow(ctx.store), { state: { type: "RUNNING" } });
    const taskId = uuidv7();
    const stateIds = [uuidv7(), uuidv7(), uuidv7()];
    const t0 = Date.now();
    const record = (i: number, type: string) =>
      TaskRunStateRecord.parse({
        task_run: {
          id: taskId,
          name: "load-1",
          flow_run_id: run.id,
          task_key: "load",
          dynamic_key: "1",
          tags: ["db"],
        },
        state: { id: stateIds[i], type, timestamp: iso(t0 + i) },
      });
    // A new task run with two states in one batch, then a third state for the stored run.
    await ctx.store.taskRuns.recordStates({ records: [record(0, "PENDING"), record(1, "RUNNING")] });
    await ctx.store.taskRuns.recordStates({ records: [record(2, "COMPLETED")] });
    const events = await of(ctx.store, `steward.task-run.${taskId}`);
    expect(names(events)).toEqual([
      "steward.task-run.Pending",
      "steward.task-run.Running",
      "steward.task-run.Completed",
    ]);
    expect(events.map((e) => e.id)).toEqual(stateIds);
    expect(events.map((e) => e.follows)).toEqual([null, stateIds[0], stateIds[1]]);
    expect(events[2]?.resource).toMatchObject({
      "steward.resource.name": "load-1",
      "steward.state-type": "COMPLETED",
    });
    expect(roles(events[2])).toEqual([`flow-run:steward.flow-run.${run.id}`, "tag:steward.tag.db"]);
    expect(events[2]?.payload).toMatchObject({ intended: { from: "RUNNING", to: "COMPLETED" } });

    const single = await ctx.store.taskRuns.create(
      TaskRunCreate.parse({ name: "one", flow_run_id: run.id, task_key: "one", dynamic_key: "0" }),
    );
    await ctx.store.taskRuns.setState(single.value.id, SetStateRequest.parse({ state: { type: "RUNNING" } }));
    expect(names(await of(ctx.store, `steward.task-run.${single.value.id}`))).toContain(
      "steward.task-run.Running",
    );
  });

  it("writes none for a change that rolls back", async () => {
    const run = await makeRun(ctx.store, await makeFlow(ctx.store), { state: { type: "RUNNING" } });
    const taken = uuidv7();
    const task = (id: string, key: string, stateId: string) =>
      TaskRunStateRecord.parse({
        task_run: { id, name: key, flow_run_id: run.id, task_key: key, dynamic_key: "0" },
        state: { id: stateId, type: "RUNNING", timestamp: iso(Date.now()) },
      });
    await ctx.store.taskRuns.recordStates({ records: [task(uuidv7(), "a", taken)] });
    // The second run's state reuses the first's state id: the batch fails as a whole.
    const doomed = uuidv7();
    await expect(
      ctx.store.taskRuns.recordStates({ records: [task(doomed, "b", uuidv7()), task(uuidv7(), "c", taken)] }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await of(ctx.store, `steward.task-run.${doomed}`)).toEqual([]);
  });

  it("writes pool and queue lifecycle events, but none for heartbeats and polls", async () => {
    const pool = await makePool(ctx.store, { type: "process" });
    const queue = await defaultQueue(ctx.store, pool);
    const poolId = `steward.work-pool.${pool.id}`;
    const queueId = `steward.work-queue.${queue.id}`;
    await ctx.store.workPools.update(pool.name, { description: "nightly jobs" });
    await ctx.store.workPools.update(pool.name, { is_paused: true });
    await ctx.store.workPools.update(pool.name, { is_paused: false });
    await ctx.store.workers.heartbeat(pool.name, WorkerHeartbeat.parse({ name: "w1" }));
    await ctx.store.claims.claim(pool.name, claimBody("w1"));
    const before = (await about(ctx.store, poolId)).length;
    for (let i = 0; i < 3; i++) {
      await ctx.store.workers.heartbeat(pool.name, WorkerHeartbeat.parse({ name: "w1" }));
      await ctx.store.claims.claim(pool.name, claimBody("w1"));
    }
    expect((await about(ctx.store, poolId)).length).toBe(before);

    // Events of one millisecond have no order among themselves: compare them as sets.
    const poolEvents = await of(ctx.store, poolId);
    expect(sortedNames(poolEvents)).toEqual([
      "steward.work-pool.created",
      "steward.work-pool.not-ready",
      "steward.work-pool.paused",
      "steward.work-pool.ready",
      "steward.work-pool.updated",
    ]);
    expect(poolEvents.find((e) => e.event.endsWith(".created"))?.resource).toEqual({
      "steward.resource.id": poolId,
      "steward.resource.name": pool.name,
      "steward.work-pool.type": "process",
    });
    const queueEvents = await of(ctx.store, queueId);
    expect(sortedNames(queueEvents)).toEqual(["steward.work-queue.created", "steward.work-queue.ready"]);
    expect(queueEvents.find((e) => e.event.endsWith(".created"))?.related).toEqual([
      {
        "steward.resource.id": poolId,
        "steward.resource.role": "work-pool",
        "steward.resource.name": pool.name,
      },
    ]);
    await ctx.store.workQueues.update(pool.name, "default", { is_paused: true });
    expect(names(await of(ctx.store, queueId))).toContain("steward.work-queue.paused");

    await ctx.store.workPools.delete(pool.name);
    expect(names(await of(ctx.store, poolId))).toContain("steward.work-pool.deleted");
    const deletedQueue = (await of(ctx.store, queueId)).find((e) => e.event.endsWith(".deleted"));
    expect(deletedQueue?.event).toBe("steward.work-queue.deleted");
    expect(deletedQueue?.related[0]?.["steward.resource.id"]).toBe(poolId);
  });

  it("writes deployment lifecycle events: created, updated, paused, resumed, ready, deleted", async () => {
    const { deployment: dep, flowId, pool, queue } = await deployment();
    const id = `steward.deployment.${dep.id}`;
    await ctx.store.deployments.update(dep.id, DeploymentUpdate.parse({ description: "loads the lake" }));
    await ctx.store.deployments.setPaused(dep.id, true);
    await ctx.store.deployments.setPaused(dep.id, true);
    await ctx.store.deployments.setPaused(dep.id, false);
    await ctx.store.claims.claim(pool.name, claimBody("w"));
    await ctx.store.claims.claim(pool.name, claimBody("w"));
    await ctx.store.deployments.delete(dep.id);
    const events = await of(ctx.store, id);
    expect(sortedNames(events)).toEqual([
      "steward.deployment.created",
      "steward.deployment.deleted",
      "steward.deployment.paused",
      "steward.deployment.ready",
      "steward.deployment.resumed",
      "steward.deployment.updated",
    ]);
    const created = events.find((e) => e.event === "steward.deployment.created");
    expect(created?.resource).toEqual({ "steward.resource.id": id, "steward.resource.name": dep.name });
    expect(roles(created)).toEqual([
      `flow:steward.flow.${flowId}`,
      `work-queue:steward.work-queue.${queue.id}`,
      `work-pool:steward.work-pool.${pool.id}`,
    ]);
  });
});
