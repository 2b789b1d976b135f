/**
 * @module Least privilege for worker keys: a worker key limited to some pools reaches only those
 * pools, their queues, their deployments and their flow runs. The route table says which routes a
 * worker may call at all (`access.worker`); this module checks the resource each call names, once
 * the request is parsed. Every worker route has an entry here, `unscoped` included, so a new one
 * cannot slip through without a decision (a unit test walks the table).
 */
import type { RouteName } from "../../api/routes.js";
import type { Principal } from "../../core/access.js";
import { StewardError } from "../../core/errors.js";
import type { RouteRequest } from "../http/route-types.js";
import type { Store } from "../storage/store.js";

type Check = (request: RouteRequest<RouteName>, pools: readonly string[], store: Store) => Promise<void>;

/** Routes whose resource belongs to no pool (the server's version, a flow's name, events). */
const unscoped: Check = async () => undefined;

/** The pool is in the path (`/work_pools/{name}/…`). */
const poolInPath: Check = async ({ params }, pools) => {
  const pool = (params as { name?: string }).name;
  if (pool === undefined || !pools.includes(pool)) throw outsidePools(`work pool "${pool}"`, pools);
};

/** A flow run in the path: it must wait in, or run from, one of the pools. */
const flowRunInPath: Check = async ({ params }, pools, store) => {
  const id = (params as { id: string }).id;
  const run = await store.flowRuns.read(id);
  // An unknown run is the handler's 404; nothing is revealed by letting it answer.
  if (run !== undefined && (run.work_pool_name === null || !pools.includes(run.work_pool_name))) {
    throw outsidePools(`flow run ${id}`, pools);
  }
};

/** Logs name their flow runs: each must be one of the pools'. */
const logsOfOwnRuns: Check = async ({ body }, pools, store) => {
  const ids = new Set(
    (body as unknown as { flow_run_id?: string | null }[]).flatMap((log) => log.flow_run_id ?? []),
  );
  for (const id of ids) {
    const run = await store.flowRuns.read(id);
    if (run !== undefined && (run.work_pool_name === null || !pools.includes(run.work_pool_name))) {
      throw outsidePools(`flow run ${id}`, pools);
    }
  }
};

/** A filter of flow runs is narrowed to the pools (intersected with any pools it names itself). */
const flowRunsOfOwnPools: Check = async ({ body }, pools) => {
  const query = body as unknown as { work_pools?: { name?: { any_?: string[] } } };
  const asked = query.work_pools?.name?.any_;
  const allowed = asked === undefined ? [...pools] : asked.filter((name) => pools.includes(name));
  query.work_pools = { ...query.work_pools, name: { ...query.work_pools?.name, any_: allowed } };
};

/** A deployment by id or by name: its pool must be one of the key's. */
const deploymentOfOwnPools: Check = async ({ params }, pools, store) => {
  const { id, flow_name, deployment_name } = params as {
    id?: string;
    flow_name?: string;
    deployment_name?: string;
  };
  const deployment =
    id !== undefined
      ? await store.deployments.read(id)
      : await store.deployments.readByName(flow_name ?? "", deployment_name ?? "");
  if (
    deployment !== undefined &&
    (deployment.work_pool_name === null || !pools.includes(deployment.work_pool_name))
  ) {
    throw outsidePools(`deployment "${deployment.name}"`, pools);
  }
};

/** The check of every route a worker key may call. */
export const WORKER_SCOPES: Readonly<Partial<Record<RouteName, Check>>> = {
  version: unscoped,
  readFlow: unscoped,
  readFlowByName: unscoped,
  readWorkerType: unscoped,
  createEvents: unscoped,
  readFlowRun: flowRunInPath,
  updateFlowRun: flowRunInPath,
  setFlowRunState: flowRunInPath,
  flowRunHeartbeat: flowRunInPath,
  filterFlowRuns: flowRunsOfOwnPools,
  createLogs: logsOfOwnRuns,
  readWorkPool: poolInPath,
  getScheduledFlowRuns: poolInPath,
  claimFlowRuns: poolInPath,
  readWorkQueue: poolInPath,
  workerHeartbeat: poolInPath,
  readDeployment: deploymentOfOwnPools,
  readDeploymentByName: deploymentOfOwnPools,
};

/**
 * The scope check of the server: limits worker keys that name pools; keys of every pool and
 * every other principal pass (the route's role was checked before).
 */
export function resourceScope(store: Store) {
  return async function checkScope(name: RouteName, request: RouteRequest<RouteName>): Promise<void> {
    const principal: Principal | undefined = request.principal;
    if (principal?.role !== "worker" || principal.pools.length === 0) return;
    const check = WORKER_SCOPES[name];
    if (check === undefined) {
      throw new StewardError("FORBIDDEN", `Worker keys may not call ${name}.`);
    }
    await check(request, principal.pools, store);
  };
}

function outsidePools(what: string, pools: readonly string[]): StewardError {
  return new StewardError(
    "FORBIDDEN",
    `This worker key serves the work pools ${pools.map((p) => `"${p}"`).join(", ")} only; ${what} is not one of theirs.`,
  );
}
