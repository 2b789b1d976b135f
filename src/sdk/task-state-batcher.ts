import type { TaskRunStateRecord } from "../api/task-runs.js";
import type { StewardClient } from "../client/index.js";
import { Batcher } from "./batcher.js";
import { isPermanentApiError, warnOnConsole } from "./console.js";

/** Options of a TaskStateBatcher; `send` defaults to `POST /task_runs/record_states`. */
export interface TaskStateBatcherOptions {
  readonly client: StewardClient;
  /** How often states are sent (settings.taskStatesBatchIntervalMs). */
  readonly intervalMs: number;
  /** Send as soon as this many records are buffered. @default 1000 */
  readonly flushAt?: number;
  /** Replaces the API call (tests). */
  readonly send?: (records: TaskRunStateRecord[]) => Promise<void>;
}

/**
 * Records task-run states in batches. Task states are decided in the flow's process (as in
 * Prefect 3), so a task run costs an array push, not an API round trip per transition; the flow
 * runner flushes this batcher before proposing the flow run's final state, so the API never shows a
 * finished flow run with running tasks.
 */
export class TaskStateBatcher extends Batcher<TaskRunStateRecord> {
  constructor(options: TaskStateBatcherOptions) {
    const { client } = options;
    super({
      what: "task-run states",
      intervalMs: options.intervalMs,
      flushAt: options.flushAt ?? 1_000,
      // The API takes at most 5,000 records per call.
      maxPerRequest: 5_000,
      maxBuffered: 500_000,
      send:
        options.send ??
        (async (records) => {
          await client.call("recordTaskRunStates", { body: { records } });
        }),
      isPermanent: isPermanentApiError,
      warn: warnOnConsole,
    });
  }
}
