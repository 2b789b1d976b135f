import type { StewardClient } from "../client/index.js";

/** What user code can learn about the flow run it is part of. */
export interface FlowRunInfo {
  /** Id of the flow run (a client-side UUIDv7 when untracked). */
  readonly id: string;
  /** Display name, e.g. "sturdy-leech". */
  readonly name: string;
  readonly flowName: string;
  /** The validated parameters (defaults applied). */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly tags: readonly string[];
  /** Which attempt is running: 1 on the first, 2 on the first retry… */
  readonly runCount: number;
  /** True when the run is reported to an API. */
  readonly tracked: boolean;
}

/** What user code can learn about the task run it is part of. */
export interface TaskRunInfo {
  readonly id: string;
  readonly name: string;
  /** Stable identity of the task function: `${name}-${hash of its source}`. */
  readonly taskKey: string;
  /** Which call of this task within the flow run: "0", "1"… */
  readonly dynamicKey: string;
  /** Which attempt is running: 1 on the first, 2 on the first retry… */
  readonly runCount: number;
}

/**
 * The run that the calling code belongs to. `taskRun` is set inside a task; `flowRun` is set inside
 * a flow (and inside its tasks).
 */
export interface RunContext {
  readonly flowRun: FlowRunInfo | undefined;
  readonly taskRun: TaskRunInfo | undefined;
  /** Client of the API the run reports to; null when untracked. */
  readonly client: StewardClient | null;
  /**
   * Aborted when the run is cancelled or times out. Pass it to `fetch` and other cancellable work
   * so a cancelled run stops promptly (JavaScript cannot interrupt a running function).
   */
  readonly signal: AbortSignal;
}
