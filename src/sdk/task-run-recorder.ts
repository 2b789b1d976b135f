import { newId } from "../core/ids.js";
import type { TaskRunPolicy, TaskRunStateRecord } from "../api/task-runs.js";
import { isTerminal, type StateType } from "../core/states.js";
import type { FlowRunScope, OpenTaskRun, TaskRunScope } from "./run-scope.js";
import type { TaskStateBatcher } from "./task-state-batcher.js";

type TaskRunWire = TaskRunStateRecord["task_run"];
type TaskInputs = NonNullable<TaskRunWire["task_inputs"]>;

/** What a task run is, as recorded with each of its states. */
export interface TaskRunIdentity {
  readonly name: string;
  readonly taskKey: string;
  readonly tags: readonly string[];
  readonly policy: TaskRunPolicy;
  readonly version: string | null;
  readonly inputs: TaskInputs;
}

/**
 * Records the states of one task run into the flow run's TaskStateBatcher, and lets the flow run
 * close it if the flow ends first. The wire description of the task run is built once and shared
 * by all of its state records; ids and timestamps are taken client-side, so the recorded timeline
 * is the one the task actually lived.
 */
export class TaskRunRecorder implements OpenTaskRun {
  closed = false;
  readonly scope: TaskRunScope;
  readonly #flowRun: FlowRunScope | undefined;
  readonly #batcher: TaskStateBatcher | null;
  readonly #wire: TaskRunWire | undefined;

  constructor(flowRun: FlowRunScope | undefined, identity: TaskRunIdentity, dynamicKey: string) {
    const id = newId();
    this.#flowRun = flowRun;
    this.#batcher = flowRun?.session.taskStates ?? null;
    this.scope = {
      id,
      name: identity.name,
      taskKey: identity.taskKey,
      dynamicKey,
      runCount: 0,
      flowRunId: flowRun?.id ?? null,
    };
    if (this.#batcher && flowRun) this.#wire = wireTaskRun(id, flowRun, identity, dynamicKey);
    flowRun?.openTasks.add(this);
  }

  /** Records that the task run entered a state (a no-op when untracked or already closed). */
  record(type: StateType, name: string, message: string | null = null, scheduledTime?: string): void {
    if (this.closed) return;
    if (isTerminal(type)) this.#finish();
    const wire = this.#wire;
    if (!wire || !this.#batcher) return;
    this.#batcher.add({
      task_run: wire,
      state: {
        id: newId(),
        type,
        name,
        timestamp: new Date().toISOString(),
        message,
        state_details: scheduledTime ? { scheduled_time: scheduledTime } : undefined,
      },
    });
  }

  /** Ends the task run on behalf of its flow run (which is ending first); later states are ignored. */
  close(type: "CANCELLED" | "FAILED", name: string, message: string): void {
    this.record(type, name, message);
    this.closed = true;
  }

  #finish(): void {
    this.#flowRun?.openTasks.delete(this);
  }
}

const NO_RETRIES_POLICY = (policy: TaskRunPolicy): boolean =>
  !policy.retries && !policy.retry_jitter_factor && (policy.retry_delay === 0 || policy.retry_delay == null);

/**
 * The task run as each of its state records describes it. Fields left at the API's defaults are
 * omitted: a tracked flow sends three records per task, so every byte counts tens of thousands of
 * times (and the server validates less).
 */
function wireTaskRun(
  id: string,
  flowRun: FlowRunScope,
  identity: TaskRunIdentity,
  dynamicKey: string,
): TaskRunWire {
  const wire: TaskRunWire = {
    id,
    name: identity.name,
    flow_run_id: flowRun.id,
    task_key: identity.taskKey,
    dynamic_key: dynamicKey,
    flow_run_run_count: flowRun.runCount,
  };
  if (identity.version !== null) wire.task_version = identity.version;
  if (identity.tags.length > 0) wire.tags = identity.tags as string[];
  if (!NO_RETRIES_POLICY(identity.policy)) wire.empirical_policy = identity.policy;
  if (Object.keys(identity.inputs).length > 0) wire.task_inputs = identity.inputs;
  return wire;
}
