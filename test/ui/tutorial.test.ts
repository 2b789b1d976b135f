import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StewardProcess, steward } from "../e2e/harness.js";
import {
  launchBrowser,
  newPage,
  openPage,
  screenshot,
  startUiServer,
  type UiServer,
  waitForPage,
} from "./browser.js";
import { listWorkers, waitForApi } from "./fixtures/pools-api.js";

const POOL = "tutorial-process-pool";

/** The tutorial in the browser: a pool from the CLI, red until a worker polls, green after. */
describe("the tutorial in the UI", () => {
  let server: UiServer;
  let browser: Browser;
  let page: Page;
  let worker: StewardProcess | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startUiServer(), launchBrowser()]);
    page = await newPage(browser);
  });
  afterAll(async () => {
    await worker?.stop("SIGTERM");
    await browser?.close();
    await server?.stop();
  });

  it("shows the pool, its queue turning green live when a worker starts, and the worker online", async () => {
    const created = await steward(["work-pool", "create", "--type", "process", POOL], server.env);
    expect(created.code, created.stderr).toBe(0);

    await openPage(page, server.url, "/work-pools", "work-pools");
    const card = page.locator(`article[data-pool="${POOL}"]`);
    await card.waitFor();
    expect(await card.locator("[data-status]").getAttribute("data-status")).toBe("NOT_READY");

    await card.getByRole("link", { name: POOL }).click();
    await waitForPage(page, "work-pool");
    expect(new URL(page.url()).pathname).toBe(`/work-pools/work-pool/${POOL}`);
    await page.getByRole("tab", { name: /Work Queues/ }).click();

    const defaultQueue = page.locator('tr[data-queue="default"]');
    await defaultQueue.locator('[data-status="NOT_READY"]').waitFor();
    const banner = page.getByTestId("worker-banner");
    expect(await banner.getByTestId("command").locator("code").textContent()).toBe(
      `steward worker start --pool ${POOL}`,
    );
    await screenshot(page, "tutorial-queue-not-ready");

    worker = new StewardProcess(["worker", "start", "--pool", POOL], server.env);
    // No reload from here on: the page must turn green by itself.
    await defaultQueue.locator('[data-status="READY"]').waitFor({ timeout: 30_000 });
    await banner.waitFor({ state: "detached", timeout: 30_000 });
    await screenshot(page, "tutorial-queue-ready");

    const [online] = await waitForApi(
      () => listWorkers(server.apiUrl, POOL),
      (workers) => workers.some((w) => w.status === "ONLINE"),
      "the worker to be ONLINE",
    );
    await page.getByRole("tab", { name: /Workers/ }).click();
    const row = page.locator(`tr[data-worker="${online?.name}"]`);
    await row.locator('[data-status="ONLINE"]').waitFor({ timeout: 30_000 });
    expect(await row.getByTestId("last-polled").textContent()).toMatch(/^(just now|\d{1,2}s ago)$/);
    expect(await page.getByTestId("worker-banner").count()).toBe(0);
    await screenshot(page, "tutorial-workers");

    await page.getByTestId("theme-toggle").click();
    expect(await page.locator("html").getAttribute("data-theme")).toBe("dark");
    await page.getByRole("tab", { name: /Work Queues/ }).click();
    await defaultQueue.locator('[data-status="READY"]').waitFor();
    await screenshot(page, "tutorial-queue-ready-dark");
    await page.getByRole("tab", { name: /Workers/ }).click();
    await row.waitFor();
    await screenshot(page, "tutorial-workers-dark");
    await page.getByTestId("theme-toggle").click();
  });
});
