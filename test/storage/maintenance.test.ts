import { describe, expect, it } from "vitest";
import { DeploymentCreate, SetStateRequest, WorkerHeartbeat } from "../../src/api/index.js";
import { cancellationCleanupService } from "../../src/server/services/cancellation-cleanup.js";
import { claimExpiryService } from "../../src/server/services/claim-expiry.js";
import { foremanService } from "../../src/server/services/foreman.js";
import { lateRunsService } from "../../src/server/services/late-runs.js";
import { zombieReaperService } from "../../src/server/services/zombie-reaper.js";
import type { Store } from "../../src/server/storage/store.js";
import { iso, makeFlow, makeRun, TARGETS, type TestClock, useStore } from "./harness.js";
import { claimBody, claimedIds, defaultQueue, makePool, makeQueuedRun } from "./pool-fixtures.js";

const T0 = Date.UTC(2033, 2, 1);
const SECOND = 1000;

describe.each(TARGETS)("maintenance on $name", (target) => {
  const clock: TestClock = { now: T0 };
  const ctx = useStore(target, clock);
  const propose = (id: string, type: string, force = false) =>
    ctx.store.flowRuns.setState(id, SetStateRequest.parse({ state: { type }, force }));

  async function queuedRun(at: number) {
    const pool = await makePool(ctx.store);
    const queue = await defaultQueue(ctx.store, pool);
    const run = await makeQueuedRun(ctx.store, await makeFlow(ctx.store), { pool, queue, at });
    return { pool, queue, run };
  }

  /** A claimed run of a fresh pool, RUNNING since now, with a process id (it can be cancelled). */
  async function runningRun() {
    const { pool, run } = await queuedRun(clock.now);
    expect(claimedIds(await ctx.store.claims.claim(pool.name, claimBody("w")))).toEqual([run.id]);
    await ctx.store.flowRuns.update(run.id, { infrastructure_pid: "host:42" });
    await propose(run.id, "RUNNING");
    return { pool, run };
  }

  it("labels overdue SCHEDULED runs Late, keeping their time; they stay claimable", async () => {
    const due = clock.now;
    const { pool, run } = await queuedRun(due);
    const retry = await makeRun(ctx.store, await makeFlow(ctx.store), {
      state: { type: "SCHEDULED", name: "AwaitingRetry", state_details: { scheduled_time: iso(due) } },
    });
    clock.now += 10 * SECOND;
    expect(await ctx.store.maintenance.markLateRuns(clock.now - 15 * SECOND)).toBe(0);
    clock.now += 10 * SECOND;
    expect(await ctx.store.maintenance.markLateRuns(clock.now - 15 * SECOND)).toBe(1);
    expect(await ctx.store.maintenance.markLateRuns(clock.now - 15 * SECOND)).toBe(0);
    const late = await ctx.store.flowRuns.read(run.id);
    expect(late).toMatchObject({
      state_type: "SCHEDULED",
      state_name: "Late",
      next_scheduled_start_time: iso(due),
      expected_start_time: iso(due),
    });
    expect(late?.state?.state_details.scheduled_time).toBe(iso(due));
    expect((await ctx.store.flowRuns.read(retry.id))?.state_name).toBe("AwaitingRetry");
    expect(claimedIds(await ctx.store.claims.claim(pool.name, claimBody("w")))).toEqual([run.id]);
    // Out of the way of the claim-expiry case below.
    await propose(run.id, "CANCELLED", true);
  });

  it("foreman: queues not polled for a minute and pools without ONLINE workers go NOT_READY", async () => {
    const pool = await makePool(ctx.store);
    await ctx.store.workers.heartbeat(
      pool.name,
      WorkerHeartbeat.parse({ name: "w", heartbeat_interval_seconds: 5 }),
    );
    await ctx.store.claims.claim(pool.name, claimBody("w"));
    clock.now += 15 * SECOND;
    await ctx.store.maintenance.updateStatuses(clock.now);
    expect((await ctx.store.workPools.read(pool.name))?.status).toBe("READY");
    expect((await defaultQueue(ctx.store, pool)).status).toBe("READY");
    clock.now += 46 * SECOND;
    expect(await ctx.store.maintenance.updateStatuses(clock.now)).toBeGreaterThanOrEqual(3);
    expect(await ctx.store.workPools.read(pool.name)).toMatchObject({
      status: "NOT_READY",
      status_updated: iso(clock.now),
    });
    expect(await defaultQueue(ctx.store, pool)).toMatchObject({
      status: "NOT_READY",
      status_updated: iso(clock.now),
    });
    expect((await ctx.store.workers.list(pool.name))?.[0]?.status).toBe("OFFLINE");
    // Nothing left to change.
    const before = await ctx.store.workPools.read(pool.name);
    clock.now += SECOND;
    await ctx.store.maintenance.updateStatuses(clock.now);
    expect((await ctx.store.workPools.read(pool.name))?.status_updated).toBe(before?.status_updated);
  });

  it("foreman: deployments go NOT_READY when neither they nor their queue were polled for a minute", async () => {
    const pool = await makePool(ctx.store);
    const { value: deployment } = await ctx.store.deployments.upsert(
      DeploymentCreate.parse({ name: "d", flow_id: await makeFlow(ctx.store), work_pool_name: pool.name }),
    );
    await ctx.store.claims.claim(pool.name, claimBody("w"));
    expect((await ctx.store.deployments.read(deployment.id))?.status).toBe("READY");
    clock.now += 59 * SECOND;
    await ctx.store.maintenance.updateStatuses(clock.now);
    expect((await ctx.store.deployments.read(deployment.id))?.status).toBe("READY");
    clock.now += 2 * SECOND;
    await ctx.store.maintenance.updateStatuses(clock.now);
    expect((await ctx.store.deployments.read(deployment.id))?.status).toBe("NOT_READY");
  });

  it("reaps RUNNING runs whose heartbeats stopped (or never came), and signals claim waiters", async () => {
    const silent = await runningRun();
    const beating = await runningRun();
    const stale = await runningRun();
    const startedAt = Date.parse((await ctx.store.flowRuns.read(silent.run.id))?.state?.timestamp ?? "");
    clock.now += 30 * SECOND;
    expect(await ctx.store.flowRuns.heartbeat(stale.run.id)).toBe(true);
    const staleBeat = clock.now;
    clock.now += 61 * SECOND;
    expect(await ctx.store.flowRuns.heartbeat(beating.run.id)).toBe(true);
    expect(await ctx.store.flowRuns.heartbeat("0195c1a2-0000-7000-8000-000000000000")).toBe(false);
    clock.now += 30 * SECOND;
    let signals = 0;
    const stop = ctx.store.claims.onChange(() => signals++);
    try {
      expect(await ctx.store.maintenance.reapZombies(clock.now - 90 * SECOND)).toBe(2);
    } finally {
      stop();
    }
    expect(signals).toBe(1);
    const crashed = await ctx.store.flowRuns.read(silent.run.id);
    expect(crashed?.state_type).toBe("CRASHED");
    expect(crashed?.state?.message).toBe(
      `Flow run's process stopped sending heartbeats (last at ${iso(startedAt)}); marked CRASHED by the zombie reaper`,
    );
    expect((await ctx.store.flowRuns.read(stale.run.id))?.state?.message).toContain(iso(staleBeat));
    expect((await ctx.store.flowRuns.read(beating.run.id))?.state_type).toBe("RUNNING");
    expect((await ctx.store.workPools.read(silent.pool.name))?.active_slots).toBe(0);
    await propose(beating.run.id, "COMPLETED");
  });

  it("reschedules claims that never started, so another worker can take them", async () => {
    const { pool, run } = await queuedRun(clock.now);
    await ctx.store.claims.claim(pool.name, claimBody("w"));
    const outside = await makeRun(ctx.store, await makeFlow(ctx.store));
    clock.now += 299 * SECOND;
    expect(await ctx.store.maintenance.expireClaims(clock.now - 300 * SECOND)).toBe(0);
    clock.now += 2 * SECOND;
    expect(await ctx.store.maintenance.expireClaims(clock.now - 300 * SECOND)).toBe(1);
    const again = await ctx.store.flowRuns.read(run.id);
    expect(again).toMatchObject({
      state_type: "SCHEDULED",
      state_name: "Scheduled",
      next_scheduled_start_time: iso(clock.now),
    });
    expect(again?.state?.message).toBe("Claim expired: the worker never started the run; rescheduled");
    expect((await ctx.store.flowRuns.read(outside.id))?.state_type).toBe("PENDING");
    expect(claimedIds(await ctx.store.claims.claim(pool.name, claimBody("w2")))).toEqual([run.id]);
    // Out of the way of the claim-expiry case below.
    await propose(run.id, "CANCELLED", true);
  });

  it("spares a claim made ahead of time while its process beats; a silent one is due again at its time", async () => {
    const pool = await makePool(ctx.store);
    const queue = await defaultQueue(ctx.store, pool);
    const flowId = await makeFlow(ctx.store);
    const due = clock.now + 900 * SECOND;
    const waiting = await makeQueuedRun(ctx.store, flowId, { pool, queue, at: due });
    const silent = await makeQueuedRun(ctx.store, flowId, { pool, queue, at: due });
    // A worker prefetching 15 minutes ahead claims both; their processes start at once.
    const early = claimBody("w", { limit: 2, prefetch_seconds: 900 });
    expect(claimedIds(await ctx.store.claims.claim(pool.name, early)).sort()).toEqual(
      [waiting.id, silent.id].sort(),
    );
    clock.now += 250 * SECOND;
    // One process asks to start and is told to wait; it beats meanwhile. The other went away.
    const asked = await ctx.store.flowRuns.setState(
      waiting.id,
      SetStateRequest.parse({ state: { type: "RUNNING" } }),
    );
    expect(asked.result).toMatchObject({ status: "WAIT", details: { delay_seconds: 650 } });
    expect(await ctx.store.flowRuns.heartbeat(waiting.id)).toBe(true);
    clock.now += 100 * SECOND;
    expect(await ctx.store.maintenance.expireClaims(clock.now - 300 * SECOND)).toBe(1);
    expect((await ctx.store.flowRuns.read(waiting.id))?.state_type).toBe("PENDING");
    // Rescheduled for the time it was claimed for, not for now: no other worker starts it early.
    const again = await ctx.store.flowRuns.read(silent.id);
    expect(again).toMatchObject({ state_type: "SCHEDULED", next_scheduled_start_time: iso(due) });
    expect(again?.state?.state_details.scheduled_time).toBe(iso(due));
    expect(await ctx.store.claims.claim(pool.name, claimBody("w2", { limit: 2 }))).toEqual([]);
    // A waiting process that stops beating loses its claim like any other.
    clock.now += 201 * SECOND;
    expect(await ctx.store.maintenance.expireClaims(clock.now - 300 * SECOND)).toBe(1);
    expect(await ctx.store.flowRuns.read(waiting.id)).toMatchObject({
      state_type: "SCHEDULED",
      next_scheduled_start_time: iso(due),
    });
    // Claimed again and due: RUNNING is accepted at once.
    expect(claimedIds(await ctx.store.claims.claim(pool.name, early)).sort()).toEqual(
      [waiting.id, silent.id].sort(),
    );
    clock.now = due;
    for (const run of [waiting, silent]) {
      const started = await ctx.store.flowRuns.setState(
        run.id,
        SetStateRequest.parse({ state: { type: "RUNNING" } }),
      );
      expect(started.result.status).toBe("ACCEPT");
      await propose(run.id, "COMPLETED");
    }
  });

  it("forces runs left CANCELLING too long to CANCELLED", async () => {
    const { pool, run } = await runningRun();
    await propose(run.id, "CANCELLING");
    expect((await ctx.store.flowRuns.read(run.id))?.state_type).toBe("CANCELLING");
    clock.now += 119 * SECOND;
    expect(await ctx.store.maintenance.finishStuckCancellations(clock.now - 120 * SECOND)).toBe(0);
    clock.now += 2 * SECOND;
    expect(await ctx.store.maintenance.finishStuckCancellations(clock.now - 120 * SECOND)).toBe(1);
    const cancelled = await ctx.store.flowRuns.read(run.id);
    expect(cancelled?.state_type).toBe("CANCELLED");
    expect(cancelled?.state?.message).toBe(
      "Cancellation timed out: no process acknowledged it; marked CANCELLED",
    );
    expect((await ctx.store.workPools.read(pool.name))?.active_slots).toBe(0);
  });

  it("never overwrites a run that moved on after it was found", async () => {
    const { run } = await runningRun();
    await propose(run.id, "COMPLETED");
    clock.now += 600 * SECOND;
    expect(await ctx.store.maintenance.reapZombies(clock.now - 90 * SECOND)).toBe(0);
    expect((await ctx.store.flowRuns.read(run.id))?.state_type).toBe("COMPLETED");
  });
});

describe("maintenance services", () => {
  it("each tick asks the store with its cutoff, and logs what changed", async () => {
    const calls: string[] = [];
    const record =
      (name: string, changed: number) =>
      async (cutoff: number): Promise<number> => {
        calls.push(`${name} ${cutoff}`);
        return changed;
      };
    const store = {
      maintenance: {
        markLateRuns: record("late", 1),
        updateStatuses: record("statuses", 2),
        reapZombies: record("zombies", 1),
        expireClaims: record("claims", 3),
        finishStuckCancellations: record("cancellations", 0),
      },
    } as unknown as Store;
    const lines: string[] = [];
    const base = { store, intervalMs: 5_000, now: () => 1_000_000, log: (line: string) => lines.push(line) };
    for (const service of [
      lateRunsService({ ...base, lateAfterSeconds: 15 }),
      foremanService(base),
      zombieReaperService({ ...base, timeoutSeconds: 90 }),
      claimExpiryService({ ...base, timeoutSeconds: 300 }),
      cancellationCleanupService({ ...base, timeoutSeconds: 120 }),
    ]) {
      await service.tick();
    }
    expect(calls).toEqual([
      "late 985000",
      "statuses 1000000",
      "zombies 910000",
      "claims 700000",
      "cancellations 880000",
    ]);
    expect(lines).toEqual([
      "zombie-reaper: marked 1 flow run CRASHED (no heartbeat for 90 s)",
      "claim-expiry: rescheduled 3 flow runs claimed more than 300 s ago and never started",
    ]);
  });
});
