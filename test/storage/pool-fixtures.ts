/** Pools, queues and runs in them, for the work-pool, claim and maintenance suites. */
import {
  ClaimFlowRuns,
  type ClaimFlowRuns as ClaimFlowRunsInput,
  FlowRunCreate,
  type FlowRunCreate as FlowRunCreateInput,
  type WorkPool,
  WorkPoolCreate,
  type WorkPoolCreate as WorkPoolCreateInput,
  type WorkQueue,
  WorkQueueCreate,
  type WorkQueueCreate as WorkQueueCreateInput,
} from "../../src/api/index.js";
import type { Store } from "../../src/server/storage/store.js";
import { iso, uniqueName } from "./harness.js";

/** Creates a pool with a unique name (wire body, parsed as the route would). */
export function makePool(store: Store, body: Partial<WorkPoolCreateInput> = {}): Promise<WorkPool> {
  return store.workPools.create(WorkPoolCreate.parse({ name: uniqueName("pool"), ...body }));
}

/** Creates a queue in `pool` with a unique name unless `body.name` says otherwise. */
export function makeQueue(
  store: Store,
  pool: WorkPool,
  body: Partial<WorkQueueCreateInput> = {},
): Promise<WorkQueue> {
  return store.workQueues.create(pool.name, WorkQueueCreate.parse({ name: uniqueName("queue"), ...body }));
}

/** The pool's `default` queue. */
export async function defaultQueue(store: Store, pool: WorkPool): Promise<WorkQueue> {
  const queue = await store.workQueues.read(pool.name, "default");
  if (queue === undefined) throw new Error(`pool ${pool.name} has no default queue`);
  return queue;
}

/** Where a run goes and what it carries. */
export interface RunPlacement {
  readonly pool: WorkPool;
  readonly queue: WorkQueue;
  /** Due time (epoch ms); the run is created SCHEDULED for it. */
  readonly at: number;
  readonly deploymentId?: string;
  readonly body?: Partial<FlowRunCreateInput>;
}

/** Creates a SCHEDULED run of `flowId` in the placement's pool and queue. */
export async function makeQueuedRun(store: Store, flowId: string, placement: RunPlacement) {
  const { value } = await store.flowRuns.create(
    FlowRunCreate.parse({
      flow_id: flowId,
      state: { type: "SCHEDULED", state_details: { scheduled_time: iso(placement.at) } },
      ...placement.body,
    }),
    {
      work_pool_id: placement.pool.id,
      work_pool_name: placement.pool.name,
      work_queue_id: placement.queue.id,
      work_queue_name: placement.queue.name,
      deployment_id: placement.deploymentId ?? null,
    },
  );
  return value;
}

/** A parsed claim body for `worker`. */
export function claimBody(worker: string, body: Partial<ClaimFlowRunsInput> = {}) {
  return ClaimFlowRuns.parse({ worker_name: worker, wait_seconds: 0, ...body });
}

/** Ids of the runs a claim answered, in order. */
export function claimedIds(answer: readonly { flow_run: { id: string } }[]): string[] {
  return answer.map((item) => item.flow_run.id);
}
