import { StateName, StateType } from "../core/states.js";
import type { FlowDefinition } from "./flow-definition.js";
import type { FlowRunScope } from "./run-scope.js";
import { flushTaskStates } from "./session.js";
import { sourceHash } from "./task-definition.js";
import { TaskRunRecorder } from "./task-run-recorder.js";

/**
 * Starts the task run that stands for a subflow in its parent flow run (Prefect's "dummy" task
 * run): the child flow run points at it through `parent_task_run_id`, and it mirrors the child's
 * states, so the parent's task list and graph show the subflow. It is delivered before the child
 * run is created, so that the link never points at a task run the API has not seen.
 */
export async function startSubflowTaskRun(
  parent: FlowRunScope,
  definition: FlowDefinition,
): Promise<TaskRunRecorder> {
  const name = definition.options.name;
  const taskKey = `subflow-${name}-${sourceHash(definition.fn as (...args: never[]) => unknown)}`;
  const next = parent.taskCounters.get(taskKey) ?? 0;
  parent.taskCounters.set(taskKey, next + 1);
  const recorder = new TaskRunRecorder(
    parent,
    {
      name: `${name}-${next}`,
      taskKey,
      tags: definition.options.tags ?? [],
      policy: {},
      version: null,
      inputs: {},
    },
    String(next),
  );
  recorder.record(StateType.PENDING, StateName.Pending);
  await flushTaskStates(parent.session);
  return recorder;
}
