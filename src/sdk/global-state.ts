import type { StewardClient } from "../client/index.js";
import type { Settings } from "../config/settings.js";
import { processWide } from "./process-wide.js";

/**
 * Process-wide SDK configuration and caches (shared by every copy of the SDK in the process; see
 * process-wide.ts). The state of the runs in progress is run-scope.ts's.
 */
export interface SdkState {
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

function createState(): SdkState {
  return {
    config: {},
    loadedSettings: undefined,
    clients: new Map(),
    flowIds: new Map(),
    adoptedFlowRunUsed: false,
  };
}

/** The one SDK state of this process (shared by every copy of the module). */
export const sdkState: SdkState = processWide("state.v2", createState);
