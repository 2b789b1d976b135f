/**
 * @module The small tables of the seeded database — flows, work pools with their queues and
 * workers, deployments — created through the store, exactly as the API would create them. Only
 * the millions of runs and log lines are written with raw SQL (see the writers).
 */
import {
  DeploymentCreate,
  FlowCreate,
  WorkerHeartbeat,
  WorkPoolCreate,
  WorkQueueCreate,
} from "../../src/api/index.js";
import type { Store } from "../../src/server/storage/store.js";
import { pick, type Random } from "./random.js";

/** How many of each the seed creates. */
export const FLOWS = 200;
export const DEPLOYMENTS = 500;
export const WORK_POOLS = 10;

const DOMAINS = ["orders", "billing", "users", "inventory", "marketing"];
const DOMAINS_2 = ["search", "payments", "shipping", "analytics", "forecast"];
const ACTIONS = [
  "etl",
  "sync",
  "report",
  "cleanup",
  "train",
  "export",
  "import",
  "backfill",
  "score",
  "rollup",
];
const POOL_NAMES = [
  "k8s-prod",
  "k8s-staging",
  "ecs-batch",
  "process-local",
  "docker-etl",
  "gpu-training",
  "vm-legacy",
  "k8s-eu",
  "k8s-us",
  "serverless",
];
const DEPLOYMENT_NAMES = ["prod", "staging", "nightly"];
/** Queues besides `default` in every pool, by priority. */
const EXTRA_QUEUES = ["high", "low"];
/** Tags a deployment may carry besides its environment; runs inherit them. */
const TEAM_TAGS = ["team-data", "team-ml", "team-platform"];

/** A seeded deployment, with what its runs copy from it. */
export interface SeedDeployment {
  readonly id: string;
  readonly flowId: string;
  readonly poolId: string;
  readonly poolName: string;
  readonly queueId: string;
  readonly queueName: string;
  /** Tags of its runs (auto-scheduled runs add `auto-scheduled`). */
  readonly tags: readonly string[];
}

/** Everything the run generator needs to know about the small tables. */
export interface Catalog {
  readonly flowIds: readonly string[];
  readonly deployments: readonly SeedDeployment[];
}

/** Creates flows, pools (default queue plus `high` and `low`), two workers per pool and deployments. */
export async function createCatalog(store: Store, random: Random): Promise<Catalog> {
  const flowIds: string[] = [];
  for (let i = 0; i < FLOWS; i++) {
    const domains = i < 100 ? DOMAINS : DOMAINS_2;
    const name = `${domains[i % 5]}-${ACTIONS[Math.floor(i / 5) % 10]}${i % 100 >= 50 ? "-hourly" : ""}`;
    const { value } = await store.flows.upsert(FlowCreate.parse({ name, tags: [domains[i % 5]] }));
    flowIds.push(value.id);
  }

  const pools: { id: string; name: string; queues: { id: string; name: string }[] }[] = [];
  for (const name of POOL_NAMES.slice(0, WORK_POOLS)) {
    const pool = await store.workPools.create(WorkPoolCreate.parse({ name, type: "process" }));
    for (const [index, queue] of EXTRA_QUEUES.entries()) {
      await store.workQueues.create(name, WorkQueueCreate.parse({ name: queue, priority: index + 2 }));
    }
    for (const worker of ["worker-a", "worker-b"]) {
      await store.workers.heartbeat(name, WorkerHeartbeat.parse({ name: `${name}-${worker}` }));
    }
    const queues = (await store.workQueues.list(name)) ?? [];
    pools.push({ id: pool.id, name, queues: queues.map((q) => ({ id: q.id, name: q.name })) });
  }

  const deployments: SeedDeployment[] = [];
  for (let i = 0; i < DEPLOYMENTS; i++) {
    const flowId = flowIds[i % FLOWS] ?? "";
    const pool = pools[pick(random, pools.length)] ?? pools[0];
    // Most deployments use the pool's default queue (first by priority), as in practice.
    const queue = (random() < 0.6 ? pool?.queues[0] : pool?.queues[1 + pick(random, 2)]) ?? pool?.queues[0];
    const env = DEPLOYMENT_NAMES[Math.floor(i / FLOWS)] ?? "prod";
    const tags = [env === "staging" ? "staging" : "prod"];
    if (random() < 0.5) tags.push(TEAM_TAGS[pick(random, TEAM_TAGS.length)] ?? "team-data");
    if (random() < 0.15) tags.push("critical");
    if (pool === undefined || queue === undefined) throw new Error("the seed made a pool without queues");
    const { value } = await store.deployments.upsert(
      DeploymentCreate.parse({
        name: env,
        flow_id: flowId,
        work_pool_name: pool.name,
        work_queue_name: queue.name,
        entrypoint: `flows/${i % FLOWS}.ts:main`,
        tags,
      }),
    );
    deployments.push({
      id: value.id,
      flowId,
      poolId: pool.id,
      poolName: pool.name,
      queueId: queue.id,
      queueName: queue.name,
      tags,
    });
  }
  return { flowIds, deployments };
}
