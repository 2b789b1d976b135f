/**
 * @module What the UI tests share: Debian's Chromium driven by playwright-core, a real
 * `steward server start` serving the built UI, and screenshots in test/artifacts/screenshots/.
 */
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { makeHome, ROOT, type StewardProcess, startServerProcess } from "../e2e/harness.js";

/** Where Debian puts Chromium (`apt-get install -y chromium`). */
export const CHROMIUM_PATH = process.env.STEWARD_TEST_CHROMIUM ?? "/usr/bin/chromium";

/** Screenshots of the UI tests; the README shows a few of them. */
export const SCREENSHOT_DIR = resolve(ROOT, "test/artifacts/screenshots");

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Starts headless Chromium, or explains how to install it. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The UI tests need Chromium at ${CHROMIUM_PATH}. Install it with \`apt-get install -y chromium\` (.ci/run and the test setup do this when they run as root), or point STEWARD_TEST_CHROMIUM at another Chromium.`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A server for one test file: its own home and port, UI on. */
export interface UiServer {
  readonly home: string;
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly apiUrl: string;
  /** Environment for `steward(...)` CLI calls and workers against this server. */
  readonly env: NodeJS.ProcessEnv;
  readonly process: StewardProcess;
  stop(): Promise<void>;
}

/** Starts `steward server start` (real binary, built UI) with a fresh home. */
export async function startUiServer(extraEnv: NodeJS.ProcessEnv = {}): Promise<UiServer> {
  const { home, cleanup } = makeHome();
  const server = await startServerProcess(home, extraEnv);
  const url = server.apiUrl.replace(/\/api$/, "");
  return {
    home,
    url,
    apiUrl: server.apiUrl,
    env: { STEWARD_HOME: home, STEWARD_API_URL: server.apiUrl, ...extraEnv },
    process: server.process,
    async stop() {
      await server.process.stop("SIGTERM");
      cleanup();
    },
  };
}

/** A fresh page (own context: no shared storage) at a desktop size; page errors fail loudly. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    console.error(`[browser] uncaught error: ${error.message}`);
  });
  return page;
}

/** Opens `path` and waits until the page named `pageName` says its data is loaded. */
export async function openPage(page: Page, baseUrl: string, path: string, pageName: string): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await waitForPage(page, pageName);
}

/** Waits for `main[data-page=pageName][data-ready=true]`. */
export async function waitForPage(page: Page, pageName: string, timeoutMs = 15_000): Promise<void> {
  await page.locator(`main[data-page="${pageName}"][data-ready="true"]`).waitFor({ timeout: timeoutMs });
}

/** Saves a full-page screenshot as test/artifacts/screenshots/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = resolve(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
