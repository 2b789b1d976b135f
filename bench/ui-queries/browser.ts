/**
 * @module Page loads in a real browser: headless Chromium (playwright-core) opens the dashboard
 * and the flow runs list and times navigation start → `main[data-ready="true"]`, the attribute the
 * UI's page component sets once its data has loaded.
 */
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

/** Debian's Chromium, as the UI tests use it. */
export const CHROMIUM_PATH = process.env.STEWARD_TEST_CHROMIUM ?? "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The pages timed, by path. */
export const PAGES: readonly { readonly name: string; readonly path: string }[] = [
  { name: "dashboard", path: "/" },
  { name: "flow runs list", path: "/runs" },
];

/** The page target. */
export const TARGET_LOAD_MS = 1000;

/** Load times of one page. */
export interface PageLoad {
  readonly name: string;
  readonly path: string;
  /** Each load, ms from navigation start to the ready marker. */
  readonly samples: readonly number[];
}

/**
 * Runs in the page before its own scripts: notes `performance.now()` (ms since navigation start)
 * the moment the ready marker appears, so the figure does not include the round trip to this process.
 */
const READY_PROBE = `
  const check = () => {
    if (window.__stewardReadyAt === undefined && document.querySelector('main[data-ready="true"]')) {
      window.__stewardReadyAt = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
`;

/**
 * Loads each page `loads` times, each in a fresh browser context (empty cache, as on a first
 * visit), after one untimed load that warms the server. Throws when a page never becomes ready.
 */
export async function measurePageLoads(baseUrl: string, loads: number): Promise<PageLoad[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
  try {
    const results: PageLoad[] = [];
    for (const { name, path } of PAGES) {
      const samples: number[] = [];
      for (let i = 0; i <= loads; i++) {
        const context = await browser.newContext();
        try {
          const page = await context.newPage();
          await page.addInitScript({ content: READY_PROBE });
          await page.goto(`${baseUrl}${path}`);
          await page.waitForFunction("window.__stewardReadyAt !== undefined", undefined, { timeout: 30_000 });
          const readyAt = Number(await page.evaluate("window.__stewardReadyAt"));
          if (i > 0) samples.push(readyAt);
        } catch (error) {
          const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
          throw new Error(`${name} (${path}) never showed main[data-ready="true"]: ${reason}`);
        } finally {
          await context.close();
        }
      }
      results.push({ name, path, samples });
    }
    return results;
  } finally {
    await browser.close();
  }
}

/** True when the browser part can run here. */
export function browserAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** Prints the page-load table. */
export function printPageLoads(title: string, loads: readonly PageLoad[]): void {
  console.log(
    `\n${title} (ms from navigation start to main[data-ready="true"], fresh browser context each)\n`,
  );
  console.log(
    `${"page".padEnd(16)}${"path".padEnd(8)}${"p50".padStart(8)}${"max".padStart(8)}  < ${TARGET_LOAD_MS} ms`,
  );
  for (const load of loads) {
    const sorted = [...load.samples].sort((a, b) => a - b);
    const p50 = sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
    const max = sorted.at(-1) ?? Number.NaN;
    const verdict = max < TARGET_LOAD_MS ? "PASS" : "FAIL";
    console.log(
      `${load.name.padEnd(16)}${load.path.padEnd(8)}${p50.toFixed(0).padStart(8)}${max.toFixed(0).padStart(8)}  ${verdict}`,
    );
  }
}
