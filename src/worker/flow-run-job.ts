import type { Deployment } from "../api/deployments.js";
import type { FlowRun } from "../api/flow-runs.js";
import type { StateCreate } from "../api/states.js";
import type { WorkPool } from "../api/work-pools.js";
import { isApiError, type StewardClient } from "../client/index.js";
import { isTerminal, StateType } from "../core/states.js";
import { defaultBaseJobTemplate } from "../core/worker-types.js";
import { crashMessage, type ProcessExit, statusCodeOf } from "./exit-codes.js";
import { markCancelled, proposeState } from "./flow-run-states.js";
import type { Infrastructure, InfrastructureHandle } from "./infrastructure.js";
import { processJobConfiguration } from "./job-configuration.js";
import { describeError, type WorkerLog } from "./worker-log.js";

/** What a job needs from its worker. */
export interface JobContext {
  readonly client: StewardClient;
  readonly apiUrl: string;
  readonly apiKey?: string | null;
  readonly workerName: string;
  /**
   * The latest snapshot of the pool (its base job template may change while the worker runs), or
   * null for a runner serving deployments without a pool: the process type's default template.
   */
  readonly pool: () => WorkPool | null;
  /** Who runs it, in messages: "worker" (default) or "runner" (serve). */
  readonly role?: string;
  readonly infrastructure: Infrastructure;
  readonly log: WorkerLog;
}

/**
 * One claimed flow run (PENDING: the claim moved it there), from its claim to its process's exit:
 * builds its job configuration from its deployment (brought by the claim, or read), starts it,
 * records where it runs, and — when the process ends without the run reporting a final state —
 * marks it CRASHED with the exit explained. It can be cancelled (process group SIGTERM, then
 * SIGKILL, then CANCELLED) or terminated by a worker shutdown. A run cancelled between its claim
 * and its start is not started; one cancelled just as it starts is refused RUNNING by the API and
 * ends CANCELLED from its own process.
 */
export class FlowRunJob {
  readonly flowRun: FlowRun;
  readonly #ctx: JobContext;
  /** The deployment the claim brought (null: the run has none, or it was deleted); undefined: read it. */
  readonly #claimedDeployment: Deployment | null | undefined;
  #handle: InfrastructureHandle | null = null;
  /** Set when a cancellation or shutdown arrives; acted on as soon as there is a process. */
  #stop: { kind: "cancel" | "shutdown"; graceMs: number } | null = null;
  #cancelling: Promise<void> | null = null;
  #shutdownBy: string | null = null;

  constructor(ctx: JobContext, flowRun: FlowRun, deployment?: Deployment | null) {
    this.#ctx = ctx;
    this.flowRun = flowRun;
    this.#claimedDeployment = deployment;
  }

  get #cancelledMessage(): string {
    return `Cancelled by the ${this.#ctx.role ?? "worker"}: process group terminated`;
  }

  /** A short label for log lines: `'name' (id)`. */
  get label(): string {
    return `'${this.flowRun.name}' (${this.flowRun.id})`;
  }

  /** Runs the whole submission and waits for the process to exit. Never rejects. */
  async run(): Promise<void> {
    try {
      await this.#run();
    } catch (error) {
      this.#ctx.log.error(`Flow run ${this.label}: ${describeError(error)}`);
    }
  }

  async #run(): Promise<void> {
    // The claim already moved the run to PENDING for this worker: no state to propose before its
    // process starts, and the deployment read (when the claim did not bring it) and the run's key
    // go in parallel.
    const read = this.#fetchDeployment();
    const runKey = this.#runKey();
    runKey.catch(() => {});
    const deployment = await this.#readDeployment(read);
    if (deployment === undefined) return;
    const handle = await this.#launch(deployment, runKey);
    if (!handle) return;
    this.#handle = handle;
    await this.#recordPid(handle);
    // A stop that arrived while the process was starting applies now.
    if (this.#stop?.kind === "cancel") void this.cancel(this.#stop.graceMs);
    else if (this.#stop) void this.#terminate(handle, this.#stop.graceMs, "shutdown");
    const exit = await handle.exited;
    if (this.#cancelling) {
      await this.#cancelling;
      return;
    }
    await this.#reportExit(exit);
  }

  /** The run's deployment as read (null for none), or why it could not be; never rejects. */
  #fetchDeployment(): Promise<{ deployment: Deployment | null } | { error: unknown }> {
    const id = this.flowRun.deployment_id;
    if (!id) return Promise.resolve({ deployment: null });
    if (this.#claimedDeployment) return Promise.resolve({ deployment: this.#claimedDeployment });
    return this.#ctx.client.call("readDeployment", { params: { id } }).then(
      (deployment) => ({ deployment }),
      (error: unknown) => ({ error }),
    );
  }

  /** The run's deployment, null for none, undefined when it was deleted (the run is then CRASHED). */
  async #readDeployment(
    read: Promise<{ deployment: Deployment | null } | { error: unknown }>,
  ): Promise<Deployment | null | undefined> {
    const id = this.flowRun.deployment_id;
    const outcome = await read;
    if ("deployment" in outcome) return outcome.deployment;
    if (!isApiError(outcome.error, 404)) throw outcome.error;
    await this.#crash(
      `The flow run's deployment (${id}) was deleted, so there is nothing to run. Create the run from an existing deployment.`,
    );
    return undefined;
  }

  /**
   * The key the run's process gets: one of its own, which reaches only this run and its subflows,
   * never the worker's (which could claim and read every run of the pool). None when the worker
   * itself has none (auth off).
   */
  async #runKey(): Promise<string | null> {
    if (!this.#ctx.apiKey) return null;
    const { key } = await this.#ctx.client.call("createFlowRunKey", { params: { id: this.flowRun.id } });
    return key;
  }

  async #launch(
    deployment: Deployment | null,
    runKey: Promise<string | null>,
  ): Promise<InfrastructureHandle | null> {
    const { infrastructure, log } = this.#ctx;
    try {
      const pool = this.#ctx.pool();
      const configuration = processJobConfiguration(
        pool?.base_job_template ?? (defaultBaseJobTemplate("process") as WorkPool["base_job_template"]),
        deployment?.job_variables ?? {},
        this.flowRun,
      );
      if (this.#stop?.kind === "cancel") {
        await markCancelled(
          this.#ctx.client,
          this.flowRun.id,
          "Cancelled before its infrastructure started.",
        );
        return null;
      }
      const handle = await infrastructure.launch({
        flowRun: this.flowRun,
        deployment,
        configuration,
        apiUrl: this.#ctx.apiUrl,
        apiKey: await runKey,
        workerName: this.#ctx.workerName,
        workPoolName: pool?.name ?? "",
      });
      log.info(`Started flow run ${this.label} as process ${handle.pid}.`);
      return handle;
    } catch (error) {
      log.error(`Could not start flow run ${this.label}: ${describeError(error)}`);
      await this.#crash(`Failed to submit flow run to infrastructure: ${describeError(error)}`);
      return null;
    }
  }

  async #recordPid(handle: InfrastructureHandle): Promise<void> {
    try {
      await this.#ctx.client.call("updateFlowRun", {
        params: { id: this.flowRun.id },
        body: { infrastructure_pid: handle.identifier },
      });
    } catch (error) {
      this.#ctx.log.warn(
        `Could not record process ${handle.identifier} on flow run ${this.label} (${describeError(error)}); the worker can still cancel it, other tools cannot see where it runs.`,
      );
    }
  }

  /** After the process exited: a run that neither finished nor handed itself back is CRASHED. */
  async #reportExit(exit: ProcessExit): Promise<void> {
    const { client, log } = this.#ctx;
    const run = await client.call("readFlowRun", { params: { id: this.flowRun.id } });
    const type = run.state_type;
    if (type && isTerminal(type)) {
      log.info(`Flow run ${this.label} finished in state ${run.state_name ?? type}.`);
      return;
    }
    if (type === StateType.CANCELLING) {
      await markCancelled(client, this.flowRun.id, this.#cancelledMessage);
      log.info(`Flow run ${this.label} was cancelled.`);
      return;
    }
    // A suspended run (PAUSED) or one rescheduled for a retry (SCHEDULED) ended its process on purpose.
    if (type !== StateType.PENDING && type !== StateType.RUNNING) {
      log.info(`Flow run ${this.label} handed itself back in state ${run.state_name ?? type}.`);
      return;
    }
    const message = this.#shutdownBy
      ? `The ${this.#ctx.role ?? "worker"} '${this.#ctx.workerName}' shut down before the flow run finished (${this.#shutdownBy}); its process exited with status code ${statusCodeOf(exit)}.`
      : crashMessage(exit);
    log.warn(`Flow run ${this.label} crashed: ${message}`);
    await this.#crash(message, { exit_code: statusCodeOf(exit) });
  }

  async #crash(message: string, details: StateCreate["state_details"] = {}): Promise<void> {
    const outcome = await proposeState(this.#ctx.client, this.flowRun.id, {
      type: StateType.CRASHED,
      name: "Crashed",
      message,
      state_details: details,
    });
    // CANCELLING only ever leads to CANCELLED: a run cancelled meanwhile is finished that way.
    if (outcome.state?.type === StateType.CANCELLING) {
      await markCancelled(this.#ctx.client, this.flowRun.id, `Cancelled; the worker also saw: ${message}`);
    }
  }

  /**
   * Cancels the run: SIGTERM to its process group, SIGKILL after `graceMs`, then CANCELLED.
   * Idempotent; before the process exists it only stops the launch.
   */
  cancel(graceMs: number): Promise<void> {
    this.#stop = { kind: "cancel", graceMs };
    const handle = this.#handle;
    if (!handle) return Promise.resolve();
    this.#cancelling ??= this.#terminate(handle, graceMs, "cancellation")
      .then(() => markCancelled(this.#ctx.client, this.flowRun.id, this.#cancelledMessage))
      .then(
        () => this.#ctx.log.info(`Flow run ${this.label} cancelled: its process group was terminated.`),
        (error: unknown) =>
          this.#ctx.log.error(
            `Flow run ${this.label}: its processes were stopped, but marking it CANCELLED failed (${describeError(error)}); the server will finish the cancellation.`,
          ),
      );
    return this.#cancelling;
  }

  /** Stops the run because the worker shuts down; the exit is then reported as CRASHED. */
  async shutdown(graceMs: number, reason: string): Promise<void> {
    this.#shutdownBy = reason;
    if (this.#cancelling) return this.#cancelling;
    this.#stop = { kind: "shutdown", graceMs };
    if (this.#handle) await this.#terminate(this.#handle, graceMs, "shutdown");
  }

  async #terminate(handle: InfrastructureHandle, graceMs: number, why: string): Promise<void> {
    const { log } = this.#ctx;
    if (!handle.hasExited) {
      log.info(`Stopping flow run ${this.label} (${why}): SIGTERM to process group ${handle.pid}.`);
      handle.kill("SIGTERM");
    }
    const exitedInTime = await Promise.race([
      handle.exited.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), graceMs).unref()),
    ]);
    if (!exitedInTime) {
      log.warn(
        `Flow run ${this.label} did not exit within ${graceMs / 1000} s of SIGTERM; sending SIGKILL to process group ${handle.pid}.`,
      );
    }
    // Always: the main process may be gone while processes it started still hold on.
    handle.kill("SIGKILL");
    await handle.exited;
  }
}
