import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  api,
  type ApiFlowRun,
  processAlive,
  type StewardProcess,
  waitFor,
  waitForRun,
} from "../e2e/harness.js";
import { launchBrowser, newPage, openPage, screenshot, startUiServer, type UiServer } from "./browser.js";
import { createFlow, createRun, recordTaskRuns } from "./fixtures/runs-seed.js";
import { RUNS_FLOWS, runDeployment as runDeploymentOf, startPoolWithWorker } from "./fixtures/runs-worker.js";

const POOL = "ui-run-page-pool";

/** The state badge of the run page, once it shows `type`. */
const stateBadge = (page: Page, type: string) =>
  page.locator(`[data-testid="flow-run-state"] [data-state="${type}"]`);
const logLine = (page: Page, text: string) => page.locator('[data-testid="log-line"]', { hasText: text });

describe("the flow run page", () => {
  let server: UiServer;
  let browser: Browser;
  let page: Page;
  let worker: StewardProcess | undefined;

  const runDeployment = (flowAndName: string) => runDeploymentOf(server.apiUrl, flowAndName);

  beforeAll(async () => {
    [server, browser] = await Promise.all([startUiServer(), launchBrowser()]);
    page = await newPage(browser);
    // A short grace so that a cancelled run's process is killed soon after SIGTERM.
    const env = { ...server.env, STEWARD_WORKER_CANCEL_GRACE_SECONDS: "3" };
    worker = await startPoolWithWorker(env, server.apiUrl, POOL, [
      [`${RUNS_FLOWS}:longRun`, "long"],
      [`${RUNS_FLOWS}:pipeline`, "pipeline"],
    ]);
  }, 120_000);
  afterAll(async () => {
    await worker?.stop("SIGTERM");
    await browser?.close();
    await server?.stop();
  });

  it("cancels a long run from the UI: live state and logs, then the worker's process is gone", async () => {
    const run = await runDeployment("long-run/long");
    await openPage(page, server.url, `/runs/flow-run/${run.id}`, "flow-run");
    // Everything below arrives live: the page is never reloaded.
    await stateBadge(page, "RUNNING").waitFor({ timeout: 45_000 });
    await logLine(page, "long run started").waitFor({ timeout: 30_000 });
    const running = await waitForRun(
      server.apiUrl,
      run.id,
      (r) => !!r.infrastructure_pid,
      "to have a process",
    );
    const pid = Number(running.infrastructure_pid?.split(":").pop());
    expect(processAlive(pid)).toBe(true);
    const duration = page.getByTestId("run-duration");
    const first = await duration.textContent();
    await waitFor(async () => (await duration.textContent()) !== first, { what: "the run time to count up" });

    await page.getByTestId("cancel-run").click();
    await page.getByRole("dialog").getByRole("button", { name: "Cancel run" }).click();
    await stateBadge(page, "CANCELLED").waitFor({ timeout: 45_000 });

    const after = await api<ApiFlowRun>(server.apiUrl, "GET", `/flow_runs/${run.id}`);
    expect(after.state_type).toBe("CANCELLED");
    await waitFor(() => !processAlive(pid), { what: `the flow run's process ${pid} to be gone` });
    expect(await page.getByTestId("cancel-run").count()).toBe(0);
  }, 120_000);

  describe("a finished run with tasks and a subflow", () => {
    let runId = "";
    beforeAll(async () => {
      const run = await runDeployment("pipeline/pipeline");
      runId = run.id;
      await waitForRun(server.apiUrl, run.id, (r) => r.state_type === "COMPLETED", "to complete", 60_000);
    }, 90_000);

    it("draws its task runs and subflow on the timeline; the subflow links to its own page", async () => {
      await openPage(page, server.url, `/runs/flow-run/${runId}`, "flow-run");
      await stateBadge(page, "COMPLETED").waitFor();
      const nodes = page.getByTestId("timeline-node");
      await waitFor(async () => (await nodes.count()) >= 4, { what: "four timeline rows" });
      const rows = await nodes.evaluateAll((elements) =>
        elements.map((element) => ({
          kind: element.getAttribute("data-kind"),
          label: element.getAttribute("data-label") ?? "",
          state: element.getAttribute("data-state"),
        })),
      );
      for (const task of ["extract", "transform", "load"]) {
        expect(
          rows.some((row) => row.kind === "task-run" && row.label.startsWith(task)),
          task,
        ).toBe(true);
      }
      const subflows = rows.filter((row) => row.kind === "flow-run");
      expect(subflows).toHaveLength(1);
      expect(rows.every((row) => row.state === "COMPLETED")).toBe(true);
      // Bars have a width, and the axis has ticks.
      const widths = await page
        .getByTestId("timeline-bar")
        .evaluateAll((bars) => bars.map((bar) => bar.getBoundingClientRect().width));
      expect(widths.length).toBe(rows.length);
      expect(widths.every((width) => width >= 3)).toBe(true);
      expect(await page.locator(".timeline-tick").count()).toBeGreaterThan(1);
      await page.getByTestId("logs").waitFor();
      await logLine(page, "pipeline warning line").waitFor();

      await screenshot(page, "flow-run-page-light");
      await page.getByTestId("theme-toggle").click();
      await screenshot(page, "flow-run-page-dark");
      await page.getByTestId("theme-toggle").click();

      await page.locator('a.timeline-bar[aria-label^="Open subflow run"]').click();
      await page.waitForURL(
        (url) => url.pathname.startsWith("/runs/flow-run/") && !url.pathname.endsWith(runId),
      );
      await page.locator('main[data-page="flow-run"][data-ready="true"]').waitFor();
      expect(await page.getByTestId("flow-run-name").textContent()).toBe(subflows[0]?.label);
      await page.getByTestId("parent-run").waitFor();
      await page.getByTestId("parent-run").click();
      await page.waitForURL((url) => url.pathname.endsWith(runId));
    });

    it("filters logs by level (kept in the URL) and downloads them", async () => {
      await openPage(page, server.url, `/runs/flow-run/${runId}`, "flow-run");
      await logLine(page, "pipeline info line").waitFor();
      await logLine(page, "pipeline warning line").waitFor();
      await page.getByLabel("Level").selectOption("warning");
      await logLine(page, "pipeline info line").waitFor({ state: "detached" });
      await logLine(page, "pipeline warning line").waitFor();
      expect(new URL(page.url()).searchParams.get("level")).toBe("warning");
      const levels = await page
        .getByTestId("log-line")
        .evaluateAll((lines) => lines.map((line) => Number(line.getAttribute("data-level"))));
      expect(levels.every((level) => level >= 30)).toBe(true);
      await page.reload();
      await logLine(page, "pipeline warning line").waitFor();
      expect(await logLine(page, "pipeline info line").count()).toBe(0);

      const href = await page.getByTestId("logs-download").getAttribute("href");
      expect(href).toBe(`${server.url}/api/flow_runs/${runId}/logs/download`);
      const text = await (await fetch(href ?? "")).text();
      expect(text).toContain("pipeline info line");
      expect(text).toContain("pipeline warning line");
    });

    it("lists its task runs, subflow runs, details and parameters in tabs", async () => {
      await openPage(page, server.url, `/runs/flow-run/${runId}?tab=task-runs`, "flow-run");
      const tasks = page.getByTestId("task-runs");
      await tasks.waitFor();
      const names = await tasks
        .locator("tr[data-task-run]")
        .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-task-run") ?? ""));
      // Three tasks, and the task run that stands for the subflow inside this run.
      expect(names).toHaveLength(4);
      for (const task of ["extract", "transform", "load"]) {
        expect(
          names.some((name) => name.startsWith(task)),
          task,
        ).toBe(true);
      }
      await page.getByRole("tab", { name: /Subflow runs/ }).click();
      await page.locator('[data-testid="flow-run-list"][data-count="1"]').waitFor();
      expect(new URL(page.url()).searchParams.get("tab")).toBe("subflows");
      await page.getByRole("tab", { name: "Details" }).click();
      expect(await page.getByTestId("run-details").textContent()).toContain(runId);
      await page.getByRole("tab", { name: "Parameters" }).click();
      await page.getByText("This run has no parameters.").waitFor();
    });

    it("changes the state by hand, shows it in the history, then retries the run", async () => {
      await openPage(page, server.url, `/runs/flow-run/${runId}?tab=states`, "flow-run");
      await page.getByTestId("change-state").click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("New state").selectOption("FAILED");
      await dialog.getByLabel("Message (optional)").fill("marked failed by hand");
      await dialog.getByRole("button", { name: "Change state" }).click();
      await stateBadge(page, "FAILED").waitFor();
      await page
        .locator('[data-testid="state-history"] tr[data-state-row="FAILED"]', {
          hasText: "marked failed by hand",
        })
        .waitFor();
      expect(await page.getByTestId("action-outcome").textContent()).toContain("now Failed");

      await page.getByTestId("retry-run").click();
      await page.getByRole("dialog").getByRole("button", { name: "Retry run" }).click();
      await page.getByTestId("action-outcome").filter({ hasText: "AwaitingRetry" }).waitFor();
      // The worker picks the retried run up and runs it again.
      await stateBadge(page, "COMPLETED").waitFor({ timeout: 60_000 });
      const run = await api<{ run_count: number; state_type: string }>(
        server.apiUrl,
        "GET",
        `/flow_runs/${runId}`,
      );
      expect(run.state_type).toBe("COMPLETED");
      expect(run.run_count).toBe(2);
    }, 90_000);
  });

  it("shows the server's refusal in words, then deletes the run", async () => {
    const flowId = await createFlow(server.apiUrl, "ui-run-page-seeded");
    const run = await createRun(server.apiUrl, flowId, {
      name: "seeded-later",
      type: "SCHEDULED",
      at: Date.now() + 3_600_000,
    });
    await openPage(page, server.url, `/runs/flow-run/${run.id}`, "flow-run");
    await page.getByTestId("timeline-empty").filter({ hasText: "has not started" }).waitFor();
    await page.getByTestId("cancel-run").click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Cancel run" }).waitFor();
    // Someone else finishes the run while the dialog is open.
    await api(server.apiUrl, "POST", `/flow_runs/${run.id}/set_state`, {
      state: { type: "COMPLETED" },
      force: true,
    });
    await stateBadge(page, "COMPLETED").waitFor();
    await dialog.getByRole("button", { name: "Cancel run" }).click();
    const outcome = page.getByTestId("action-outcome");
    await outcome.waitFor();
    const text = await outcome.textContent();
    expect(text).toContain("ABORT");
    expect(text).toContain("already COMPLETED");

    await page.getByTestId("delete-run").click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete run" }).click();
    await page.waitForURL((url) => url.pathname === "/runs");
    await expect(api(server.apiUrl, "GET", `/flow_runs/${run.id}`)).rejects.toThrow(/404/);

    // The list names each run's deployment, and filters by deployment and by work pool.
    const deploymentLinks = page.locator(
      '[data-testid="flow-run-list"] td a[href^="/deployments/deployment/"]',
    );
    await waitFor(
      async () => {
        const names = await deploymentLinks.allTextContents();
        return names.includes("long") && names.includes("pipeline");
      },
      { what: "deployment names in the list" },
    );
    const countOf = (flow_runs: object) =>
      api<number>(server.apiUrl, "POST", "/flow_runs/count", { flow_runs });
    const pipeline = await api<{ id: string }>(server.apiUrl, "GET", "/deployments/name/pipeline/pipeline");
    await page.getByLabel("Deployment", { exact: true }).selectOption({ label: "pipeline" });
    const pipelineRuns = await countOf({ deployment_id: { any_: [pipeline.id] } });
    await page.locator(`[data-testid="flow-run-list"][data-count="${pipelineRuns}"]`).waitFor();
    expect((await deploymentLinks.allTextContents()).every((name) => name === "pipeline")).toBe(true);
    await page.getByLabel("Deployment", { exact: true }).selectOption("");
    await page.getByLabel("Work pool", { exact: true }).selectOption(POOL);
    const poolRuns = await countOf({ work_pool_name: { any_: [POOL] } });
    await page.locator(`[data-testid="flow-run-list"][data-count="${poolRuns}"]`).waitFor();
    expect(new URL(page.url()).searchParams.get("pool")).toBe(POOL);
  });

  it("pages a long log by 200 lines, and appends new lines live without refetching the rest", async () => {
    const flowId = await createFlow(server.apiUrl, "ui-run-page-logs");
    const run = await createRun(server.apiUrl, flowId, {
      name: "chatty",
      type: "SCHEDULED",
      at: Date.now() + 3_600_000,
    });
    const line = (message: string, at: number) => ({
      name: "chatty",
      level: 20,
      message,
      timestamp: new Date(at).toISOString(),
      flow_run_id: run.id,
    });
    const start = Date.now() - 60_000;
    await api(
      server.apiUrl,
      "POST",
      "/logs/",
      Array.from({ length: 450 }, (_, i) => line(`line ${String(i).padStart(3, "0")}`, start + i)),
    );
    await openPage(page, server.url, `/runs/flow-run/${run.id}`, "flow-run");
    const lines = page.getByTestId("log-line");
    await waitFor(async () => (await lines.count()) === 200, { what: "the first 200 lines" });
    expect(await page.getByTestId("log-count").textContent()).toContain("more below");
    await page.getByRole("button", { name: "Load more" }).click();
    await waitFor(async () => (await lines.count()) === 400, { what: "400 lines" });
    await page.getByRole("button", { name: "Load more" }).click();
    await waitFor(async () => (await lines.count()) === 450, { what: "all 450 lines" });
    expect(await page.getByRole("button", { name: "Load more" }).count()).toBe(0);

    const offsets: number[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/api/logs/filter"))
        offsets.push((request.postDataJSON() as { offset: number }).offset);
    });
    await api(server.apiUrl, "POST", "/logs/", [line("a brand new line", Date.now())]);
    await logLine(page, "a brand new line").waitFor();
    const messages = await lines.locator(".log-message").allTextContents();
    expect(messages).toHaveLength(451);
    expect(messages[0]).toBe("line 000");
    expect(messages[449]).toBe("line 449");
    expect(messages[450]).toBe("a brand new line");
    // Only the tail was asked for again, not the pages already on screen.
    expect(offsets.length).toBeGreaterThan(0);
    expect(offsets.every((offset) => offset >= 450)).toBe(true);

    // Deleted elsewhere while open: the page says the run is gone.
    await api(server.apiUrl, "DELETE", `/flow_runs/${run.id}`);
    await page.getByTestId("run-not-found").waitFor();
  });

  it("draws thousands of task runs in a timeline that scrolls, rendering only the rows in view", async () => {
    const flowId = await createFlow(server.apiUrl, "ui-run-page-wide");
    const run = await createRun(server.apiUrl, flowId, { name: "wide", type: "PENDING" });
    await recordTaskRuns(server.apiUrl, run.id, 300);
    await openPage(page, server.url, `/runs/flow-run/${run.id}`, "flow-run");
    await page.locator('[data-testid="timeline"][data-nodes="300"]').waitFor();
    const scroller = page.locator(".timeline-scroll");
    const box = await scroller.evaluate((element) => ({
      scrollHeight: element.scrollHeight,
      clientHeight: element.clientHeight,
    }));
    expect(box.clientHeight).toBeLessThan(500);
    expect(box.scrollHeight).toBeGreaterThan(300 * 20);
    const rows = page.getByTestId("timeline-node");
    expect(await rows.count()).toBeLessThan(60);
    expect(await page.getByTestId("timeline-bar").count()).toBe(await rows.count());
    await scroller.evaluate((element) => element.scrollTo(0, element.scrollHeight));
    await page.locator('[data-testid="timeline-node"][data-label="step-299"]').waitFor();
    expect(await page.getByTestId("timeline-truncated").count()).toBe(0);

    // Beyond the graph's limit the timeline says that it shows only part of the run.
    await recordTaskRuns(server.apiUrl, run.id, 4_701, { prefix: "more" });
    await page.getByTestId("timeline-truncated").waitFor();
    expect(await page.getByTestId("timeline").getAttribute("data-nodes")).toBe("5000");
    expect(await rows.count()).toBeLessThan(60);
  });

  it("says so when the run does not exist, with a way back", async () => {
    const id = randomUUID();
    await openPage(page, server.url, `/runs/flow-run/${id}`, "flow-run");
    expect(await page.getByTestId("run-not-found").textContent()).toContain(id);
    await page.getByRole("link", { name: "Back to flow runs" }).click();
    await page.locator('main[data-page="flow-runs"]').waitFor();
  });
});
