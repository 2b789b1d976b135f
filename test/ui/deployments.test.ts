// The deployments list and the deployment page: filters, pause / resume, schedules added, toggled,
// edited and deleted from the UI (with live upcoming runs), tabs, Quick run and unknown ids.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, steward } from "../e2e/harness.js";
import {
  launchBrowser,
  newPage,
  openPage,
  screenshot,
  startUiServer,
  type UiServer,
  waitForPage,
} from "./browser.js";

interface Deployment {
  id: string;
  flow_id: string;
  paused: boolean;
  schedules: { id: string; active: boolean; schedule: Record<string, unknown> }[];
}

const FLOWS = "test/ui/fixtures/deployments-flows.ts";

describe("deployments in the UI", () => {
  let server: UiServer;
  let browser: Browser;
  let page: Page;
  let hello: Deployment;
  let nightly: Deployment;

  const read = (id: string) => api<Deployment>(server.apiUrl, "GET", `/deployments/${id}`);
  const rows = () => page.locator("tr[data-deployment]");
  /** Waits until the table has exactly `n` rows. */
  const rowCount = async (n: number) => {
    await rows()
      .nth(n - 1)
      .waitFor();
    await rows().nth(n).waitFor({ state: "detached" });
  };
  const rowNames = async () =>
    rows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-deployment")));
  const deploy = async (args: string[]) => {
    const result = await steward(["deploy", ...args], server.env);
    expect(result.code, result.stderr + result.stdout).toBe(0);
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startUiServer(), launchBrowser()]);
    page = await newPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("explains how to deploy when there is nothing yet", async () => {
    await openPage(page, server.url, "/deployments", "deployments");
    await page.getByTestId("empty-state").filter({ hasText: "No deployments yet" }).waitFor();
    expect(await page.getByTestId("command").textContent()).toContain("steward deploy");
  });

  it("lists deployments with their schedules and filters them by name, pool and tag", async () => {
    for (const pool of ["ui-pool-a", "ui-pool-b"]) {
      expect((await steward(["work-pool", "create", "--type", "process", pool], server.env)).code).toBe(0);
    }
    await deploy([`${FLOWS}:greet`, "--name", "hello", "--pool", "ui-pool-a", "--tag", "team-a"]);
    await deploy([
      `${FLOWS}:configure`,
      "--name",
      "nightly",
      "--pool",
      "ui-pool-b",
      "--tag",
      "team-b",
      "--cron",
      "0 2 * * *",
      "--timezone",
      "Europe/Paris",
    ]);
    hello = await api<Deployment>(server.apiUrl, "GET", "/deployments/name/greet/hello");
    nightly = await api<Deployment>(server.apiUrl, "GET", "/deployments/name/configure/nightly");

    // The page shows new deployments live: it was open before they existed.
    await rows().nth(1).waitFor();
    expect(await rowNames()).toEqual(["greet/hello", "configure/nightly"]);
    const nightlyRow = page.locator('tr[data-deployment="configure/nightly"]');
    expect(await nightlyRow.textContent()).toContain("At 02:00 (Europe/Paris)");
    expect(await nightlyRow.locator("[data-status]").getAttribute("data-status")).toBe("NOT_READY");
    expect(await page.locator('tr[data-deployment="greet/hello"]').textContent()).toContain("Never run");
    await screenshot(page, "deployments-list");

    await page.getByLabel("Search deployments by name").fill("nigh");
    await rowCount(1);
    expect(await rowNames()).toEqual(["configure/nightly"]);
    expect(new URL(page.url()).searchParams.get("q")).toBe("nigh");
    await page.getByRole("button", { name: "Clear filters" }).click();
    await rowCount(2);

    await page.getByLabel("Work pool").selectOption("ui-pool-a");
    await rowCount(1);
    expect(await rowNames()).toEqual(["greet/hello"]);
    await page.getByLabel("Work pool").selectOption("");
    await rowCount(2);

    await page.getByLabel("Tag").selectOption("team-b");
    await rowCount(1);
    expect(await rowNames()).toEqual(["configure/nightly"]);
    // Filters are in the URL: the link opens the same view.
    await openPage(page, server.url, "/deployments?tag=team-b", "deployments");
    expect(await rowNames()).toEqual(["configure/nightly"]);

    await page.getByLabel("Search deployments by name").fill("no-such-deployment");
    await page.getByTestId("empty-state").filter({ hasText: "No deployments match" }).waitFor();
  });

  it("pauses from the list and resumes from the deployment page", async () => {
    await openPage(page, server.url, "/deployments", "deployments");
    await page.getByRole("switch", { name: "Active: greet/hello" }).click();
    await page.locator('tr[data-deployment="greet/hello"] [data-status="PAUSED"]').waitFor();
    expect((await read(hello.id)).paused).toBe(true);

    await page.getByRole("link", { name: /greet \/\s*hello/ }).click();
    await waitForPage(page, "deployment");
    await page.locator('.deployment-title [data-status="PAUSED"]').waitFor();
    await page.getByRole("switch", { name: "Active", exact: true }).click();
    await page.locator('.deployment-title [data-status="NOT_READY"]').waitFor();
    expect((await read(hello.id)).paused).toBe(false);
    await page.getByRole("switch", { name: "Active", exact: true }).click();
    await page.locator('.deployment-title [data-status="PAUSED"]').waitFor();
    expect((await read(hello.id)).paused).toBe(true);
    await page.getByRole("switch", { name: "Active", exact: true }).click();
    await page.locator('.deployment-title [data-status="NOT_READY"]').waitFor();
    expect((await read(hello.id)).paused).toBe(false);
  });

  it("adds a cron schedule (refusing an invalid one), shows its upcoming runs live, toggles, edits and deletes it", async () => {
    await openPage(page, server.url, `/deployments/deployment/${hello.id}?tab=upcoming`, "deployment");
    await page.getByTestId("empty-state").filter({ hasText: "No upcoming runs" }).waitFor();

    await page.getByRole("button", { name: "+ Add schedule" }).click();
    const dialog = page.getByRole("dialog", { name: "Add schedule" });
    await dialog.getByLabel("Cron", { exact: true }).check();
    await dialog.getByLabel("Cron expression").fill("0 9 * *");
    await dialog.getByLabel("Timezone").fill("Europe/Paris");
    const error = dialog.getByTestId("schedule-error");
    await error.waitFor();
    expect(await error.textContent()).toContain("expected 5 fields");
    expect(await dialog.getByRole("button", { name: "Save" }).isDisabled()).toBe(true);
    expect((await read(hello.id)).schedules).toEqual([]);

    await dialog.getByLabel("Cron expression").fill("*/5 * * * *");
    await dialog
      .getByTestId("schedule-preview")
      .filter({ hasText: "Every 5 minutes (Europe/Paris)" })
      .waitFor();
    expect(await dialog.locator('[data-testid="schedule-preview"] li').count()).toBe(3);
    await dialog.getByLabel("Timezone").fill("Europe/Nowhere");
    await error.filter({ hasText: "unknown time zone" }).waitFor();
    await dialog.getByLabel("Timezone").fill("Europe/Paris");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "hidden" });

    const item = page.getByTestId("schedule");
    await item.filter({ hasText: "Every 5 minutes (Europe/Paris)" }).waitFor();
    const [saved] = (await read(hello.id)).schedules;
    expect(saved).toMatchObject({
      active: true,
      schedule: { cron: "*/5 * * * *", timezone: "Europe/Paris", day_or: true },
    });
    // The scheduler creates runs; the Upcoming tab shows them without a reload.
    await page.locator('[data-testid="flow-run-list"] tr[data-run-id]').first().waitFor({ timeout: 15_000 });
    await screenshot(page, "deployment-page-light");
    await page.getByTestId("theme-toggle").click();
    await screenshot(page, "deployment-page-dark");
    await page.getByTestId("theme-toggle").click();

    await page.getByRole("switch", { name: "Active: Every 5 minutes (Europe/Paris)" }).click();
    await page.locator('[data-testid="schedule"][data-active="false"]').waitFor();
    expect((await read(hello.id)).schedules[0]?.active).toBe(false);
    // Its future runs go with it.
    await page.getByTestId("empty-state").filter({ hasText: "No upcoming runs" }).waitFor();

    await item.getByRole("button", { name: "Edit" }).click();
    const edit = page.getByRole("dialog", { name: "Edit schedule" });
    expect(await edit.getByLabel("Cron expression").inputValue()).toBe("*/5 * * * *");
    await edit.getByLabel("Interval", { exact: true }).check();
    await edit.getByLabel("Every", { exact: true }).fill("2");
    await edit.getByLabel("Unit").selectOption({ label: "hours" });
    await edit.getByLabel("Anchor date (optional)").fill("2026-01-01T06:30:00");
    await edit.getByTestId("schedule-preview").filter({ hasText: "Every 2 hours (Europe/Paris)" }).waitFor();
    await edit.getByRole("button", { name: "Save" }).click();
    await item.filter({ hasText: "Every 2 hours (Europe/Paris)" }).waitFor();
    const anchor = await page.evaluate(() => new Date("2026-01-01T06:30:00").getTime());
    const interval = (await read(hello.id)).schedules[0];
    expect(interval).toMatchObject({ active: false, schedule: { interval: 7200, timezone: "Europe/Paris" } });
    expect(Date.parse(String(interval?.schedule.anchor_date))).toBe(anchor);

    // Edit again into an RRule; the dialog starts from the saved interval.
    await item.getByRole("button", { name: "Edit" }).click();
    expect(await edit.getByLabel("Every", { exact: true }).inputValue()).toBe("2");
    // Chromium drops ":00" seconds from a datetime-local value.
    expect(await edit.getByLabel("Anchor date (optional)").inputValue()).toMatch(/^2026-01-01T06:30(:00)?$/);
    await edit.getByLabel("RRule", { exact: true }).check();
    await edit.getByLabel("Recurrence rule").fill("FREQ=DAILY;COUNT=3");
    await edit.getByTestId("schedule-error").filter({ hasText: "COUNT is not supported" }).waitFor();
    await edit.getByLabel("Recurrence rule").fill("FREQ=DAILY;BYHOUR=6;BYMINUTE=0");
    await edit.getByTestId("schedule-preview").filter({ hasText: "Every day at 6 (Europe/Paris)" }).waitFor();
    await screenshot(page, "deployment-schedule-dialog");
    await edit.getByRole("button", { name: "Save" }).click();
    await item.filter({ hasText: "Every day at 6 (Europe/Paris)" }).waitFor();
    expect((await read(hello.id)).schedules[0]?.schedule).toEqual({
      rrule: "FREQ=DAILY;BYHOUR=6;BYMINUTE=0",
      timezone: "Europe/Paris",
    });

    await item.getByRole("button", { name: "Delete" }).click();
    await page
      .getByRole("dialog", { name: "Delete schedule" })
      .getByRole("button", { name: "Delete" })
      .click();
    await page.getByTestId("no-schedules").waitFor();
    expect((await read(hello.id)).schedules).toEqual([]);
  });

  it("shows details, parameters and configuration tabs", async () => {
    await openPage(page, server.url, `/deployments/deployment/${nightly.id}?tab=parameters`, "deployment");
    const count = page.locator('tr[data-parameter="count"]');
    await count.waitFor();
    expect(await count.textContent()).toMatch(/integer.*3.*no.*1 – 10/);
    expect(await page.locator('tr[data-parameter="target.port"]').textContent()).toContain("yes");
    await page.getByRole("tab", { name: "Details" }).click();
    const details = await page.getByTestId("deployment-details").textContent();
    expect(details).toContain("configure");
    expect(details).toContain("ui-pool-b");
    expect(details).toContain(`${FLOWS}:configure`);
    await page.getByRole("tab", { name: "Configuration" }).click();
    await page.getByText("Pull steps").waitFor();
    expect(new URL(page.url()).searchParams.get("tab")).toBe("configuration");
  });

  it("Quick run from the list explains why a run cannot start", async () => {
    await openPage(page, server.url, "/deployments", "deployments");
    await page.getByRole("button", { name: "Run configure/nightly" }).click();
    await page.getByRole("menuitem", { name: "Quick run" }).click();
    // nightly has required parameters and no defaults for them: the API's 422 shows in the menu.
    const menu = page.getByRole("menu", { name: "Run configure/nightly options" });
    await menu.getByRole("alert").filter({ hasText: "name: is required" }).waitFor();
    expect(await menu.textContent()).toContain("INVALID_PARAMETERS");
    expect(await menu.textContent()).toContain("Use Custom run to give the missing parameters.");
    await screenshot(page, "deployments-quick-run-error");
    await page.keyboard.press("Escape");
    await menu.waitFor({ state: "detached" });
    expect(new URL(page.url()).pathname).toBe("/deployments");
  });

  it("Quick run creates a run and opens its page", async () => {
    await openPage(page, server.url, `/deployments/deployment/${hello.id}`, "deployment");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.getByRole("menuitem", { name: "Quick run" }).click();
    await waitForPage(page, "flow-run");
    const runId = new URL(page.url()).pathname.split("/").pop() ?? "";
    const run = await api<{ deployment_id: string; state_type: string }>(
      server.apiUrl,
      "GET",
      `/flow_runs/${runId}`,
    );
    expect(run.deployment_id).toBe(hello.id);
    expect(run.state_type).toBe("SCHEDULED");
    // The list's last-run column shows it.
    await openPage(page, server.url, "/deployments", "deployments");
    await page.locator('tr[data-deployment="greet/hello"] [data-state="SCHEDULED"]').waitFor();
  });

  it("pages through many deployments, and finds last runs beyond the page's batch", async () => {
    // nightly's only run is older than 200 runs of hello: the batch read of last runs misses it.
    const quiet = await api<{ id: string }>(
      server.apiUrl,
      "POST",
      `/deployments/${nightly.id}/create_flow_run`,
      {
        state: { type: "CANCELLED" },
        parameters: { name: "Quiet", mode: "fast", target: { host: "h", port: 1 } },
      },
    );
    for (let i = 0; i < 200; i += 20) {
      await Promise.all(
        Array.from({ length: 20 }, () =>
          api(server.apiUrl, "POST", `/deployments/${hello.id}/create_flow_run`, {
            state: { type: "FAILED" },
          }),
        ),
      );
    }
    for (let i = 0; i < 100; i += 20) {
      await Promise.all(
        Array.from({ length: 20 }, (_, j) =>
          api(server.apiUrl, "POST", "/deployments/", {
            name: `bulk-${String(i + j).padStart(3, "0")}`,
            flow_id: hello.flow_id,
          }),
        ),
      );
    }
    await openPage(page, server.url, "/deployments", "deployments");
    await rowCount(100);
    expect(await page.locator(".pager").textContent()).toContain("Page 1 of 2 · 102 deployments");
    await page.getByRole("button", { name: "Next" }).click();
    await rowCount(2);
    expect(await rowNames()).toEqual(["greet/hello", "configure/nightly"]);
    expect(new URL(page.url()).searchParams.get("page")).toBe("2");
    await page.locator('tr[data-deployment="greet/hello"] [data-state="FAILED"]').waitFor();
    const nightlyLast = page.locator('tr[data-deployment="configure/nightly"] [data-state="CANCELLED"]');
    await nightlyLast.waitFor();
    expect(await nightlyLast.locator("xpath=..").getAttribute("href")).toBe(`/runs/flow-run/${quiet.id}`);
  });

  it("says clearly when a deployment does not exist", async () => {
    await openPage(
      page,
      server.url,
      "/deployments/deployment/0190c0de-0000-7000-8000-000000000000",
      "deployment",
    );
    await page.getByText("There is no such deployment").waitFor();
  });
});
