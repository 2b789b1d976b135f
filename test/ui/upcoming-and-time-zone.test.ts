/**
 * Past and upcoming runs apart, on every page that lists runs, in the deployment tables and in
 * the history chart; and the one time-zone rule (local time or UTC, the zone named), with
 * sub-second durations in milliseconds. A real server; runs and a deployment with a schedule are
 * made through the API, some of them due hours from now.
 */
import type { Browser, Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, waitFor } from "../e2e/harness.js";
import { launchBrowser, openPage, screenshot, startUiServer, type UiServer } from "./browser.js";
import { scheduleRun } from "./fixtures/pools-api.js";
import { createFlow } from "./fixtures/runs-seed.js";

const POOL = "ui-upcoming-pool";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The browser's own zone: in December, Eastern Standard Time (UTC−5), so local and UTC differ. */
const BROWSER_ZONE = "America/New_York";

/** The runs list's Start column format, as the UI builds it (whitespace normalised). */
const formatIn = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat("en-US", {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZone,
  })
    .format(new Date(iso))
    .replace(/\s/g, " ");
const normalised = (text: string | null) => (text ?? "").replace(/\s/g, " ");

describe("past and upcoming runs apart, and one time zone", () => {
  let server: UiServer;
  let browser: Browser;
  let page: Page;
  let flowId = "";
  let deploymentId = "";
  let doneStart = "";
  let doneId = "";

  const rowNames = () =>
    page
      .locator('[data-testid="flow-run-list"] tbody tr[data-run-name]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-run-name") ?? ""));
  const waitForRows = (view: "past" | "upcoming", names: string[]) =>
    waitFor(
      async () =>
        (await page.locator(`[data-testid="flow-run-list"][data-view="${view}"]`).count()) === 1 &&
        JSON.stringify(await rowNames()) === JSON.stringify(names),
      { what: `the ${view} runs ${names.join(", ")}` },
    );

  beforeAll(async () => {
    [server, browser] = await Promise.all([startUiServer(), launchBrowser()]);
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: "en-US",
      timezoneId: BROWSER_ZONE,
    });
    page = await context.newPage();
    page.on("pageerror", (error) => console.error(`[browser] uncaught error: ${error.message}`));

    await api(server.apiUrl, "POST", "/work_pools/", { name: POOL, type: "process" });
    flowId = await createFlow(server.apiUrl, "ui-upcoming-flow");
    deploymentId = (
      await api<{ id: string }>(server.apiUrl, "POST", "/deployments/", {
        name: "often",
        flow_id: flowId,
        work_pool_name: POOL,
      })
    ).id;
    const now = Date.now();
    // A run that took 480 ms, from the timeline its client recorded.
    const done = await api<{ id: string }>(
      server.apiUrl,
      "POST",
      `/deployments/${deploymentId}/create_flow_run`,
      {
        name: "done",
        state: { type: "RUNNING", timestamp: new Date(now - 2 * MINUTE).toISOString() },
      },
    );
    await api(server.apiUrl, "POST", `/flow_runs/${done.id}/set_state`, {
      state: { type: "COMPLETED", timestamp: new Date(now - 2 * MINUTE + 480).toISOString() },
    });
    doneStart = (await api<{ start_time: string }>(server.apiUrl, "GET", `/flow_runs/${done.id}`)).start_time;
    doneId = done.id;
    await scheduleRun(server.apiUrl, deploymentId, new Date(now - HOUR), { name: "overdue" });
    await scheduleRun(server.apiUrl, deploymentId, new Date(now + 30 * MINUTE), { name: "soon" });
    await scheduleRun(server.apiUrl, deploymentId, new Date(now + 3 * HOUR), { name: "later" });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("lists what ran or was due by default, and the upcoming runs in their own view", async () => {
    for (const [path, name] of [
      [`/flows/flow/${flowId}?tab=runs`, "flow"],
      [`/work-pools/work-pool/${POOL}?tab=runs`, "work-pool"],
    ] as const) {
      await openPage(page, server.url, path, name);
      await waitForRows("past", ["done", "overdue"]);
      const switcher = page.getByTestId("run-view-switch");
      await switcher.getByTestId("upcoming-count").filter({ hasText: "2" }).waitFor();
      await switcher.locator('[data-view="upcoming"]').click();
      await waitForRows("upcoming", ["soon", "later"]);
      expect(new URL(page.url()).searchParams.get("view")).toBe("upcoming");
      await screenshot(page, `upcoming-${name}-runs`);
      // The view is in the URL: a reload, or the link, shows the same list.
      await page.reload();
      await waitForRows("upcoming", ["soon", "later"]);
      await page.getByTestId("run-view-switch").locator('[data-view="past"]').click();
      await waitForRows("past", ["done", "overdue"]);
    }

    await openPage(page, server.url, `/deployments/deployment/${deploymentId}?tab=runs`, "deployment");
    await waitForRows("past", ["done", "overdue"]);
    expect(await page.getByRole("tab", { name: /Runs/ }).textContent()).toBe("Runs2");
    await page.getByRole("tab", { name: /Upcoming/ }).click();
    await waitForRows("upcoming", ["soon", "later"]);
  });

  it("shows each deployment's last run and, apart, its next run", async () => {
    await openPage(page, server.url, "/deployments", "deployments");
    const row = page.locator('tr[data-deployment="ui-upcoming-flow/often"]');
    await row.locator('[data-testid="last-run"][data-run-name="done"]').waitFor();
    await row.locator('[data-testid="next-run"][data-run-name="soon"]').waitFor();
    expect(await row.getByTestId("last-run").textContent()).toContain("Completed");
    expect(await row.getByTestId("last-run").textContent()).not.toContain("Scheduled");
    expect(await row.getByTestId("next-run").textContent()).toMatch(/^in (29|30)m/);
    await screenshot(page, "deployments-last-and-next-run");

    await openPage(page, server.url, `/work-pools/work-pool/${POOL}?tab=deployments`, "work-pool");
    const compact = page.locator('[data-testid="pool-deployments"] tr[data-deployment="often"]');
    await compact.locator('[data-testid="last-run"][data-run-name="done"]').waitFor();
    await compact.locator('[data-testid="next-run"][data-run-name="soon"]').waitFor();
  });

  it("ends the dashboard's history at now, counting only the runs that started or were due", async () => {
    const histories: Request[] = [];
    const listener = (request: Request) => {
      if (request.url().endsWith("/api/flow_runs/history")) histories.push(request);
    };
    page.on("request", listener);
    await openPage(page, server.url, "/?range=30d", "dashboard");
    const chart = page.getByTestId("run-history");
    await chart.locator("rect").first().waitFor();
    page.off("request", listener);
    const body = histories.at(-1)?.postDataJSON() as { history_end: string } | undefined;
    expect(Date.parse(body?.history_end ?? "")).toBeLessThanOrEqual(Date.now());
    // Every bar's tooltip starts with its range and "N runs": the past two, never the future two.
    const titles = await chart.locator("g > title").allTextContents();
    const total = titles.reduce((sum, title) => sum + Number(/(\d+) runs?/.exec(title)?.[1] ?? 0), 0);
    expect(total).toBe(2);
  });

  it("shows durations under a second in milliseconds", async () => {
    await openPage(page, server.url, `/runs?flow=${flowId}`, "flow-runs");
    const done = page.locator('tr[data-run-name="done"] td').nth(7);
    await waitFor(async () => (await done.textContent()) === "480 ms", { what: "the duration 480 ms" });
  });

  it("shows every time in local time or in UTC, as the user chose, and names the zone", async () => {
    await openPage(page, server.url, `/runs?flow=${flowId}`, "flow-runs");
    const start = page.locator('tr[data-run-name="done"] time');
    const note = page.getByTestId("zone-note").first();
    await start.waitFor();
    expect(normalised(await start.textContent())).toBe(formatIn(doneStart, BROWSER_ZONE));
    expect(await note.textContent()).toBe("(EST)");
    expect(await start.getAttribute("title")).toContain("EST");
    const toggle = page.getByTestId("time-zone-toggle");
    expect(await toggle.textContent()).toBe("Times: Local time (EST)");

    await toggle.click();
    await page.locator('[data-testid="time-zone-toggle"][data-zone="utc"]').waitFor();
    await waitFor(async () => normalised(await start.textContent()) === formatIn(doneStart, "UTC"), {
      what: "the start time in UTC",
    });
    expect(await note.textContent()).toBe("(UTC)");
    expect(await start.getAttribute("title")).toContain("UTC");
    await screenshot(page, "runs-in-utc");

    // Remembered by the browser, and the Settings page shows the same choice.
    await page.reload();
    await page.locator('tr[data-run-name="done"] time').waitFor();
    expect(normalised(await start.textContent())).toBe(formatIn(doneStart, "UTC"));
    await openPage(page, server.url, "/settings", "settings");
    const setting = page.getByTestId("time-zone-setting");
    expect(await setting.getByLabel("UTC").isChecked()).toBe(true);

    // A schedule's next run follows the same rule, whatever zone the schedule itself is in.
    await api(server.apiUrl, "POST", `/deployments/${deploymentId}/schedules`, [
      { schedule: { interval: 3600, timezone: "Europe/Paris" }, active: true },
    ]);
    await openPage(page, server.url, `/deployments/deployment/${deploymentId}`, "deployment");
    const next = page.getByTestId("schedule-next");
    await next.waitFor();
    expect(await next.textContent()).toMatch(/ UTC$/);
    await openPage(page, server.url, "/settings", "settings");
    await page
      .getByTestId("time-zone-setting")
      .getByLabel(/Local time/)
      .check();
    await openPage(page, server.url, `/deployments/deployment/${deploymentId}`, "deployment");
    await page.getByTestId("schedule-next").waitFor();
    expect(await page.getByTestId("schedule-next").textContent()).toMatch(/ EST$/);
    // The schedule dialog previews runs in the schedule's own zone, and in the user's beside it.
    await page.getByRole("button", { name: "Edit" }).first().click();
    const preview = page.getByRole("dialog", { name: "Edit schedule" }).getByTestId("schedule-preview");
    await preview.locator("li").first().waitFor();
    expect(await preview.locator("li").first().textContent()).toMatch(/GMT\+1|CET/);
    expect(await preview.locator("li").first().textContent()).toMatch(/\(.* EST\)$/);
    await page.keyboard.press("Escape");
  });

  it("shows log lines' times in the same zone, to the millisecond", async () => {
    // 14:03:07.042 UTC is 09:03:07.042 in New York in December.
    const timestamp = "2026-12-01T14:03:07.042Z";
    await api(server.apiUrl, "POST", "/logs/", [
      { name: "ui.test", level: 20, message: "a line at a known time", timestamp, flow_run_id: doneId },
    ]);
    const time = page.locator('[data-testid="log-line"] time').first();
    await openPage(page, server.url, `/runs/flow-run/${doneId}?tab=logs`, "flow-run");
    await waitFor(async () => (await time.textContent()) === "09:03:07.042", {
      what: "the log line's time in local time (EST)",
    });
    expect(await time.getAttribute("title")).toContain("EST");
    await page.getByTestId("time-zone-toggle").click();
    await waitFor(async () => (await time.textContent()) === "14:03:07.042", {
      what: "the log line's time in UTC",
    });
    expect(await time.getAttribute("title")).toContain("UTC");
    await page.getByTestId("time-zone-toggle").click();
    await page.locator('[data-testid="time-zone-toggle"][data-zone="local"]').waitFor();
  });
});
