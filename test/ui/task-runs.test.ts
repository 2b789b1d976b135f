// Task runs as first-class (issue 18): the error panel of a failed run, a retried task's attempts on
// the timeline (reachable by keyboard), the task-run page, log rows named and filtered by task, and
// the polite live regions. Real server, real worker, real flow-run processes; desktop and phone.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, type StewardProcess, waitFor, waitForRun } from "../e2e/harness.js";
import { launchBrowser, newPage, openPage, screenshot, startUiServer, type UiServer } from "./browser.js";
import { createFlow, createRun } from "./fixtures/runs-seed.js";
import { runDeployment, startPoolWithWorker } from "./fixtures/runs-worker.js";

const POOL = "ui-task-runs-pool";
const FLOWS = "test/ui/fixtures/task-runs-flows.ts";
const VIEWPORTS = [
  { name: "desktop", width: 1400, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;
/** A duration under a second, as the UI writes it ("480 ms", "52ms"). */
const MILLISECONDS = /^\d{1,3}\s?ms$/;

const logLine = (page: Page, text: string) => page.locator('[data-testid="log-line"]', { hasText: text });
const timelineRow = (page: Page, label: string) =>
  page.locator(`[data-testid="timeline-node"][data-label="${label}"]`);

describe("task runs and failures on the run page", () => {
  let server: UiServer;
  let browser: Browser;
  let page: Page;
  let worker: StewardProcess | undefined;
  let recoversId = "";
  let breaksId = "";

  beforeAll(async () => {
    [server, browser] = await Promise.all([startUiServer(), launchBrowser()]);
    page = await newPage(browser);
    worker = await startPoolWithWorker(server.env, server.apiUrl, POOL, [
      [`${FLOWS}:recovers`, "recovers"],
      [`${FLOWS}:breaks`, "breaks"],
    ]);
    const [recovers, breaks] = await Promise.all([
      runDeployment(server.apiUrl, "recovers/recovers"),
      runDeployment(server.apiUrl, "breaks/breaks"),
    ]);
    recoversId = recovers.id;
    breaksId = breaks.id;
    await Promise.all([
      waitForRun(server.apiUrl, recoversId, (r) => r.state_type === "COMPLETED", "to complete", 60_000),
      waitForRun(server.apiUrl, breaksId, (r) => r.state_type === "FAILED", "to fail", 60_000),
    ]);
  }, 150_000);
  afterAll(async () => {
    await worker?.stop("SIGTERM");
    await browser?.close();
    await server?.stop();
  });

  for (const viewport of VIEWPORTS) {
    describe(`at ${viewport.width}×${viewport.height}`, () => {
      beforeAll(async () => {
        await page.setViewportSize({ width: viewport.width, height: viewport.height });
      });

      it("shows a failed run's error at the top: its type, message and stack", async () => {
        await openPage(page, server.url, `/runs/flow-run/${breaksId}`, "flow-run");
        const panel = page.getByTestId("run-error");
        await panel.waitFor();
        expect(await panel.getByTestId("run-error-type").textContent()).toBe("ConfigurationError");
        expect(await panel.getByTestId("run-error-message").textContent()).toBe(
          "the setting 'region' is missing",
        );
        const stack = (await panel.getByTestId("run-error-stack").textContent()) ?? "";
        expect(stack).toContain("ConfigurationError: the setting 'region' is missing");
        expect(stack).toContain("task-runs-flows.ts");
        expect(await panel.getByTestId("run-error-stack").isVisible()).toBe(true);
        // The panel comes before the timeline and the logs.
        const panelBox = await panel.boundingBox();
        const timelineBox = await page.getByTestId("timeline").boundingBox();
        expect(panelBox && timelineBox && panelBox.y < timelineBox.y).toBe(true);
        await screenshot(page, `flow-run-error-${viewport.name}`);

        // The failed task's own page shows the same panel, with what the task recorded.
        await timelineRow(page, "explode-0").getByTestId("timeline-task-link").click();
        await page.locator('main[data-page="task-run"][data-ready="true"]').waitFor();
        const taskPanel = page.getByTestId("run-error");
        await taskPanel.waitFor();
        expect(await taskPanel.getByTestId("run-error-message").textContent()).toContain(
          "ConfigurationError: the setting 'region' is missing",
        );
      });

      it("draws each attempt of a retried task, with details reachable by keyboard and click", async () => {
        await openPage(page, server.url, `/runs/flow-run/${recoversId}`, "flow-run");
        const row = timelineRow(page, "flaky-0");
        await page
          .locator('[data-testid="timeline-node"][data-label="flaky-0"][data-attempts="2"]')
          .waitFor();
        const bars = page.locator('[data-testid="timeline-bar"][data-attempt]');
        await waitFor(async () => (await bars.count()) === 2, { what: "a bar per attempt" });
        expect(await bars.nth(0).getAttribute("data-failed")).toBe("true");
        expect(await bars.nth(1).getAttribute("data-failed")).toBeNull();
        const widths = await bars.evaluateAll((elements) =>
          elements.map((e) => e.getBoundingClientRect().width),
        );
        expect(widths.every((width) => width >= 3)).toBe(true);
        // Durations under a second show milliseconds: the whole task, and one attempt.
        expect((await row.locator(".timeline-duration").textContent())?.trim()).toMatch(MILLISECONDS);

        // Keyboard: from the task's name, Tab reaches its first attempt, then the second.
        await row.getByTestId("timeline-task-link").focus();
        await page.keyboard.press("Tab");
        const details = page.getByTestId("timeline-details");
        await details.filter({ hasText: "attempt 1 of 2" }).waitFor();
        expect(await page.locator('[data-testid="timeline-bar"][data-attempt="1"]:focus').count()).toBe(1);
        expect(await details.getByTestId("timeline-details-error").textContent()).toContain(
          "TypeError: flaky first attempt broke",
        );
        expect(await bars.nth(0).getAttribute("aria-label")).toContain("Attempt 1 of 2: failed");
        await page.keyboard.press("Tab");
        await details.filter({ hasText: "attempt 2 of 2" }).waitFor();
        expect(await details.textContent()).toMatch(/Duration: \d{1,3}\s?ms/);
        // A click (or tap) shows the same details.
        await page.getByTestId("timeline-details").click(); // move focus away first
        await bars.nth(0).click();
        await details.filter({ hasText: "attempt 1 of 2" }).waitFor();
        await screenshot(page, `flow-run-retried-task-${viewport.name}`);
      });

      it("names log rows by task and filters the logs by task", async () => {
        await openPage(page, server.url, `/runs/flow-run/${recoversId}`, "flow-run");
        await logLine(page, "recovers flow line").waitFor();
        const flakyLine = logLine(page, "flaky attempt 1");
        await flakyLine.waitFor();
        expect(await flakyLine.getByTestId("log-task").textContent()).toBe("flaky-0");
        expect(await page.getByTestId("log-task").filter({ hasText: "steward" }).count()).toBe(0);

        await page.getByLabel("Task", { exact: true }).selectOption({ label: "flaky-0" });
        await logLine(page, "recovers flow line").waitFor({ state: "detached" });
        await logLine(page, "flaky attempt 2").waitFor();
        expect(await logLine(page, "quick task line").count()).toBe(0);
        const tasks = await page.getByTestId("log-line").locator(".log-logger").allTextContents();
        expect(tasks.every((name) => name === "flaky-0")).toBe(true);
        const flaky = await api<{ id: string; name: string }[]>(server.apiUrl, "POST", "/task_runs/filter", {
          task_runs: { flow_run_id: { any_: [recoversId] }, name: { any_: ["flaky-0"] } },
        });
        expect(new URL(page.url()).searchParams.get("task")).toBe(flaky[0]?.id);
        await page.reload();
        await logLine(page, "flaky attempt 1").waitFor();
        expect(await logLine(page, "recovers flow line").count()).toBe(0);
        await page.getByLabel("Task", { exact: true }).selectOption("");
        await logLine(page, "recovers flow line").waitFor();
      });

      it("opens a task run's page from the task list: states, attempts with errors, its own logs", async () => {
        await openPage(page, server.url, `/runs/flow-run/${recoversId}?tab=task-runs`, "flow-run");
        await page.getByTestId("task-runs").getByRole("link", { name: "flaky-0" }).click();
        await page.locator('main[data-page="task-run"][data-ready="true"]').waitFor();
        expect(await page.getByTestId("task-run-name").textContent()).toBe("flaky-0");
        await page.locator('[data-testid="task-run-state"] [data-state="COMPLETED"]').waitFor();
        expect(await page.getByTestId("run-error").count()).toBe(0);
        expect(await page.getByTestId("task-run-attempts").textContent()).toContain("2");
        expect((await page.getByTestId("task-run-duration").textContent())?.trim()).toMatch(MILLISECONDS);

        const attempts = page.getByTestId("task-run-attempts-table").locator("tbody tr");
        await waitFor(async () => (await attempts.count()) === 2, { what: "two attempts" });
        expect(await attempts.nth(0).getAttribute("data-failed")).toBe("true");
        expect(await attempts.nth(0).getByTestId("attempt-error").textContent()).toContain(
          "TypeError: flaky first attempt broke",
        );
        expect(await attempts.nth(1).getAttribute("data-failed")).toBe("false");
        expect((await attempts.nth(0).getByTestId("attempt-duration").textContent())?.trim()).toMatch(
          MILLISECONDS,
        );
        const history = page.getByTestId("state-history");
        await history.locator('tr[data-state-row="SCHEDULED"]', { hasText: "AwaitingRetry" }).waitFor();
        expect(await history.locator('tr[data-state-row="RUNNING"]').count()).toBe(2);
        expect(await history.locator('tr[data-state-row="COMPLETED"]').count()).toBe(1);

        // Its own lines only, not the flow's or another task's.
        await logLine(page, "flaky attempt 1").waitFor();
        await logLine(page, "flaky attempt 2").waitFor();
        expect(await logLine(page, "recovers flow line").count()).toBe(0);
        expect(await logLine(page, "quick task line").count()).toBe(0);
        expect(await page.getByTestId("task-run-inputs").textContent()).toContain("not the values");
        await screenshot(page, `task-run-page-${viewport.name}`);

        await page.getByTestId("task-run-flow-run").click();
        await page.waitForURL((url) => url.pathname.endsWith(recoversId));
      });
    });
  }

  it("says so when the task run does not exist", async () => {
    const id = "0190f1c2-5b7e-7c3a-9d4e-2f6a8b1c0d3e";
    await openPage(page, server.url, `/runs/task-run/${id}`, "task-run");
    expect(await page.getByTestId("task-run-not-found").textContent()).toContain(id);
  });

  it("announces state changes and new log lines politely, a count rather than every line", async () => {
    const flowId = await createFlow(server.apiUrl, "ui-task-runs-live");
    const run = await createRun(server.apiUrl, flowId, { name: "announced", type: "PENDING" });
    const line = (message: string) => ({
      name: "announced",
      level: 20,
      message,
      timestamp: new Date().toISOString(),
      flow_run_id: run.id,
    });
    await api(server.apiUrl, "POST", "/logs/", [line("first line")]);
    await openPage(page, server.url, `/runs/flow-run/${run.id}`, "flow-run");
    await logLine(page, "first line").waitFor();
    const states = page.getByTestId("state-announcement");
    const logs = page.getByTestId("logs-announcement");
    expect(await states.getAttribute("aria-live")).toBe("polite");
    expect(await logs.getAttribute("aria-live")).toBe("polite");
    // Nothing is said about what was on screen from the start.
    expect(await states.textContent()).toBe("");
    expect(await logs.textContent()).toBe("");

    await api(server.apiUrl, "POST", `/flow_runs/${run.id}/set_state`, { state: { type: "RUNNING" } });
    await states.filter({ hasText: "The flow run is now Running." }).waitFor();
    await api(server.apiUrl, "POST", "/logs/", [
      line("second line"),
      line("third line"),
      line("fourth line"),
    ]);
    await logLine(page, "fourth line").waitFor();
    await logs.filter({ hasText: /^3 new log lines$/ }).waitFor();
  });
});
