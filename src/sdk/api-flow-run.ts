import { newId } from "../core/ids.js";
import type { FlowRun } from "../api/flow-runs.js";
import type { State, StateCreate } from "../api/states.js";
import { isApiError, type StewardClient } from "../client/index.js";
import { StateName, StateType } from "../core/states.js";
import { sleep } from "./abort.js";
import { CancellationWatcher } from "./cancellation-watcher.js";
import { warnOnConsole } from "./console.js";
import { AbortError, CancelledError, type ParameterValidationError } from "./errors.js";
import type { FlowDefinition } from "./flow-definition.js";
import type { FlowRunReporter, StateMirror } from "./flow-run-reporter.js";
import { sdkState } from "./global-state.js";
import { FlowRunHeartbeat } from "./flow-run-heartbeat.js";
import { errorData, jsonData } from "./result-data.js";
import { retryDelaySeconds } from "./retry-policy.js";
import {
  msUntilScheduled,
  type ProposalOutcome,
  type ProposalWait,
  proposeFlowRunState,
} from "./state-proposal.js";

/**
 * Retries of a state proposal while the API is unreachable or answers 503: 25 to 55 s at the
 * client's backoff (capped at 2 s, with jitter), where its default gives up after 3 to 5 s. A lost
 * proposal turns a run that finished into a CRASHED one (its process exits without a final
 * state), so proposals outlive a server restart, as buffered logs do.
 */
const STATE_PROPOSAL_RETRIES = 30;

/** What a tracked flow run is created (or adopted) with. */
export interface ApiFlowRunOptions {
  readonly client: StewardClient;
  readonly definition: FlowDefinition;
  readonly parameters: Record<string, unknown>;
  /** Run name; the API picks a random one when absent. */
  readonly name: string | undefined;
  readonly parentTaskRunId: string | null;
  /** An existing run to adopt instead of creating one (STEWARD_FLOW_RUN_ID). */
  readonly adoptId: string | null;
  /** The adopted run as its caller just read it (spares a request); read from the API otherwise. */
  readonly adopted?: FlowRun;
  readonly mirror: StateMirror;
  /**
   * Create the run RUNNING in the same request (its first state goes through the API's rules as
   * any first state does), so `begin` has nothing left to propose: one round trip fewer per run.
   * Left false for a call whose parameters failed validation, which goes PENDING → FAILED.
   */
  readonly startRunning?: boolean;
  readonly cancellationPollMs: number;
  /** How often a RUNNING run tells the API it is alive (settings.flowRunHeartbeatSeconds). @default 10 s */
  readonly heartbeatMs?: number;
  /** Called once when the run is seen CANCELLING or CANCELLED while it runs. */
  readonly onCancelRequested: (state: State) => void;
}

/**
 * A flow run reported to the API: every state is proposed, and the answer is honoured (ACCEPT:
 * go on; WAIT: propose again later; REJECT: adopt the API's state, e.g. AwaitingRetry or
 * Cancelled; ABORT: do not run).
 */
export class ApiFlowRun implements FlowRunReporter {
  readonly tracked = true;
  readonly id: string;
  readonly name: string;
  runCount: number;
  readonly #client: StewardClient;
  readonly #options: ApiFlowRunOptions;
  readonly #watcher: CancellationWatcher;
  readonly #heartbeat: FlowRunHeartbeat;
  #state: State | null;
  /** Created RUNNING by this process: the first `begin` only starts the watchers. */
  #startedAtCreation: boolean;

  private constructor(run: FlowRun, options: ApiFlowRunOptions, created = false) {
    this.id = run.id;
    this.#startedAtCreation =
      created && options.startRunning === true && run.state?.type === StateType.RUNNING;
    this.name = run.name;
    this.runCount = run.run_count;
    this.#state = run.state;
    this.#client = options.client;
    this.#options = options;
    this.#watcher = new CancellationWatcher(options.client, run.id, options.cancellationPollMs, (state) => {
      this.#state = state;
      options.onCancelRequested(state);
    });
    this.#heartbeat = new FlowRunHeartbeat(options.client, run.id, options.heartbeatMs ?? 10_000);
  }

  /** Upserts the flow, then creates the flow run (or reads the one to adopt). */
  static async open(options: ApiFlowRunOptions): Promise<ApiFlowRun> {
    const { client, definition } = options;
    if (options.adoptId) {
      const known = options.adopted?.id === options.adoptId ? options.adopted : undefined;
      const run = known ?? (await client.call("readFlowRun", { params: { id: options.adoptId } }));
      return new ApiFlowRun(run, options);
    }
    let flowId = await ensureFlow(client, definition);
    try {
      return new ApiFlowRun(await createRun(flowId, options), options, true);
    } catch (error) {
      // The flow id came from this process's cache and the API no longer knows it (a new database).
      if (!isApiError(error, 404)) throw error;
      flowId = await ensureFlow(client, definition, true);
      return new ApiFlowRun(await createRun(flowId, options), options, true);
    }
  }

  async begin(signal: AbortSignal, onWait?: (wait: ProposalWait) => void): Promise<void> {
    // A run claimed ahead of its scheduled time waits below, its process already up. It beats (at
    // once when told to wait), so the server's claim expiry sees it alive however long the wait,
    // and it watches for a cancellation, which ends the wait at once (the sleeps follow `signal`).
    this.#watcher.start();
    this.#heartbeat.start();
    const waiting = (wait: ProposalWait) => {
      void this.#heartbeat.beatNow();
      onWait?.(wait);
    };
    if (this.#startedAtCreation) {
      this.#startedAtCreation = false;
      const { type, name, message, state_details } = this.#state as State;
      this.#options.mirror(type, name, message, state_details.scheduled_time ?? undefined);
      signal.throwIfAborted();
      return;
    }
    for (;;) {
      const name = this.#state?.name === StateName.AwaitingRetry ? StateName.Retrying : "Running";
      const outcome = await this.#propose({ type: StateType.RUNNING, name }, signal, waiting);
      if (outcome.accepted) {
        this.runCount++;
        // Cancelled while the proposal was in flight: the body must not start (the caller ends it).
        signal.throwIfAborted();
        return;
      }
      const state = outcome.state;
      if (outcome.status === "ABORT" || !state) {
        throw new AbortError(
          `The API refused to start flow run '${this.name}'${outcome.reason ? `: ${outcome.reason}` : ""}. It may be running elsewhere or already finished.`,
        );
      }
      if (state.type === StateType.SCHEDULED) {
        const ms = msUntilScheduled(state);
        if (ms > 0) waiting({ delaySeconds: ms / 1000, reason: outcome.reason, state });
        await sleep(ms, signal);
      } else if (state.type === StateType.CANCELLING || state.type === StateType.CANCELLED) {
        await this.cancel("The flow run was cancelled before it started.");
        throw new CancelledError(`Flow run '${this.name}' was cancelled before it started.`);
      } else {
        throw new AbortError(
          `Flow run '${this.name}' cannot start: the API moved it to ${state.name} (${state.type})${outcome.reason ? `: ${outcome.reason}` : ""}.`,
        );
      }
    }
  }

  async complete(value: unknown): Promise<void> {
    const outcome = await this.#propose({
      type: StateType.COMPLETED,
      name: "Completed",
      message: "All tasks completed.",
      data: jsonData(value),
    });
    if (outcome.accepted) return;
    await this.#followCancellation(outcome);
    warnOnConsole(
      `The API kept flow run '${this.name}' in ${outcome.state?.name ?? "its state"} instead of Completed${outcome.reason ? `: ${outcome.reason}` : ""}.`,
    );
  }

  async fail(error: unknown, message: string, stateName: string): Promise<number | null> {
    const { options } = this.#options.definition;
    if (this.runCount <= (options.retries ?? 0)) await this.#setRetryDelay();
    const outcome = await this.#propose({
      type: StateType.FAILED,
      name: stateName,
      message,
      data: errorData(error),
    });
    if (outcome.accepted) return null;
    if (outcome.state?.type === StateType.SCHEDULED) return msUntilScheduled(outcome.state);
    await this.#followCancellation(outcome);
    return null;
  }

  async cancel(message: string): Promise<void> {
    if (this.#state?.type === StateType.CANCELLED) return;
    await this.#propose({ type: StateType.CANCELLED, name: StateName.Cancelled, message });
  }

  async failFast(error: ParameterValidationError): Promise<void> {
    await this.#propose({ type: StateType.FAILED, name: "Failed", message: error.message, data: null });
  }

  dispose(): void {
    this.#watcher.stop();
    this.#heartbeat.stop();
  }

  async #propose(
    state: StateCreate,
    signal?: AbortSignal,
    onWait?: (wait: ProposalWait) => void,
  ): Promise<ProposalOutcome> {
    // Only RUNNING (and the wait for it) is kept alive: once the run leaves it (final,
    // AwaitingRetry), beats stop.
    if (state.type !== StateType.RUNNING) this.#heartbeat.stop();
    const outcome = await proposeFlowRunState(this.#client, this.id, state, {
      signal,
      onWait,
      retries: STATE_PROPOSAL_RETRIES,
    });
    if (outcome.state && outcome.state.id !== this.#state?.id) {
      this.#state = outcome.state;
      const { type, name, message, state_details } = outcome.state;
      this.#options.mirror(type, name, message, state_details.scheduled_time ?? undefined);
    }
    return outcome;
  }

  /** When a proposal found the run being cancelled: finish the cancellation and say so. */
  async #followCancellation(outcome: ProposalOutcome): Promise<void> {
    const type = outcome.state?.type;
    if (type !== StateType.CANCELLING && type !== StateType.CANCELLED) return;
    await this.cancel("The flow run was cancelled.");
    throw new CancelledError(`Flow run '${this.name}' was cancelled.`);
  }

  /** A delay list or jitter is applied here: the API's retry rule reads one `retry_delay`. */
  async #setRetryDelay(): Promise<void> {
    const { options } = this.#options.definition;
    if (!Array.isArray(options.retryDelaySeconds) && !options.retryJitterFactor) return;
    await this.#client.call("updateFlowRun", {
      params: { id: this.id },
      body: {
        empirical_policy: {
          retries: options.retries ?? 0,
          retry_delay: retryDelaySeconds(options, this.runCount),
        },
      },
    });
  }
}

function createRun(flowId: string, options: ApiFlowRunOptions): Promise<FlowRun> {
  const { retries, retryDelaySeconds: delay, tags, version } = options.definition.options;
  return options.client.call("createFlowRun", {
    body: {
      flow_id: flowId,
      name: options.name,
      parameters: options.parameters,
      tags: [...(tags ?? [])],
      parent_task_run_id: options.parentTaskRunId,
      ...(options.startRunning && { state: { type: StateType.RUNNING, name: "Running" } }),
      flow_version: version ?? null,
      empirical_policy: {
        retries: retries ?? 0,
        retry_delay: typeof delay === "number" ? delay : (delay?.[0] ?? 0),
      },
      // Makes the client's retry of this request (after a lost answer) return the same run.
      idempotency_key: newId(),
    },
  });
}

/** The flow's id, upserting it by name once per API per process (`refresh` skips the cache). */
async function ensureFlow(
  client: StewardClient,
  definition: FlowDefinition,
  refresh = false,
): Promise<string> {
  const key = `${client.apiUrl} ${definition.options.name}`;
  const known = refresh ? undefined : sdkState.flowIds.get(key);
  if (known) return known;
  const created = await client.call("createFlow", {
    body: { name: definition.options.name, tags: [...(definition.options.tags ?? [])] },
  });
  sdkState.flowIds.set(key, created.id);
  return created.id;
}
