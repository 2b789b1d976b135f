import { AsyncLocalStorage } from "node:async_hooks";
import type { StewardClient } from "../client/index.js";
import type { Settings } from "../config/settings.js";
import type { RunScope } from "./run-context.js";

/**
 * Process-wide SDK state: the run-context storage and the configuration.
 *
 * The CLI runs from `dist/`, and a user's flow file imports "steward", which Node resolves to
 * `dist/index.js` through the package's self-reference; tests may load `src/` and `dist/` side by
 * side. Two module copies must still see one run context and one configuration, so the state lives
 * on `globalThis` under a registered symbol and every copy picks up the first one created.
 */
export interface SdkState {
  /** Holds the scope of the flow or task run the current async call chain belongs to. */
  readonly storage: AsyncLocalStorage<RunScope>;
  /** What `configureSdk` set; unset fields fall back to `loadSettings()` and the environment. */
  config: SdkConfig;
  /** Settings loaded lazily from the environment when none were configured. */
  loadedSettings: Settings | undefined;
  /** One client per API URL, so connections are reused across runs. */
  readonly clients: Map<string, StewardClient>;
  /** Flow ids by `${apiUrl} ${flowName}`, so calling a flow twice upserts it once. */
  readonly flowIds: Map<string, string>;
  /** Whether the STEWARD_FLOW_RUN_ID run was already adopted (only the first top-level call does). */
  adoptedFlowRunUsed: boolean;
}

/** SDK configuration; every field is optional and falls back to the environment. */
export interface SdkConfig {
  /** Settings to use instead of `loadSettings(process.env)`. */
  settings?: Settings;
  /** Client to use for tracked runs (e.g. one with an injected `fetch` in tests). */
  client?: StewardClient;
  /** Flow run to adopt for the first top-level flow call instead of creating one; null = none. */
  flowRunId?: string | null;
  /** How often a tracked flow run checks whether it was cancelled. @default 2000 */
  cancellationPollIntervalMs?: number;
  /** Where console log lines go. @default process.stdout / process.stderr by level */
  consoleWrite?: (line: string, level: number) => void;
}

const KEY = Symbol.for("steward.sdk.state.v1");

function createState(): SdkState {
  return {
    storage: new AsyncLocalStorage<RunScope>(),
    config: {},
    loadedSettings: undefined,
    clients: new Map(),
    flowIds: new Map(),
    adoptedFlowRunUsed: false,
  };
}

const holder = globalThis as typeof globalThis & { [KEY]?: SdkState };

/** The one SDK state of this process (shared by every copy of the module). */
export const sdkState: SdkState = holder[KEY] ?? createState();
holder[KEY] = sdkState;
