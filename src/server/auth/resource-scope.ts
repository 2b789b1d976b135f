/**
 * @module Least privilege for worker keys: a worker key limited to some pools reaches only those
 * pools, their queues, their deployments and their flow runs. The route table says which routes a
 * worker may call at all (`access.worker`); this module checks the resource each call names, once
 * the request is parsed. Every worker route has an entry here, `unscoped` included, so a new one
 * cannot slip through without a decision (a unit test walks the table). A flow run's own key
 * reaches only its run, the subflows it starts and their task runs, logs and deployment.
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

/** Whether a run's or deployment's pool is one of `pools` (none is no pool of theirs). */
function inPools(pool: string | null, pools: readonly string[]): boolean {
  return pool !== null && pools.includes(pool);
}

/**
 * Flow run `id` must wait in, or run from, one of the pools. An unknown run is the handler's 404;
 * nothing is revealed by letting it answer.
 */
async function requireRunInPools(store: Store, id: string, pools: readonly string[]): Promise<void> {
  const run = await store.flowRuns.read(id);
  if (run !== undefined && !inPools(run.work_pool_name, pools)) throw outsidePools(`flow run ${id}`, pools);
}

/** A flow run in the path. */
const flowRunInPath: Check = ({ params }, pools, store) =>
  requireRunInPools(store, (params as { id: string }).id, pools);

/** Logs name their flow runs: each must be one of the pools'. */
const logsOfOwnRuns: Check = async ({ body }, pools, store) => {
  const ids = new Set(
    (body as unknown as { flow_run_id?: string | null }[]).flatMap((log) => log.flow_run_id ?? []),
  );
  for (const id of ids) await requireRunInPools(store, id, pools);
};

/** A filter of flow runs is narrowed to the pools (intersected with any pools it names itself). */
const flowRunsOfOwnPools: Check = async ({ body }, pools) => {
  const query = body as unknown as { work_pools?: { name?: { any_?: string[] } } };
  const asked = query.work_pools?.name?.any_;
  const allowed = asked === undefined ? [...pools] : asked.filter((name) => pools.includes(name));
  query.work_pools = { ...query.work_pools, name: { ...query.work_pools?.name, any_: allowed } };
};

/** The deployment a path names, by id or by flow and deployment name. */
function deploymentInPath(params: RouteRequest<RouteName>["params"], store: Store) {
  const { id, flow_name, deployment_name } = params as {
    id?: string;
    flow_name?: string;
    deployment_name?: string;
  };
  return id !== undefined
    ? store.deployments.read(id)
    : store.deployments.readByName(flow_name ?? "", deployment_name ?? "");
}

/** A deployment by id or by name: its pool must be one of the key's. */
const deploymentOfOwnPools: Check = async ({ params }, pools, store) => {
  const deployment = await deploymentInPath(params, store);
  if (deployment !== undefined && !inPools(deployment.work_pool_name, pools)) {
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
  createFlowRunKey: flowRunInPath,
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

type RunCheck = (request: RouteRequest<RouteName>, ownRun: string, store: Store) => Promise<void>;

/** How far up a chain of subflows a run key still reaches its own run. */
const MAX_SUBFLOW_DEPTH = 10;

/** Whether flow run `id` is `ownRun` or one of its subflows (through their parent task runs). */
async function withinRun(store: Store, ownRun: string, id: string | null | undefined): Promise<boolean> {
  let current = id ?? null;
  for (let depth = 0; current !== null && depth <= MAX_SUBFLOW_DEPTH; depth++) {
    if (current === ownRun) return true;
    const run = await store.flowRuns.read(current);
    const parentTask = run?.parent_task_run_id
      ? await store.taskRuns.read(run.parent_task_run_id)
      : undefined;
    current = parentTask?.flow_run_id ?? null;
  }
  return false;
}

async function requireWithinRun(store: Store, ownRun: string, id: string | null | undefined, what: string) {
  if (!(await withinRun(store, ownRun, id))) {
    throw new StewardError(
      "FORBIDDEN",
      `This key belongs to flow run ${ownRun} and reaches only that run and its subflows; ${what} is not one of them.`,
    );
  }
}

/** A flow run in the path: the key's run or one of its subflows (an unknown id is the handler's 404). */
const ownFlowRunInPath: RunCheck = async ({ params }, ownRun, store) => {
  const id = (params as { id: string }).id;
  if ((await store.flowRuns.read(id)) === undefined) return;
  await requireWithinRun(store, ownRun, id, `flow run ${id}`);
};

/** A task run in the path: one of the key's runs'. */
const ownTaskRunInPath: RunCheck = async ({ params }, ownRun, store) => {
  const id = (params as { id: string }).id;
  const task = await store.taskRuns.read(id);
  if (task !== undefined) await requireWithinRun(store, ownRun, task.flow_run_id, `task run ${id}`);
};

/** A subflow: its parent task run must be one of the key's runs'. */
const subflowOfOwnRun: RunCheck = async ({ body }, ownRun, store) => {
  const parent = (body as unknown as { parent_task_run_id?: string | null }).parent_task_run_id;
  const task = parent ? await store.taskRuns.read(parent) : undefined;
  await requireWithinRun(store, ownRun, task?.flow_run_id, "a flow run that is not a subflow of it");
};

/** A task run created for one of the key's runs. */
const taskOfOwnRun: RunCheck = async ({ body }, ownRun, store) => {
  const flowRunId = (body as unknown as { flow_run_id?: string | null }).flow_run_id;
  await requireWithinRun(store, ownRun, flowRunId, `flow run ${flowRunId ?? "(none)"}`);
};

/** A batch of task-run states: every task run (new or existing) of one of the key's runs. */
const taskStatesOfOwnRuns: RunCheck = async ({ body }, ownRun, store) => {
  const records = (
    body as unknown as { records: { task_run: { id: string; flow_run_id?: string | null } }[] }
  ).records;
  const flowRuns = new Set<string | null>();
  for (const { task_run } of records) {
    flowRuns.add(task_run.flow_run_id ?? null);
    const existing = await store.taskRuns.read(task_run.id);
    if (existing !== undefined) flowRuns.add(existing.flow_run_id);
  }
  for (const id of flowRuns) await requireWithinRun(store, ownRun, id, `flow run ${id ?? "(none)"}`);
};

/** Logs of the key's runs only. */
const logsOfOwnRun: RunCheck = async ({ body }, ownRun, store) => {
  const ids = new Set(
    (body as unknown as { flow_run_id?: string | null }[]).map((log) => log.flow_run_id ?? null),
  );
  for (const id of ids) await requireWithinRun(store, ownRun, id, `flow run ${id ?? "(none)"}`);
};

/** The deployment of the key's run only. */
const deploymentOfOwnRun: RunCheck = async ({ params }, ownRun, store) => {
  const deployment = await deploymentInPath(params, store);
  const run = await store.flowRuns.read(ownRun);
  if (deployment !== undefined && deployment.id !== run?.deployment_id) {
    throw new StewardError(
      "FORBIDDEN",
      `This key belongs to flow run ${ownRun}; it reads only that run's deployment.`,
    );
  }
};

const runUnscoped: RunCheck = async () => undefined;

/** The check of every route a flow run's own key may call. */
export const RUN_SCOPES: Readonly<Partial<Record<RouteName, RunCheck>>> = {
  version: runUnscoped,
  createFlow: runUnscoped,
  readFlow: runUnscoped,
  readFlowByName: runUnscoped,
  createEvents: runUnscoped,
  createFlowRun: subflowOfOwnRun,
  readFlowRun: ownFlowRunInPath,
  updateFlowRun: ownFlowRunInPath,
  setFlowRunState: ownFlowRunInPath,
  flowRunHeartbeat: ownFlowRunInPath,
  createTaskRun: taskOfOwnRun,
  readTaskRun: ownTaskRunInPath,
  updateTaskRun: ownTaskRunInPath,
  setTaskRunState: ownTaskRunInPath,
  recordTaskRunStates: taskStatesOfOwnRuns,
  createLogs: logsOfOwnRun,
  readDeployment: deploymentOfOwnRun,
  readDeploymentByName: deploymentOfOwnRun,
};

/**
 * The scope check of the server: limits worker keys that name pools to those pools, and flow-run
 * keys to their run; keys of every pool and every other principal pass (the route's role was
 * checked before).
 */
export function resourceScope(store: Store) {
  return async function checkScope(name: RouteName, request: RouteRequest<RouteName>): Promise<void> {
    const principal: Principal | undefined = request.principal;
    if (principal?.role === "run") {
      const check = RUN_SCOPES[name];
      if (check === undefined || principal.flowRunId === undefined) {
        throw new StewardError("FORBIDDEN", `A flow run's key may not call ${name}.`);
      }
      await check(request, principal.flowRunId, store);
      return;
    }
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
