import type { FlowRun } from "../api/flow-runs.js";
import type { StewardClient } from "../client/index.js";
import type { Settings } from "../config/settings.js";
import { randomRunName } from "../core/names.js";
import { ApiFlowRun } from "./api-flow-run.js";
import {
  cancellationPollIntervalMs,
  clientFor,
  sdkClient,
  sdkSettings,
  takeAdoptedFlowRunId,
} from "./config.js";
import { CancelledError, ParameterValidationError } from "./errors.js";
import { runAttempts } from "./flow-attempts.js";
import type { FlowDefinition } from "./flow-definition.js";
import { type FlowRunReporter, LocalFlowRun, type StateMirror } from "./flow-run-reporter.js";
import { validateParameters } from "./parameters.js";
import { describeError, jsonObject } from "./result-data.js";
import { currentScope, type FlowRunScope, type RunSession } from "./run-scope.js";
import { renderRunName } from "./run-name.js";
import { closeSession, openSession } from "./session.js";
import { startSubflowTaskRun } from "./subflow.js";

/** How to run a flow when not from the process-wide configuration (the engine, tests). */
export interface RunFlowOverrides {
  readonly settings?: Settings;
  /** The API client; null forces an untracked run. */
  readonly client?: StewardClient | null;
  /** Adopt this existing flow run instead of creating one (top-level flows only). */
  readonly flowRunId?: string;
  /** The run of `flowRunId` as the caller just read it, so it is not read again. */
  readonly flowRun?: FlowRun;
}

/**
 * Runs one call of a flow: validates the parameters, creates (or adopts) the flow run, runs the
 * attempts with retries, a timeout and cancellation, and reports the final state. A flow called
 * inside another flow run becomes its subflow and shares its session (client and batchers).
 */
export async function runFlow(
  definition: FlowDefinition,
  rawParameters: unknown,
  overrides: RunFlowOverrides = {},
): Promise<unknown> {
  const parent = currentScope()?.flowRun;
  const session =
    parent?.session ?? openSession(overrides.settings ?? sdkSettings(), resolveClient(overrides));
  try {
    return await runWithSession(definition, rawParameters, session, parent, overrides);
  } finally {
    if (!parent) await closeSession(session);
  }
}

function resolveClient(overrides: RunFlowOverrides): StewardClient | null {
  if (overrides.client !== undefined) return overrides.client;
  if (!overrides.settings) return sdkClient();
  // Explicit settings win over the process configuration, including their API URL.
  return overrides.settings.apiUrl ? clientFor(overrides.settings.apiUrl, overrides.settings.apiKey) : null;
}

async function runWithSession(
  definition: FlowDefinition,
  raw: unknown,
  session: RunSession,
  parent: FlowRunScope | undefined,
  overrides: RunFlowOverrides,
): Promise<unknown> {
  const validation = await validateParameters(
    definition.options.name,
    definition.options.parameters,
    raw,
  ).then(
    (parameters) => ({ ok: true as const, parameters }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (!validation.ok && !(validation.error instanceof ParameterValidationError)) throw validation.error;
  const parameters = validation.ok ? validation.parameters : jsonObject(raw);
  const subflow = parent ? await startSubflowTaskRun(parent, definition) : undefined;
  const mirror: StateMirror = subflow ? (...args) => subflow.record(...args) : () => {};
  const cancellation = new AbortController();
  let reporter: FlowRunReporter;
  try {
    reporter = await openReporter(definition, parameters, validation.ok, session, parent, overrides, {
      mirror,
      subflowTaskRunId: subflow?.scope.id ?? null,
      onCancel: (message) => cancellation.abort(new CancelledError(message)),
    });
  } catch (error) {
    // No child run to mirror: the subflow's task run must not stay PENDING forever.
    subflow?.record("FAILED", "Failed", `The subflow could not start: ${describeError(error)}`);
    throw error;
  }
  const unlink = parent ? linkToParent(parent, cancellation) : () => {};
  try {
    if (!validation.ok) {
      await reporter.failFast(validation.error as ParameterValidationError);
      throw validation.error;
    }
    const scope = createScope(definition, reporter, parameters, session, parent, cancellation);
    return await runAttempts(definition, scope, reporter);
  } finally {
    unlink();
    reporter.dispose();
  }
}

/** A cancelled or timed-out parent attempt cancels its running subflows too. */
function linkToParent(parent: FlowRunScope, cancellation: AbortController): () => void {
  const parentSignal = parent.signal;
  const onAbort = () =>
    cancellation.abort(
      new CancelledError(`Parent flow run '${parent.name}' stopped: ${describeError(parentSignal.reason)}`),
    );
  if (parentSignal.aborted) onAbort();
  else parentSignal.addEventListener("abort", onAbort, { once: true });
  return () => parentSignal.removeEventListener("abort", onAbort);
}

interface ReporterHooks {
  readonly mirror: StateMirror;
  readonly subflowTaskRunId: string | null;
  readonly onCancel: (message: string) => void;
}

async function openReporter(
  definition: FlowDefinition,
  parameters: Record<string, unknown>,
  valid: boolean,
  session: RunSession,
  parent: FlowRunScope | undefined,
  overrides: RunFlowOverrides,
  hooks: ReporterHooks,
): Promise<FlowRunReporter> {
  const name = valid ? flowRunName(definition, parameters) : undefined;
  if (!session.client) return new LocalFlowRun(name ?? randomRunName(), definition, hooks.mirror);
  return ApiFlowRun.open({
    client: session.client,
    definition,
    parameters: jsonObject(parameters),
    name,
    parentTaskRunId: hooks.subflowTaskRunId,
    adoptId: parent ? null : (overrides.flowRunId ?? takeAdoptedFlowRunId()),
    adopted: parent ? undefined : overrides.flowRun,
    mirror: hooks.mirror,
    // Only a run this call creates starts RUNNING; an adopted one (the engine's) is proposed RUNNING.
    startRunning: valid,
    cancellationPollMs: cancellationPollIntervalMs(),
    heartbeatMs: session.settings.flowRunHeartbeatSeconds * 1000,
    onCancelRequested: (state) =>
      hooks.onCancel(state.message ?? "The flow run was cancelled (steward flow-run cancel)."),
  });
}

function flowRunName(definition: FlowDefinition, parameters: Record<string, unknown>): string | undefined {
  const option = definition.options.flowRunName as
    string | ((p: Record<string, unknown>) => string) | undefined;
  if (option === undefined) return undefined;
  if (typeof option === "function") return option(parameters);
  return renderRunName(option, parameters, "flow run name");
}

function createScope(
  definition: FlowDefinition,
  reporter: FlowRunReporter,
  parameters: Record<string, unknown>,
  session: RunSession,
  parent: FlowRunScope | undefined,
  cancellation: AbortController,
): FlowRunScope {
  return {
    id: reporter.id,
    name: reporter.name,
    flowName: definition.options.name,
    parameters,
    tags: definition.options.tags ?? [],
    runCount: reporter.runCount,
    tracked: reporter.tracked,
    session,
    cancellation,
    signal: cancellation.signal,
    taskCounters: new Map(),
    openTasks: new Set(),
    parent,
  };
}
