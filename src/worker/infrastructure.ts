import type { Deployment } from "../api/deployments.js";
import type { FlowRun } from "../api/flow-runs.js";
import type { ProcessExit, SignalName } from "./exit-codes.js";
import type { ProcessJobConfiguration } from "./job-configuration.js";

/** Everything an infrastructure type needs to start one flow run. */
export interface LaunchRequest {
  readonly flowRun: FlowRun;
  /** The run's deployment (its pull steps decide where the process starts), or null. */
  readonly deployment: Deployment | null;
  readonly configuration: ProcessJobConfiguration;
  /** The API the flow run reports to (STEWARD_API_URL of the process). */
  readonly apiUrl: string;
  /** The key the flow run's process sends (STEWARD_API_KEY), when the server has auth on. */
  readonly apiKey?: string | null;
  /** Who launched it, for the process's environment. */
  readonly workerName: string;
  readonly workPoolName: string;
}

/** A started flow run: what identifies it, how to stop it and when it ends. */
export interface InfrastructureHandle {
  /** Stored as the run's `infrastructure_pid`, e.g. `"build-host:4242"`. */
  readonly identifier: string;
  /** The main process id (also its process group id). */
  readonly pid: number;
  /** Settles once, when the main process exits; never rejects. */
  readonly exited: Promise<ProcessExit>;
  /** True once the main process has exited. */
  readonly hasExited: boolean;
  /** Signals every process of the run; false when none was left to signal. */
  kill(signal: SignalName): boolean;
}

/** One kind of infrastructure a worker can start flow runs in (only `process` for now). */
export interface Infrastructure {
  /** The work pool type it serves. */
  readonly type: string;
  /**
   * Starts the flow run and resolves once it is running (it has an identifier).
   * @throws when it could not be started; the worker then marks the run CRASHED with the message.
   */
  launch(request: LaunchRequest): Promise<InfrastructureHandle>;
  /** Releases what it keeps between runs (warm processes), when the worker stops. */
  close?(): Promise<void>;
}
