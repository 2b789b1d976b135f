import { StewardClient } from "../client/index.js";
import { loadSettings, type Settings } from "../config/settings.js";
import { type SdkConfig, sdkState } from "./global-state.js";

export type { SdkConfig } from "./global-state.js";

/** Default interval of the cancellation check of a tracked flow run. */
export const DEFAULT_CANCELLATION_POLL_MS = 2_000;

/**
 * Configures the SDK for this process: the settings (and so the API) flows report to, a client,
 * the flow run to adopt. Fields left out keep their current value; pass `reset: true` to start from
 * the defaults. Used by the engine (`steward flow-run execute`) and by tests, which should never
 * need to change `process.env`.
 *
 * @example
 * configureSdk({ settings: loadSettings({ STEWARD_API_URL: apiUrl }) });
 * await hello({ name: "Ada" }); // reported to apiUrl
 */
export function configureSdk(config: SdkConfig & { reset?: boolean }): void {
  const { reset, ...rest } = config;
  sdkState.config = reset ? { ...rest } : { ...sdkState.config, ...rest };
  if (reset) {
    sdkState.loadedSettings = undefined;
    sdkState.adoptedFlowRunUsed = false;
    sdkState.flowIds.clear();
  }
}

/** Puts the SDK back to its initial state (tests). */
export function resetSdk(): void {
  configureSdk({ reset: true });
  sdkState.clients.clear();
}

/** The settings runs use: the configured ones, else `loadSettings()` from the environment (once). */
export function sdkSettings(): Settings {
  if (sdkState.config.settings) return sdkState.config.settings;
  sdkState.loadedSettings ??= loadSettings();
  return sdkState.loadedSettings;
}

/** The client for tracked runs, or null when no API is configured (runs are then untracked). */
export function sdkClient(): StewardClient | null {
  if (sdkState.config.client) return sdkState.config.client;
  const apiUrl = sdkSettings().apiUrl;
  return apiUrl ? clientFor(apiUrl, sdkSettings().apiKey) : null;
}

/**
 * The shared client for `apiUrl` with `apiKey` (one per API and key per process, so connections
 * are reused).
 */
export function clientFor(apiUrl: string, apiKey: string | null): StewardClient {
  const id = `${apiUrl} ${apiKey ?? ""}`;
  let client = sdkState.clients.get(id);
  if (!client) {
    client = new StewardClient({ apiUrl, apiKey });
    sdkState.clients.set(id, client);
  }
  return client;
}

/**
 * The existing flow run the first top-level flow call should adopt (set by the worker as
 * STEWARD_FLOW_RUN_ID), or null. Returns it once: later top-level calls create their own runs.
 */
export function takeAdoptedFlowRunId(): string | null {
  if (sdkState.adoptedFlowRunUsed) return null;
  const configured = sdkState.config.flowRunId;
  // Read here rather than in config/settings: it names one run, it is not a setting of the user.
  const id = configured === undefined ? process.env.STEWARD_FLOW_RUN_ID || null : configured;
  if (id) sdkState.adoptedFlowRunUsed = true;
  return id;
}

/** Interval of the cancellation check of tracked flow runs. */
export function cancellationPollIntervalMs(): number {
  return sdkState.config.cancellationPollIntervalMs ?? DEFAULT_CANCELLATION_POLL_MS;
}
