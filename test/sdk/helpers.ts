import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSettings, type Settings } from "../../src/config/settings.js";
import { configureSdk, resetSdk } from "../../src/sdk/config.js";

/** Console lines the SDK printed during a test (colours stripped). */
export interface CapturedConsole {
  readonly lines: string[];
  /** Lines whose message part contains `text`. */
  matching(text: string): string[];
}

/** A temporary STEWARD_HOME, removed by `cleanup`. */
export function makeHome(): { home: string; cleanup: () => void } {
  const home = mkdtempSync(join(tmpdir(), "steward-sdk-"));
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

/**
 * Configures the SDK for one test: settings built from `env` (never process.env), console output
 * captured instead of printed, a short cancellation poll.
 */
export function configureForTest(
  env: Record<string, string>,
  home: string,
): { settings: Settings; console: CapturedConsole } {
  const settings = loadSettings({ STEWARD_HOME: home, STEWARD_API_URL: "", ...env } as NodeJS.ProcessEnv);
  const lines: string[] = [];
  resetSdk();
  configureSdk({
    settings,
    flowRunId: null,
    cancellationPollIntervalMs: 50,
    // eslint-disable-next-line no-control-regex -- strips ANSI colour codes
    consoleWrite: (line) => lines.push(line.replace(/\u001b\[[0-9;]*m/g, "")),
  });
  return {
    settings,
    console: { lines, matching: (text) => lines.filter((line) => line.includes(text)) },
  };
}

/** Waits until `probe` returns a value other than undefined, polling, with a deadline. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves after `ms`. Only for making a flow *do* something slow, never for waiting on a condition. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
