/**
 * The scheduler's bounds (issue 15, item 4): a deployment with a tight schedule and no worker
 * stays under the cap on waiting runs over many loops, the cap is reported once (one log line,
 * one event), and the catch-up policy `skip` cancels Late runs that nobody claimed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeploymentCreate, EventQuery, FlowRunQuery, WorkPoolCreate } from "../../src/api/index.js";
import { SCHEDULE_CAPPED_EVENT } from "../../src/server/services/schedule-cap-reporter.js";
import { SchedulerService } from "../../src/server/services/scheduler.js";
import { openStore, type OpenStoreOptions } from "../../src/server/storage/index.js";
import { CATCHUP_LATE_AFTER_MS } from "../../src/server/storage/scheduler/catch-up.js";
import type { Store } from "../../src/server/storage/store.js";
import { dropSchema, makeFlow, POSTGRES_URL, uniqueName, uniqueSchema } from "./harness.js";

const CAP = 40;
const TICKS = 30;
const STEP_MS = 5_000;
const START = Date.parse("2030-01-01T00:00:00Z");

const backends = [
  {
    name: "sqlite",
    async open(options: OpenStoreOptions) {
      const dir = mkdtempSync(join(tmpdir(), "steward-cap-"));
      const store = await openStore(`sqlite:${join(dir, "steward.db")}`, options);
      return {
        store,
        cleanup: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })),
      };
    },
  },
  {
    name: "postgres",
    async open(options: OpenStoreOptions) {
      const schema = uniqueSchema();
      const store = await openStore(POSTGRES_URL, { ...options, schema });
      return { store, cleanup: async () => (await store.close(), await dropSchema(schema)) };
    },
  },
] as const;

describe.each(backends)("scheduler caps on $name", (backend) => {
  const clock = { now: START };
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await backend.open({
      now: () => clock.now,
      // Lowered so that the tight schedule of the incident can be stored at all.
      limits: { minScheduleIntervalSeconds: 1, maxScheduledRunsPerDeployment: CAP },
    }));
  });
  afterAll(async () => cleanup());

  async function deploy(catchup_policy: "run_all" | "skip") {
    const flowId = await makeFlow(store);
    const pool = await store.workPools.create(
      WorkPoolCreate.parse({ name: uniqueName("pool"), type: "process" }),
    );
    const { value } = await store.deployments.upsert(
      DeploymentCreate.parse({
        name: uniqueName("dep"),
        flow_id: flowId,
        work_pool_name: pool.name,
        catchup_policy,
        schedules: Array.from({ length: 20 }, () => ({ schedule: { interval: 1 } })),
      }),
    );
    return value.id;
  }

  const scheduled = (deploymentId: string) =>
    store.flowRuns.filter(
      FlowRunQuery.parse({
        flow_runs: { deployment_id: { any_: [deploymentId] }, state: { type: { any_: ["SCHEDULED"] } } },
        limit: 200,
      }),
    );

  const cappedEvents = async (deploymentId: string) =>
    (
      await store.events.filter(
        EventQuery.parse({
          filter: {
            occurred: {
              since: new Date(START - 86_400_000).toISOString(),
              until: new Date(START + 86_400_000).toISOString(),
            },
            event: { name: [SCHEDULE_CAPPED_EVENT] },
          },
          limit: 200,
        }),
      )
    ).events.filter(
      (event) => event.resource["steward.resource.id"] === `steward.deployment.${deploymentId}`,
    );

  it("run_all, no worker: never more than the cap waiting, over many ticks; said once", async () => {
    const deploymentId = await deploy("run_all");
    const logged: string[] = [];
    const scheduler = new SchedulerService({ store, now: () => clock.now, log: (line) => logged.push(line) });
    for (let tick = 0; tick < TICKS; tick++) {
      await scheduler.tick();
      expect((await scheduled(deploymentId)).length).toBeLessThanOrEqual(CAP);
      clock.now += STEP_MS;
    }
    expect((await scheduled(deploymentId)).length).toBe(CAP);
    const capLines = logged.filter((line) => line.includes(deploymentId));
    expect(capLines).toHaveLength(1);
    expect(capLines[0]).toContain("STEWARD_SERVER_SCHEDULER_MAX_SCHEDULED_RUNS");
    const events = await cappedEvents(deploymentId);
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({ cap: CAP, waiting: CAP });
  });

  it("skip, no worker: Late runs nobody claimed are cancelled as Skipped, the rest stays under the cap", async () => {
    const deploymentId = await deploy("skip");
    const scheduler = new SchedulerService({ store, now: () => clock.now, log: () => {} });
    for (let tick = 0; tick < TICKS; tick++) {
      await scheduler.tick();
      const waiting = await scheduled(deploymentId);
      expect(waiting.length).toBeLessThanOrEqual(CAP);
      const stale = waiting.filter(
        (run) => Date.parse(run.next_scheduled_start_time ?? "") <= clock.now - CATCHUP_LATE_AFTER_MS,
      );
      expect(stale).toEqual([]);
      clock.now += STEP_MS;
    }
    const skipped = await store.flowRuns.filter(
      FlowRunQuery.parse({
        flow_runs: { deployment_id: { any_: [deploymentId] }, state: { name: { any_: ["Skipped"] } } },
        limit: 10,
      }),
    );
    expect(skipped.length).toBeGreaterThan(0);
  });
});
