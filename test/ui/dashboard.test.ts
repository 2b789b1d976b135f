import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, waitFor } from "../e2e/harness.js";
import { launchBrowser, newPage, openPage, screenshot, startUiServer, type UiServer } from "./browser.js";
import { createFlow, createRun, createRuns } from "./fixtures/runs-seed.js";

const POOL = "ui-dashboard-pool";

describe("the dashboard", () => {
  let server: UiServer;
  let browser: Browser;
  let page: Page;

  const count = (testId: string) => page.getByTestId(testId).getAttribute("data-count");

  beforeAll(async () => {
    [server, browser] = await Promise.all([startUiServer(), launchBrowser()]);
    page = await newPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("on an empty server, says how to get started", async () => {
    await openPage(page, server.url, "/", "dashboard");
    const intro = page.getByTestId("getting-started");
    await intro.waitFor();
    const commands = await intro.getByTestId("command").allTextContents();
    expect(commands.join("\n")).toContain("steward work-pool create --type process");
    expect(commands.join("\n")).toContain("steward worker start --pool");
    expect(commands.join("\n")).toContain("steward deploy flows/hello.ts:hello");
    expect(commands.join("\n")).toContain("steward deployment run hello/hello");
    await intro.getByRole("link", { name: "Create a work pool" }).waitFor();
  });

  it("shows counts, activity, pools and recent failures, and follows new failures live", async () => {
    const now = Date.now();
    await api(server.apiUrl, "POST", "/work_pools/", { name: POOL, type: "process" });
    const flowId = await createFlow(server.apiUrl, "ui-dashboard-flow");
    await createRuns(server.apiUrl, flowId, [
      ...[0, 1, 2].map((i) => ({
        name: `dash-failed-${i}`,
        type: "FAILED" as const,
        message: `exploded ${i}`,
        at: now - (i + 1) * 60_000,
      })),
      {
        name: "dash-crashed",
        type: "CRASHED",
        message: "process exited with code 137",
        at: now - 5 * 60_000,
      },
      { name: "dash-old-failure", type: "FAILED", message: "long ago", at: now - 3 * 86_400_000 },
      { name: "dash-late", type: "SCHEDULED", stateName: "Late", at: now - 10 * 60_000 },
      ...[0, 1, 2, 3].map((i) => ({
        name: `dash-done-${i}`,
        type: "COMPLETED" as const,
        at: now - i * 3_600_000,
      })),
    ]);

    await openPage(page, server.url, "/", "dashboard");
    await waitFor(async () => (await count("count-failed")) === "4", {
      what: "4 failed runs in the last 24 hours",
    });
    expect(await count("count-late")).toBe("1");
    expect(await count("count-running")).toBe("0");
    expect(await page.getByTestId("count-failed").getAttribute("href")).toBe(
      "/runs?state=FAILED,CRASHED&range=24h",
    );
    expect(await page.getByTestId("count-late").getAttribute("href")).toBe("/runs?state=Late");

    // Bars with a height, coloured by state.
    await page.locator('[data-testid="run-history"] rect[data-state]').first().waitFor();
    const heights = await page.locator('[data-testid="run-history"] rect[data-state]').evaluateAll((rects) =>
      rects.map((rect) => ({
        state: rect.getAttribute("data-state"),
        height: Number(rect.getAttribute("height")),
      })),
    );
    expect(heights.some((bar) => bar.state === "FAILED" && bar.height > 0)).toBe(true);
    expect(heights.some((bar) => bar.state === "COMPLETED" && bar.height > 0)).toBe(true);

    const failures = page.getByTestId("recent-failures");
    await failures.waitFor();
    const names = await failures
      .locator("tr[data-run-name]")
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-run-name")));
    expect(names.slice(0, 4)).toEqual(["dash-failed-0", "dash-failed-1", "dash-failed-2", "dash-crashed"]);
    expect(await failures.locator('tr[data-run-name="dash-crashed"]').textContent()).toContain(
      "process exited with code 137",
    );

    const pool = page.locator(`[data-testid="dashboard-pools"] tr[data-pool="${POOL}"]`);
    await pool.waitFor();
    expect(await pool.locator("[data-status]").getAttribute("data-status")).toBe("NOT_READY");
    expect(await pool.getByTestId("pool-last-polled").textContent()).toBe("never");
    await pool.getByRole("link", { name: POOL }).waitFor();

    // Without a reload: a worker polls the pool and a new run fails.
    await api(server.apiUrl, "POST", `/work_pools/${POOL}/workers/heartbeat`, { name: "dash-worker" });
    await createRun(server.apiUrl, flowId, {
      name: "dash-fresh-failure",
      type: "FAILED",
      message: "just now",
    });
    await failures.locator('tr[data-run-name="dash-fresh-failure"]').waitFor();
    await waitFor(async () => (await count("count-failed")) === "5", {
      what: "the count to include the new failure",
    });
    await pool.locator('[data-status="READY"]').waitFor();
    expect(await pool.getByTestId("pool-last-polled").textContent()).not.toBe("never");
    await screenshot(page, "dashboard");
  });

  it("keeps the time range in the URL and links each count to the matching runs", async () => {
    await openPage(page, server.url, "/", "dashboard");
    await page.getByRole("group", { name: "Time range" }).getByRole("button", { name: "Last hour" }).click();
    await page.waitForURL((url) => url.searchParams.get("range") === "1h");
    // The 3-day-old failure and the older runs are outside the hour; the four recent failures are not.
    await waitFor(async () => (await count("count-failed")) === "5", { what: "5 failures in the last hour" });
    await page
      .getByRole("group", { name: "Time range" })
      .getByRole("button", { name: "Last 30 days" })
      .click();
    await waitFor(async () => (await count("count-failed")) === "6", { what: "6 failures in 30 days" });
    await page.reload();
    await waitFor(async () => (await count("count-failed")) === "6", {
      what: "the range to survive a reload",
    });

    await page.getByTestId("count-late").click();
    await page.locator('main[data-page="flow-runs"][data-ready="true"]').waitFor();
    await page
      .locator('[data-testid="flow-run-list"][data-count="1"] tr[data-run-name="dash-late"]')
      .waitFor();
    // Late is a state name, the others are types: "Late or Failed" still means either.
    await openPage(page, server.url, "/runs?state=Late,FAILED", "flow-runs");
    await page
      .locator('[data-testid="flow-run-list"][data-count="6"] tr[data-run-name="dash-late"]')
      .waitFor();
    await openPage(page, server.url, "/runs?state=SCHEDULED", "flow-runs");
    await page
      .locator('[data-testid="flow-run-list"][data-count="1"] tr[data-run-name="dash-late"]')
      .waitFor();
  });
});
