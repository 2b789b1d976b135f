import { describe, expect, it } from "vitest";
import {
  ClaimDeploymentFlowRuns,
  type ClaimDeploymentFlowRuns as ClaimInput,
  DeploymentCreate,
  type DeploymentCreate as DeploymentCreateInput,
  DeploymentFlowRunCreate,
  type FlowRun,
  GetDeploymentScheduledFlowRuns,
} from "../../src/api/index.js";
import { claimForDeploymentsWithLongPoll } from "../../src/server/claims/long-poll.js";
import { DEPLOYMENT_LIMIT_MESSAGE } from "../../src/server/storage/runs/claim-repo.js";
import type { Store } from "../../src/server/storage/store.js";
import { iso, makeFlow, TARGETS, type TestClock, uniqueName, useStore } from "../storage/harness.js";

const T0 = Date.UTC(2033, 2, 1);
const SECOND = 1000;

const claimBody = (deploymentIds: string[], body: Partial<ClaimInput> = {}) =>
  ClaimDeploymentFlowRuns.parse({
    deployment_ids: deploymentIds,
    runner_name: "r1",
    wait_seconds: 0,
    ...body,
  });

const ids = (runs: readonly FlowRun[]) => runs.map((run) => run.id);

describe.each(TARGETS)("claims by deployment (serve) on $name", (target) => {
  const clock: TestClock = { now: T0 };
  const ctx = useStore(target, clock);

  /** A deployment with no work pool, as `serve` makes. */
  async function served(body: Partial<DeploymentCreateInput> = {}): Promise<string> {
    const flowId = await makeFlow(ctx.store);
    const { value } = await ctx.store.deployments.upsert(
      DeploymentCreate.parse({ name: uniqueName("served"), flow_id: flowId, ...body }),
    );
    expect(value.work_pool_name).toBeNull();
    expect(value.work_queue_id).toBeNull();
    return value.id;
  }

  /** A run of the deployment, SCHEDULED for `at`. */
  async function runAt(store: Store, deploymentId: string, at: number): Promise<FlowRun> {
    return store.deployments.createFlowRun(
      deploymentId,
      DeploymentFlowRunCreate.parse({
        state: { type: "SCHEDULED", state_details: { scheduled_time: iso(at) } },
      }),
    );
  }

  it("claims due runs of the named deployments only, by scheduled time, and moves them to PENDING", async () => {
    const a = await served();
    const b = await served();
    const other = await served();
    const late = await runAt(ctx.store, a, clock.now - SECOND);
    const early = await runAt(ctx.store, b, clock.now - 30 * SECOND);
    const future = await runAt(ctx.store, a, clock.now + 60 * SECOND);
    const foreign = await runAt(ctx.store, other, clock.now - 60 * SECOND);

    const polled = await ctx.store.claims.scheduledForDeployments(
      GetDeploymentScheduledFlowRuns.parse({ deployment_ids: [a, b], scheduled_before: iso(clock.now) }),
    );
    expect(ids(polled)).toEqual([early.id, late.id]);
    expect(polled.every((run) => run.state_type === "SCHEDULED")).toBe(true);

    const claimed = await ctx.store.claims.claimForDeployments(claimBody([a, b], { limit: 10 }));
    expect(ids(claimed)).toEqual([early.id, late.id]);
    expect(claimed[0]?.state).toMatchObject({
      type: "PENDING",
      state_details: { claimed_by: "r1", scheduled_time: iso(clock.now - 30 * SECOND) },
    });
    expect(await ctx.store.claims.claimForDeployments(claimBody([a, b]))).toEqual([]);
    // Prefetch reaches the future run; the other deployment's run is never touched.
    expect(
      ids(await ctx.store.claims.claimForDeployments(claimBody([a], { prefetch_seconds: 120 }))),
    ).toEqual([future.id]);
    expect((await ctx.store.flowRuns.read(foreign.id))?.state_type).toBe("SCHEDULED");
    expect(await ctx.store.deployments.read(a)).toMatchObject({
      status: "READY",
      last_polled: iso(clock.now),
    });
    expect(await ctx.store.claims.nextDueTimeForDeployments([other])).toBe(clock.now - 60 * SECOND);
  });

  it("claims each run exactly once under concurrent claims, within `limit`", async () => {
    const a = await served();
    const b = await served();
    const runs: FlowRun[] = [];
    for (let i = 0; i < 30; i++)
      runs.push(await runAt(ctx.store, i % 2 ? a : b, clock.now - (i + 1) * SECOND));
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        ctx.store.claims.claimForDeployments(claimBody([a, b], { runner_name: `r${i}`, limit: 3 })),
      ),
    );
    expect(answers.every((answer) => answer.length <= 3)).toBe(true);
    const claimed = answers.flatMap(ids);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.sort()).toEqual(ids(runs).sort());
    const states = await Promise.all(runs.map((run) => ctx.store.flowRuns.states(run.id)));
    expect(states.every((list) => list.map((s) => s.type).join() === "SCHEDULED,PENDING")).toBe(true);
  });

  it("keeps within each deployment's concurrency limit (ENQUEUE waits, CANCEL_NEW cancels)", async () => {
    const enqueue = await served({
      concurrency_limit: 2,
      concurrency_options: { collision_strategy: "ENQUEUE" },
    });
    const cancelNew = await served({
      concurrency_limit: 1,
      concurrency_options: { collision_strategy: "CANCEL_NEW" },
    });
    const at = clock.now - 10 * SECOND;
    const queued: FlowRun[] = [];
    for (let i = 0; i < 5; i++) queued.push(await runAt(ctx.store, enqueue, at));
    const cancelled: FlowRun[] = [];
    for (let i = 0; i < 3; i++) cancelled.push(await runAt(ctx.store, cancelNew, at));

    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        ctx.store.claims.claimForDeployments(claimBody([enqueue, cancelNew], { runner_name: `r${i}` })),
      ),
    );
    const claimed = answers.flatMap(ids);
    expect(claimed).toHaveLength(3);
    expect(claimed.filter((id) => queued.some((r) => r.id === id))).toHaveLength(2);
    expect(claimed.filter((id) => cancelled.some((r) => r.id === id))).toHaveLength(1);
    const others = await Promise.all(
      cancelled.filter((r) => !claimed.includes(r.id)).map((r) => ctx.store.flowRuns.read(r.id)),
    );
    expect(others.map((r) => [r?.state_type, r?.state?.message])).toEqual([
      ["CANCELLED", DEPLOYMENT_LIMIT_MESSAGE],
      ["CANCELLED", DEPLOYMENT_LIMIT_MESSAGE],
    ]);
  });

  it("long-polls: a waiting claim returns as soon as a run of its deployment is created", async () => {
    const a = await served();
    const other = await served();
    const waiting = claimForDeploymentsWithLongPoll(ctx.store.claims, claimBody([a], { wait_seconds: 30 }), {
      now: () => clock.now,
    });
    // A run of another deployment wakes the claim, which finds nothing of its own and waits on.
    await runAt(ctx.store, other, clock.now - SECOND);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    const run = await runAt(ctx.store, a, clock.now - SECOND);
    expect(ids(await waiting)).toEqual([run.id]);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
