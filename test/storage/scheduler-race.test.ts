import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DeploymentCreate, FlowRunQuery, WorkPoolCreate } from "../../src/api/index.js";
import type { StoreContext } from "../../src/server/storage/context.js";
import { openStore } from "../../src/server/storage/index.js";
import { insertScheduledRuns } from "../../src/server/storage/scheduler/insert-runs.js";
import { deploymentPage, planPage } from "../../src/server/storage/scheduler/plan.js";
import { connectSqlite } from "../../src/server/storage/sqlite/connect.js";
import { sqliteOps } from "../../src/server/storage/sqlite/ops.js";
import type { Store } from "../../src/server/storage/store.js";
import { makeFlow } from "./harness.js";

const START = Date.parse("2030-01-01T00:00:00Z");

/**
 * A schedule switched off, or its deployment paused, between the scheduler's planning and its
 * insert must not get its runs back: the insert re-checks the plan inside its transaction. The
 * two steps are driven by hand here, with the change in between.
 */
describe("scheduler insert after a concurrent change", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function setUp(): Promise<{
    store: Store;
    ctx: StoreContext;
    deploymentId: string;
    scheduleId: string;
  }> {
    const dir = mkdtempSync(join(tmpdir(), "steward-race-"));
    const path = join(dir, "steward.db");
    const store = await openStore(`sqlite:${path}`, { now: () => START });
    const db = connectSqlite(path);
    cleanups.push(async () => {
      await db.destroy();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const pool = await store.workPools.create(WorkPoolCreate.parse({ name: "race-pool", type: "process" }));
    const { value } = await store.deployments.upsert(
      DeploymentCreate.parse({
        name: "race",
        flow_id: await makeFlow(store),
        work_pool_name: pool.name,
        schedules: [{ schedule: { interval: 600, anchor_date: "2030-01-01T00:00:00Z" } }],
      }),
    );
    const [schedule] = (await store.deployments.schedules(value.id)) ?? [];
    const ctx: StoreContext = { db, ops: sqliteOps, now: () => START, notifyRunsChanged: () => {} };
    return { store, ctx, deploymentId: value.id, scheduleId: schedule?.id ?? "" };
  }

  async function plan(ctx: StoreContext, deploymentId: string) {
    const page = await deploymentPage(ctx.db, { after: undefined, ids: [deploymentId], limit: 100 });
    return (await planPage(ctx.db, page.deployments, START)).runs;
  }

  const runsOf = (store: Store, deploymentId: string) =>
    store.flowRuns.count(FlowRunQuery.parse({ flow_runs: { deployment_id: { any_: [deploymentId] } } }));

  it("inserts nothing for a schedule switched off after planning", async () => {
    const { store, ctx, deploymentId, scheduleId } = await setUp();
    const planned = await plan(ctx, deploymentId);
    expect(planned.length).toBeGreaterThan(0);
    await store.deployments.updateSchedule(deploymentId, scheduleId, { active: false });
    expect(await insertScheduledRuns(ctx, planned)).toBe(0);
    expect(await runsOf(store, deploymentId)).toBe(0);
  });

  it("inserts nothing for a deployment paused after planning, and everything for an unchanged plan", async () => {
    const { store, ctx, deploymentId } = await setUp();
    const planned = await plan(ctx, deploymentId);
    await store.deployments.setPaused(deploymentId, true);
    expect(await insertScheduledRuns(ctx, planned)).toBe(0);
    await store.deployments.setPaused(deploymentId, false);
    const again = await plan(ctx, deploymentId);
    expect(await insertScheduledRuns(ctx, again)).toBe(again.length);
    expect(await runsOf(store, deploymentId)).toBe(again.length);
  });
});
