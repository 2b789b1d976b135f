/** @module Handlers of the `/task_runs` and `/task_run_states` routes. */
import { found, RESOURCES, requireMatch } from "../http/resources.js";
import type { RouteHandlers } from "../http/route-types.js";
import type { RouteDeps } from "./deps.js";
import { paginate } from "./paginate.js";

type TaskRunRoutes =
  | "createTaskRun"
  | "readTaskRun"
  | "updateTaskRun"
  | "deleteTaskRun"
  | "setTaskRunState"
  | "recordTaskRunStates"
  | "filterTaskRuns"
  | "countTaskRuns"
  | "paginateTaskRuns"
  | "readTaskRunStates"
  | "filterTaskRunStates";

const TASK_RUN = RESOURCES.task_runs;

/**
 * Task-run handlers. Create upserts on (flow_run_id, task_key, dynamic_key): 201 when created, 200
 * when it existed. `record_states` takes the SDK's batches of client-decided states.
 */
export function taskRunRoutes({ store }: RouteDeps): RouteHandlers<TaskRunRoutes> {
  const runs = store.taskRuns;
  return {
    createTaskRun: async ({ body }) => {
      const { value, created } = await runs.create(body);
      return { status: created ? 201 : 200, body: value };
    },
    readTaskRun: async ({ params }) => ({ body: found(await runs.read(params.id), TASK_RUN, params.id) }),
    updateTaskRun: async ({ params, body }) => {
      requireMatch(await runs.update(params.id, body), TASK_RUN, params.id);
      return {};
    },
    deleteTaskRun: async ({ params }) => {
      requireMatch(await runs.delete(params.id), TASK_RUN, params.id);
      return {};
    },
    setTaskRunState: async ({ params, body }) => {
      const { result, written } = await runs.setState(params.id, body);
      return { status: written ? 201 : 200, body: result };
    },
    recordTaskRunStates: async ({ body }) => ({ body: { recorded: await runs.recordStates(body) } }),
    filterTaskRuns: async ({ body }) => ({ body: await runs.filter(body) }),
    countTaskRuns: async ({ body }) => ({ body: await runs.count(body) }),
    paginateTaskRuns: async ({ body }) => ({
      body: await paginate(
        body,
        (q) => runs.filter(q),
        (q) => runs.count(q),
      ),
    }),
    readTaskRunStates: async ({ query }) => ({ body: await runs.states(query.task_run_id) }),
    filterTaskRunStates: async ({ body }) => ({
      body: await runs.statesOf(body.task_run_id.any_, body.limit),
    }),
  };
}
