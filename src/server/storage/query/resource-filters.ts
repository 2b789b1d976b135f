/**
 * @module Conditions on the resources that Prefect's cross-resource keys name beside runs:
 * `deployments`, `work_pools` and `work_pool_queues` (src/api/filters.ts), for both dialects.
 */
import type { DeploymentFilter, WorkPoolFilter, WorkQueueFilter } from "../../../api/index.js";
import type { DialectOps } from "../dialect-ops.js";
import { booleanCriteria, type Condition, idCriteria, nameCriteria, tagCriteria } from "./filters.js";

/** Conditions on `deployment`. */
export function deploymentConditions(ops: DialectOps, f: DeploymentFilter | undefined): Condition[] {
  if (f === undefined) return [];
  return [
    ...idCriteria("deployment.id", f.id),
    ...nameCriteria("deployment.name", f.name),
    ...tagCriteria(ops, "deployment.tags", f.tags),
    ...nameCriteria("deployment.work_pool_name", f.work_pool_name),
    ...nameCriteria("deployment.work_queue_name", f.work_queue_name),
    ...booleanCriteria("deployment.paused", f.paused),
  ];
}

/** Conditions on `work_pool`. */
export function workPoolConditions(f: WorkPoolFilter | undefined): Condition[] {
  if (f === undefined) return [];
  return [
    ...idCriteria("work_pool.id", f.id),
    ...nameCriteria("work_pool.name", f.name),
    ...nameCriteria("work_pool.type", f.type),
  ];
}

/** Conditions on `work_queue` (Prefect's `work_pool_queues`). */
export function workQueueConditions(f: WorkQueueFilter | undefined): Condition[] {
  if (f === undefined) return [];
  return [...idCriteria("work_queue.id", f.id), ...nameCriteria("work_queue.name", f.name)];
}
