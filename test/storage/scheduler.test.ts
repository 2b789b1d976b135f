import { describe, expect, it } from "vitest";
import {
  ClaimDeploymentFlowRuns,
  ClaimFlowRuns,
  DeploymentCreate,
  type DeploymentCreate as DeploymentCreateInput,
  DeploymentScheduleCreate,
  DeploymentUpdate,
  type FlowRun,
  FlowRunQuery,
  WorkPoolCreate,
} from "../../src/api/index.js";
import { nextRunTimes } from "../../src/core/schedules/index.js";
import { createApp } from "../../src/server/app.js";
import { openStore } from "../../src/server/storage/index.js";
import { scheduledRunKey } from "../../src/server/storage/scheduler/insert-runs.js";
import type { Store } from "../../src/server/storage/store.js";
import { makeFlow, POSTGRES_URL, TARGETS, type TestClock, uniqueName, useStore } from "./harness.js";

const MINUTE = 60_000;
const START = Date.parse("2030-01-01T00:00:00Z");

describe.each(TARGETS)("scheduler on $name", (target) => {
  const clock: TestClock = { now: START };
  const ctx = useStore(target, clock);

  async function deploy(body: Partial<DeploymentCreateInput> = {}) {
    const flowId = await makeFlow(ctx.store);
    const pool = await ctx.store.workPools.create(
      WorkPoolCreate.parse({ name: uniqueName("pool"), type: "process" }),
    );
    const { value } = await ctx.store.deployments.upsert(
      DeploymentCreate.parse({
        name: uniqueName("dep"),
        flow_id: flowId,
        work_pool_name: pool.name,
        ...body,
      }),
    );
    return { deployment: value, pool };
  }

  async function runsOf(deploymentId: string, extra: Record<string, unknown> = {}): Promise<FlowRun[]> {
    return ctx.store.flowRuns.filter(
      FlowRunQuery.parse({
        flow_runs: { deployment_id: { any_: [deploymentId] }, ...extra },
        sort: "EXPECTED_START_TIME_ASC",
        limit: 200,
      }),
    );
  }

  const times = (runs: readonly FlowRun[]) => runs.map((run) => Date.parse(run.expected_start_time ?? ""));
  const scheduledOnly = (runs: readonly FlowRun[]) => runs.filter((run) => run.state_type === "SCHEDULED");

  it("creates the runs an interval schedule needs, with the scheduler's marks", async () => {
    const schedule = { interval: 600, anchor_date: "2030-01-01T00:00:00Z" };
    const { deployment, pool } = await deploy({
      parameters: { a: 1, b: 1 },
      tags: ["nightly"],
      schedules: [{ schedule, parameters: { b: 2 }, slug: "every-ten" }],
    });
    const result = await ctx.store.scheduler.topUp({ now: clock.now, deploymentIds: [deployment.id] });
    const expected = nextRunTimes(schedule, { now: clock.now });
    expect(result.inserted).toBe(expected.length);
    const runs = await runsOf(deployment.id);
    expect(times(runs)).toEqual(expected);
    const [first] = runs;
    const scheduleId = deployment.schedules[0]?.id ?? "";
    expect(first).toMatchObject({
      auto_scheduled: true,
      tags: ["auto-scheduled", "nightly"],
      parameters: { a: 1, b: 2 },
      work_pool_name: pool.name,
      work_queue_name: "default",
      work_queue_id: deployment.work_queue_id,
      created_by: { id: scheduleId, type: "SCHEDULE", display_value: "every-ten" },
      idempotency_key: scheduledRunKey(deployment.id, scheduleId, expected[0] ?? 0),
      state: { type: "SCHEDULED", name: "Scheduled", message: "Flow run scheduled" },
    });
    expect(first?.next_scheduled_start_time).toBe(first?.expected_start_time);
    expect(first?.state?.state_details.scheduled_time).toBe(first?.expected_start_time);
    expect(await ctx.store.flowRuns.states(first?.id ?? "")).toHaveLength(1);
  });

  it("keeps a minute cron 1 h ahead, is idempotent, and tops up as time passes", async () => {
    const schedule = { cron: "* * * * *" };
    const { deployment } = await deploy({ schedules: [{ schedule }] });
    const ids = [deployment.id];
    await ctx.store.scheduler.topUp({ now: clock.now, deploymentIds: ids });
    expect(times(await runsOf(deployment.id))).toEqual(nextRunTimes(schedule, { now: clock.now }));
    const again = await ctx.store.scheduler.topUp({ now: clock.now, deploymentIds: ids });
    expect(again.inserted).toBe(0);
    expect(await runsOf(deployment.id)).toHaveLength(60);

    const later = clock.now + 5 * MINUTE + 1;
    const step = await ctx.store.scheduler.topUp({ now: later, deploymentIds: ids });
    // Still at least 1 h ahead of the new time: 6 more minutes (up to +66 min).
    expect(step.inserted).toBe(6);
    const all = times(await runsOf(deployment.id));
    expect(new Set(all).size).toBe(all.length);
    expect(all.filter((t) => t > later)).toEqual(nextRunTimes(schedule, { now: later }));
  });

  it("respects max_scheduled_runs, skips paused deployments and inactive schedules", async () => {
    const { deployment } = await deploy({
      schedules: [
        { schedule: { interval: 60 }, max_scheduled_runs: 5 },
        { schedule: { interval: 30 }, active: false },
      ],
    });
    await ctx.store.scheduler.topUp({ now: clock.now, deploymentIds: [deployment.id] });
    const runs = await runsOf(deployment.id);
    expect(runs).toHaveLength(5);
    expect(new Set(runs.map((run) => run.created_by?.id))).toEqual(new Set([deployment.schedules[0]?.id]));

    const paused = await deploy({ paused: true, schedules: [{ schedule: { interval: 60 } }] });
    const result = await ctx.store.scheduler.topUp({ now: clock.now, deploymentIds: [paused.deployment.id] });
    expect(result.inserted).toBe(0);
    expect(await runsOf(paused.deployment.id)).toHaveLength(0);
    // Resuming raises the fast-path signal; the top-up then makes its runs.
    const seen: string[] = [];
    const off = ctx.store.scheduler.onDeploymentChanged((id) => seen.push(id));
    await ctx.store.deployments.setPaused(paused.deployment.id, false);
    off();
    expect(seen).toContain(paused.deployment.id);
    await ctx.store.scheduler.topUp({ now: clock.now, deploymentIds: seen });
    expect((await runsOf(paused.deployment.id)).length).toBeGreaterThan(0);
  });

  it("recreates the right runs after a schedule change and leaves claimed runs alone", async () => {
    const { deployment, pool } = await deploy({ schedules: [{ schedule: { interval: 300 } }] });
    const ids = [deployment.id];
    await ctx.store.scheduler.topUp({ now: clock.now, deploymentIds: ids });
    // A worker claims the first run (prefetching 10 minutes ahead).
    const [claimed] = await ctx.store.claims.claim(
      pool.name,
      ClaimFlowRuns.parse({ worker_name: "w", limit: 1, prefetch_seconds: 600 }),
    );
    expect(claimed?.flow_run.state_type).toBe("PENDING");

    const scheduleId = deployment.schedules[0]?.id ?? "";
    await ctx.store.deployments.updateSchedule(deployment.id, scheduleId, { schedule: { interval: 900 } });
    expect(scheduledOnly(await runsOf(deployment.id))).toHaveLength(0);
    await ctx.store.scheduler.topUp({ now: clock.now, deploymentIds: ids });
    const after = await runsOf(deployment.id);
    const pending = after.filter((run) => run.state_type === "PENDING");
    expect(pending.map((run) => run.id)).toEqual([claimed?.flow_run.id]);
    expect(times(scheduledOnly(after))).toEqual(
      nextRunTimes({ interval: 900 }, { now: clock.now }).filter(
        (t) => t !== Date.parse(claimed?.flow_run.expected_start_time ?? ""),
      ),
    );

    // Changing the parameters replaces the future runs with ones that carry the new values.
    await ctx.store.deployments.update(deployment.id, DeploymentUpdate.parse({ parameters: { x: 9 } }));
    await ctx.store.scheduler.topUp({ now: clock.now, deploymentIds: ids });
    const scheduled = scheduledOnly(await runsOf(deployment.id));
    expect(scheduled.length).toBeGreaterThan(0);
    expect(scheduled.every((run) => (run.parameters as { x?: number }).x === 9)).toBe(true);
  });

  it("a full top-up covers every deployment, paging by id", async () => {
    const made = await Promise.all(
      Array.from({ length: 3 }, () => deploy({ schedules: [{ schedule: { interval: 3600 } }] })),
    );
    const result = await ctx.store.scheduler.topUp({ now: clock.now });
    expect(result.deployments).toBeGreaterThanOrEqual(3);
    for (const { deployment } of made) expect(await runsOf(deployment.id)).toHaveLength(3);
    expect((await ctx.store.scheduler.topUp({ now: clock.now })).inserted).toBe(0);
  });

  describe("catch-up policies", () => {
    async function lateSetup(policy: "run_all" | "run_latest" | "skip") {
      const base = clock.now;
      const { deployment, pool } = await deploy({
        catchup_policy: policy,
        schedules: [{ schedule: { interval: 60, anchor_date: new Date(base).toISOString() } }],
      });
      expect(deployment.catchup_policy).toBe(policy);
      await ctx.store.scheduler.topUp({ now: base, deploymentIds: [deployment.id] });
      // Five minutes pass with no worker: the runs due at +1..+5 min are all Late (> 15 s overdue).
      const now = base + 5 * MINUTE + 20_000;
      await ctx.store.maintenance.markLateRuns(now - 15_000);
      return { deployment, pool, base, now };
    }

    async function claimAt(poolName: string, now: number, limit = 10) {
      const saved = clock.now;
      clock.now = now;
      try {
        return await ctx.store.claims.claim(poolName, ClaimFlowRuns.parse({ worker_name: "w", limit }));
      } finally {
        clock.now = saved;
      }
    }

    it("run_all claims every late run (Prefect's behaviour)", async () => {
      const { deployment, pool, now } = await lateSetup("run_all");
      const claimed = await claimAt(pool.name, now);
      expect(claimed).toHaveLength(5);
      expect((await runsOf(deployment.id)).filter((run) => run.state_type === "CANCELLED")).toHaveLength(0);
    });

    it("run_latest claims the newest late run and skips the older ones", async () => {
      const { deployment, pool, base, now } = await lateSetup("run_latest");
      const claimed = await claimAt(pool.name, now);
      expect(claimed.map((c) => Date.parse(c.flow_run.expected_start_time ?? ""))).toEqual([
        base + 5 * MINUTE,
      ]);
      const skipped = (await runsOf(deployment.id)).filter((run) => run.state_type === "CANCELLED");
      expect(skipped).toHaveLength(4);
      expect(skipped[0]?.state).toMatchObject({
        name: "Skipped",
        message: "Skipped by the catch-up policy run_latest: a newer run of this schedule is due",
      });
      // Future runs are untouched.
      expect(scheduledOnly(await runsOf(deployment.id)).length).toBeGreaterThan(50);
    });

    it("skip cancels every late run and claims none of them", async () => {
      const { deployment, pool, base, now } = await lateSetup("skip");
      expect(await claimAt(pool.name, now)).toHaveLength(0);
      const skipped = (await runsOf(deployment.id)).filter((run) => run.state_type === "CANCELLED");
      expect(skipped).toHaveLength(5);
      expect(
        skipped.every((run) => run.state?.name === "Skipped" && run.state.message?.includes("skip")),
      ).toBe(true);
      // A run that is due but not late is claimed as usual.
      const onTime = await claimAt(pool.name, base + 6 * MINUTE + 5_000);
      expect(onTime).toHaveLength(1);
    });

    it("applies to served deployments' claims too", async () => {
      const { deployment, base, now } = await lateSetup("run_latest");
      const saved = clock.now;
      clock.now = now;
      try {
        const claimed = await ctx.store.claims.claimForDeployments(
          ClaimDeploymentFlowRuns.parse({
            deployment_ids: [deployment.id],
            runner_name: "runner",
            limit: 10,
          }),
        );
        expect(claimed.map((run) => Date.parse(run.expected_start_time ?? ""))).toEqual([base + 5 * MINUTE]);
      } finally {
        clock.now = saved;
      }
      const skipped = (await runsOf(deployment.id)).filter((run) => run.state_name === "Skipped");
      expect(skipped).toHaveLength(4);
    });
  });

  it("refuses invalid schedules over HTTP with 422 naming the problem", async () => {
    const app = createApp({ store: ctx.store, version: "test" });
    const flowId = await makeFlow(ctx.store);
    const response = await app.request("/api/deployments/", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: uniqueName("bad"),
        flow_id: flowId,
        schedules: [
          { schedule: { cron: "0 9 * * *", timezone: "Mars/Olympus_Mons" } },
          { schedule: { cron: "61 * * * *" } },
        ],
      }),
    });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; message: string; details: unknown[] } };
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.message).toContain("Mars/Olympus_Mons");
    expect(body.error.details).toHaveLength(2);

    const { deployment } = await deploy({ schedules: [{ schedule: { interval: 60 } }] });
    const add = await app.request(`/api/deployments/${deployment.id}/schedules`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ schedule: { rrule: "FREQ=SOMETIMES" } }]),
    });
    expect(add.status).toBe(422);
    const patch = await app.request(
      `/api/deployments/${deployment.id}/schedules/${deployment.schedules[0]?.id}`,
      {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ schedule: { interval: 60, timezone: "Nowhere/City" } }),
      },
    );
    expect(patch.status).toBe(422);
    expect(((await patch.json()) as { error: { message: string } }).error.message).toContain("Nowhere/City");
  });

  it("schedule parsing errors are refused by the store too", async () => {
    await expect(
      deploy({ schedules: [DeploymentScheduleCreate.parse({ schedule: { cron: "nope" } })] }),
    ).rejects.toThrow(/schedules\[0\]/);
  });
});

describe("scheduler replicas on postgres", () => {
  it("two stores topping up the same deployments at once create no duplicates", async () => {
    const target = TARGETS.find((t) => t.name === "postgres");
    if (target === undefined) throw new Error("postgres target missing");
    const opened = await target.open();
    const other: Store = await openStore(POSTGRES_URL, { schema: opened.location });
    try {
      const store = opened.store;
      const flowId = await makeFlow(store);
      const deploymentIds: string[] = [];
      for (let i = 0; i < 20; i++) {
        const { value } = await store.deployments.upsert(
          DeploymentCreate.parse({
            name: `d${i}`,
            flow_id: flowId,
            schedules: [{ schedule: { cron: "* * * * *" } }],
          }),
        );
        deploymentIds.push(value.id);
      }
      const now = START;
      const [a, b] = await Promise.all([store.scheduler.topUp({ now }), other.scheduler.topUp({ now })]);
      expect(a.inserted + b.inserted).toBe(20 * 60);
      const total = await store.flowRuns.count(
        FlowRunQuery.parse({ flow_runs: { deployment_id: { any_: deploymentIds } } }),
      );
      expect(total).toBe(20 * 60);
      const [c, d] = await Promise.all([
        store.scheduler.topUp({ now: now + 2 * MINUTE }),
        other.scheduler.topUp({ now: now + 2 * MINUTE }),
      ]);
      expect(c.inserted + d.inserted).toBe(20 * 2);
    } finally {
      await other.close();
      await opened.cleanup();
    }
  });
});
