import { StateType } from "../../states.js";
import { abort, reject, states, type TransitionRule } from "../rule.js";
import { newState } from "../state-builders.js";

/**
 * A task runs only while its flow run runs. While the flow is paused a task is parked in a PAUSED
 * "NotReady" state and starts after the resume; once the flow has stopped any other way the task
 * must not start at all. Tasks outside a flow run (flowRunStateType null) are not affected.
 */
export const preventRunningTasksFromStoppedFlows: TransitionRule = {
  name: "PreventRunningTasksFromStoppedFlows",
  from: "any",
  to: states(StateType.RUNNING),
  apply: ({ run, now }) => {
    const flowType = run.flowRunStateType;
    if (flowType === null || flowType === undefined || flowType === StateType.RUNNING) return undefined;
    if (flowType === StateType.PAUSED) {
      const notReady = newState(StateType.PAUSED, now, { name: "NotReady" });
      return reject(notReady, "The flow run is paused; its tasks can start after it resumes.");
    }
    return abort(`The flow run is ${flowType}; a task can only start while its flow run is RUNNING.`);
  },
};
