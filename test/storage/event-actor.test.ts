/**
 * The actor on events (migration 0014): every event a change writes carries the labels of whoever
 * made it — the key, user or flow run of the request, or the service doing a tick — whichever store
 * path wrote it, with several actors at work at once, and never for work with no actor.
 */
import { v7 as uuidv7 } from "uuid";
import { describe, expect, it } from "vitest";
import {
  DeploymentCreate,
  DeploymentFlowRunCreate,
  DeploymentUpdate,
  EventCreate,
  type Event,
  SetStateRequest,
  TaskRunStateRecord,
  WorkPoolUpdate,
} from "../../src/api/index.js";
import { ANONYMOUS } from "../../src/core/access.js";
import { type Actor, actingAs, actorOf, serviceActor } from "../../src/server/audit/actor.js";
import { SchedulerService } from "../../src/server/services/scheduler.js";
import { eventsAbout, eventsOf } from "./event-fixtures.js";
import { iso, makeFlow, makeRun, TARGETS, uniqueName, useStore } from "./harness.js";
import { makePool } from "./pool-fixtures.js";

/** The actor labels of an event, or undefined when it has none. */
function actorOfEvent(event: Event | undefined): Record<string, string> | undefined {
  const labels = Object.entries(event?.resource ?? {}).filter(([key]) =>
    key.startsWith("steward.resource.actor"),
  );
  return labels.length === 0 ? undefined : Object.fromEntries(labels);
}

const DEVELOPER: Actor = actorOf({
  kind: "api-key",
  id: "0193b2c4-0000-7000-8000-000000000001",
  name: "ci",
  role: "developer",
  pools: [],
});
const OPERATOR: Actor = actorOf({
  kind: "user",
  id: "0193b2c4-0000-7000-8000-000000000002",
  name: "ada",
  role: "operator",
  pools: [],
});

describe.each(TARGETS)("the actor on events, on $name", (target) => {
  const ctx = useStore(target);

  it("stamps the request's key on the events of deployments, runs, task runs and pools", async () => {
    const { run, dep, pool, taskId } = await actingAs(DEVELOPER, async () => {
      const flowId = await makeFlow(ctx.store);
      const pool = await makePool(ctx.store);
      const { value: dep } = await ctx.store.deployments.upsert(
        DeploymentCreate.parse({ name: uniqueName("dep"), flow_id: flowId, work_pool_name: pool.name }),
      );
      await ctx.store.deployments.update(dep.id, DeploymentUpdate.parse({ description: "nightly" }));
      const run = await ctx.store.deployments.createFlowRun(dep.id, DeploymentFlowRunCreate.parse({}));
      await ctx.store.workPools.update(pool.name, WorkPoolUpdate.parse({ description: "gpu" }));
      const taskId = uuidv7();
      await ctx.store.taskRuns.recordStates({
        records: [
          TaskRunStateRecord.parse({
            task_run: { id: taskId, name: "t-1", flow_run_id: run.id, task_key: "t", dynamic_key: "1" },
            state: { id: uuidv7(), type: "RUNNING", timestamp: iso(Date.now()) },
          }),
        ],
      });
      return { run, dep, pool, taskId };
    });
    const expected = {
      "steward.resource.actor": "ci",
      "steward.resource.actor-kind": "api-key",
      "steward.resource.actor-role": "developer",
      "steward.resource.actor-id": DEVELOPER.id,
    };
    const depEvents = await eventsOf(ctx.store, `steward.deployment.${dep.id}`);
    expect(depEvents.map((e) => e.event)).toEqual([
      "steward.deployment.created",
      "steward.deployment.updated",
    ]);
    for (const event of depEvents) expect(actorOfEvent(event)).toEqual(expected);
    expect(actorOfEvent((await eventsOf(ctx.store, `steward.flow-run.${run.id}`))[0])).toEqual(expected);
    expect(actorOfEvent((await eventsOf(ctx.store, `steward.task-run.${taskId}`))[0])).toEqual(expected);
    const poolEvents = await eventsOf(ctx.store, `steward.work-pool.${pool.id}`);
    expect(poolEvents.map((e) => e.event)).toContain("steward.work-pool.updated");
    for (const event of poolEvents) expect(actorOfEvent(event)).toEqual(expected);

    // Another actor cancels; the deletion of the deployment names a third.
    await actingAs(OPERATOR, () =>
      ctx.store.flowRuns.setState(run.id, SetStateRequest.parse({ state: { type: "CANCELLED" } })),
    );
    await actingAs(serviceActor("retention"), () => ctx.store.deployments.delete(dep.id));
    const runEvents = await eventsOf(ctx.store, `steward.flow-run.${run.id}`);
    expect(runEvents.at(-1)?.event).toBe("steward.flow-run.Cancelled");
    expect(actorOfEvent(runEvents.at(-1))).toEqual({
      "steward.resource.actor": "ada",
      "steward.resource.actor-kind": "user",
      "steward.resource.actor-role": "operator",
      "steward.resource.actor-id": OPERATOR.id,
    });
    const deleted = (await eventsOf(ctx.store, `steward.deployment.${dep.id}`)).at(-1);
    expect(deleted?.event).toBe("steward.deployment.deleted");
    expect(actorOfEvent(deleted)).toEqual({
      "steward.resource.actor": "retention",
      "steward.resource.actor-kind": "service",
      "steward.resource.actor-role": "service",
    });
  });

  it("names the scheduler, not the caller that woke it, on the runs it creates", async () => {
    const flowId = await makeFlow(ctx.store);
    const pool = await makePool(ctx.store);
    const { value: dep } = await ctx.store.deployments.upsert(
      DeploymentCreate.parse({ name: uniqueName("dep"), flow_id: flowId, work_pool_name: pool.name }),
    );
    await ctx.store.deployments.addSchedules(dep.id, [
      { schedule: { interval: 3600, anchor_date: iso(Date.now()) }, active: true, parameters: {} } as never,
    ]);
    const scheduler = new SchedulerService({ store: ctx.store, log: () => {} });
    // A deployment change reaches the scheduler inside the request that made it.
    await actingAs(DEVELOPER, () => scheduler.tick());
    const scheduled = (await eventsAbout(ctx.store, `steward.deployment.${dep.id}`)).filter(
      (e) => e.event === "steward.flow-run.Scheduled",
    );
    expect(scheduled.length).toBeGreaterThan(0);
    for (const event of scheduled) {
      expect(actorOfEvent(event)).toEqual({
        "steward.resource.actor": "scheduler",
        "steward.resource.actor-kind": "service",
        "steward.resource.actor-role": "service",
      });
    }
  });

  it("stamps events sent to the API with their sender, replacing actor labels a client made up", async () => {
    const resource = { "steward.resource.id": `order.${uuidv7()}`, "steward.resource.actor": "admin" };
    await actingAs(OPERATOR, () =>
      ctx.store.events.insert([EventCreate.parse({ event: "order.shipped", resource })]),
    );
    await ctx.store.events.insert([EventCreate.parse({ event: "order.shipped", resource })]);
    const [sent, unsent] = await eventsOf(ctx.store, resource["steward.resource.id"]);
    expect(actorOfEvent(sent)).toEqual({
      "steward.resource.actor": "ada",
      "steward.resource.actor-kind": "user",
      "steward.resource.actor-role": "operator",
      "steward.resource.actor-id": OPERATOR.id,
    });
    expect(actorOfEvent(unsent)).toBeUndefined();
  });

  it("keeps each actor's events apart while many act at once", async () => {
    const flowId = await makeFlow(ctx.store);
    const actors = Array.from({ length: 12 }, (_, i): Actor => ({
      kind: "api-key",
      id: uuidv7(),
      name: `key-${i}`,
      role: "operator",
    }));
    const runs = await Promise.all(
      actors.map((actor) =>
        actingAs(actor, async () => {
          const run = await makeRun(ctx.store, flowId, { state: { type: "PENDING" } });
          await ctx.store.flowRuns.setState(run.id, SetStateRequest.parse({ state: { type: "RUNNING" } }));
          await ctx.store.flowRuns.setState(run.id, SetStateRequest.parse({ state: { type: "COMPLETED" } }));
          return run;
        }),
      ),
    );
    for (const [i, run] of runs.entries()) {
      const events = await eventsOf(ctx.store, `steward.flow-run.${run.id}`);
      expect(events.map((e) => e.event)).toEqual([
        "steward.flow-run.Pending",
        "steward.flow-run.Running",
        "steward.flow-run.Completed",
      ]);
      for (const event of events) expect(actorOfEvent(event)?.["steward.resource.actor"]).toBe(`key-${i}`);
    }
  });

  it("adds nothing for work without an actor, or the anonymous admin of a server without auth", async () => {
    const flowId = await makeFlow(ctx.store);
    const plain = await makeRun(ctx.store, flowId, { state: { type: "PENDING" } });
    const anonymous = await actingAs(actorOf(ANONYMOUS), () =>
      makeRun(ctx.store, flowId, { state: { type: "PENDING" } }),
    );
    // A change after an actor's work on the same connection must not inherit that actor.
    await actingAs(DEVELOPER, () => makeRun(ctx.store, flowId, { state: { type: "PENDING" } }));
    const after = await makeRun(ctx.store, flowId, { state: { type: "PENDING" } });
    for (const run of [plain, anonymous, after]) {
      const events = await eventsOf(ctx.store, `steward.flow-run.${run.id}`);
      expect(events).toHaveLength(1);
      expect(actorOfEvent(events[0])).toBeUndefined();
    }
  });
});
