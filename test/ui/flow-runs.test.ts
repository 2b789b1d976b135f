import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, type ApiFlowRun, waitFor } from "../e2e/harness.js";
import { launchBrowser, newPage, openPage, screenshot, startUiServer, type UiServer } from "./browser.js";
import { createFlow, createRuns, type RunSpec, type SeededRun } from "./fixtures/runs-seed.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * 66 runs of two flows: states, tags and times that the filters below pick apart. 11 of them are
 * scheduled a day or more ahead: upcoming, so the list (runs that started or were due) has 55.
 */
function seedSpecs(now: number): { alpha: RunSpec[]; beta: RunSpec[] } {
  const many = (count: number, make: (i: number) => RunSpec) =>
    Array.from({ length: count }, (_, i) => make(i));
  const pad = (i: number) => String(i).padStart(2, "0");
  return {
    alpha: [
      ...many(10, (i) => ({
        name: `alpha-done-${pad(i)}`,
        type: "COMPLETED",
        tags: ["nightly"],
        at: now - 3 * DAY - i * HOUR,
      })),
      ...many(8, (i) => ({
        name: `alpha-failed-${pad(i)}`,
        type: "FAILED",
        tags: ["nightly", "etl"],
        message: `boom ${i}`,
        at: now - i * 60_000,
      })),
      ...many(6, (i) => ({
        name: `alpha-later-${pad(i)}`,
        type: "SCHEDULED",
        tags: ["etl"],
        at: now + 2 * DAY + i * HOUR,
      })),
      ...many(12, (i) => ({
        name: `alpha-ok-${pad(i)}`,
        type: "COMPLETED",
        at: now - 2 * HOUR - i * 60_000,
      })),
    ],
    beta: [
      ...many(15, (i) => ({
        name: `beta-done-${pad(i)}`,
        type: "COMPLETED",
        tags: ["beta"],
        at: now - 5 * HOUR - i * 60_000,
      })),
      ...many(5, (i) => ({
        name: `beta-crashed-${pad(i)}`,
        type: "CRASHED",
        tags: ["beta"],
        at: now - 6 * HOUR - i * 60_000,
      })),
      ...many(5, (i) => ({
        name: `beta-cancelled-${pad(i)}`,
        type: "CANCELLED",
        at: now - 10 * DAY - i * 60_000,
      })),
      ...many(5, (i) => ({
        name: `beta-later-${pad(i)}`,
        type: "SCHEDULED",
        tags: ["beta"],
        at: now + DAY + i * HOUR,
      })),
    ],
  };
}

describe("the flow runs list", () => {
  let server: UiServer;
  let browser: Browser;
  let page: Page;
  let runs: SeededRun[] = [];
  let betaId = "";

  const rowNames = () =>
    page
      .locator('[data-testid="flow-run-list"] tbody tr[data-run-name]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-run-name") ?? ""));
  const listCount = () => page.getByTestId("flow-run-list").getAttribute("data-count");
  /** Waits until the list shows `count` matching runs (the list updates without navigation). */
  const waitForCount = (count: number) =>
    page.locator(`[data-testid="flow-run-list"][data-count="${count}"]`).waitFor();
  const query = () => new URL(page.url()).searchParams;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startUiServer(), launchBrowser()]);
    page = await newPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("explains an empty server", async () => {
    await openPage(page, server.url, "/runs", "flow-runs");
    const empty = page.getByTestId("empty-state");
    expect(await empty.textContent()).toContain("No flow runs yet");
    expect(await empty.textContent()).toContain("steward deployment run");
  });

  describe("with 55 past runs and 11 upcoming ones", () => {
    beforeAll(async () => {
      const specs = seedSpecs(Date.now());
      const alphaId = await createFlow(server.apiUrl, "ui-alpha");
      betaId = await createFlow(server.apiUrl, "ui-beta");
      runs = [
        ...(await createRuns(server.apiUrl, alphaId, specs.alpha)),
        ...(await createRuns(server.apiUrl, betaId, specs.beta)),
      ];
      expect(runs).toHaveLength(66);
    });

    it("pages through the 55 past runs, 50 at a time", async () => {
      await openPage(page, server.url, "/runs", "flow-runs");
      await waitForCount(55);
      expect(await rowNames()).toHaveLength(50);
      expect(await page.locator(".pager").textContent()).toContain("Page 1 of 2");
      await screenshot(page, "flow-runs-list");
      await page.getByRole("button", { name: "Next" }).click();
      await page.locator(".pager", { hasText: "Page 2 of 2" }).waitFor();
      expect(query().get("page")).toBe("2");
      await waitFor(async () => (await rowNames()).length === 5, { what: "the 5 runs of page 2" });
    });

    it("filters by state, flow, tag and date; the URL keeps them across a reload", async () => {
      await openPage(page, server.url, "/runs", "flow-runs");
      await page.getByTestId("state-filter").click();
      await page.getByRole("group", { name: "States" }).getByLabel("Failed").check();
      await waitForCount(8);
      expect(query().get("state")).toBe("FAILED");
      expect((await rowNames()).every((name) => name.startsWith("alpha-failed"))).toBe(true);
      // A failed run's message shows on hover of its state.
      expect(
        await page
          .locator('tr[data-run-name="alpha-failed-03"] [data-testid="run-state"]')
          .getAttribute("title"),
      ).toBe("boom 3");
      await page.getByRole("group", { name: "States" }).getByLabel("Crashed").check();
      await waitForCount(13);
      expect(query().get("state")).toBe("FAILED,CRASHED");
      await page.reload();
      await waitForCount(13);
      await page.getByTestId("state-filter").click();
      expect(await page.getByRole("group", { name: "States" }).getByLabel("Crashed").isChecked()).toBe(true);
      await page.getByTestId("state-filter").click();

      await page.getByLabel("Flow", { exact: true }).selectOption({ label: "ui-beta" });
      await waitForCount(5);
      expect(query().get("flow")).toBe(betaId);
      expect(query().get("state")).toBe("FAILED,CRASHED");

      await page.getByRole("button", { name: "Clear filters" }).first().click();
      await waitForCount(55);
      expect(page.url()).toBe(`${server.url}/runs`);

      await page.getByLabel("Tags").fill("nightly");
      await page.getByLabel("Tags").press("Enter");
      await waitForCount(18);
      expect(query().get("tags")).toBe("nightly");
      await page.getByLabel("Tags").fill("etl, nightly");
      await page.getByLabel("Tags").press("Enter");
      await waitForCount(8);

      await openPage(page, server.url, "/runs?range=24h", "flow-runs");
      // Expected within the last day: 8 failed and 12 completed of alpha, 15 + 5 of beta.
      await waitForCount(40);
      expect(await page.getByLabel("Expected start").inputValue()).toBe("24h");

      await page.getByLabel("Expected start").selectOption("custom");
      const local = (ms: number) =>
        new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
      await page.getByLabel("From", { exact: true }).fill(local(Date.now() - 4 * DAY));
      await page.getByLabel("To", { exact: true }).fill(local(Date.now() - 2 * DAY));
      await waitForCount(10);
      expect(query().get("after")).not.toBeNull();
      expect(query().get("before")).not.toBeNull();
      await page.reload();
      await waitForCount(10);
      expect((await rowNames()).every((name) => name.startsWith("alpha-done"))).toBe(true);

      await openPage(page, server.url, "/runs?tags=no-such-tag", "flow-runs");
      const empty = page.getByTestId("empty-state");
      expect(await empty.textContent()).toContain("No runs match these filters");
      await empty.getByRole("button", { name: "Clear filters" }).click();
      await waitForCount(55);
    });

    it("sorts by name, oldest first and newest first", async () => {
      await openPage(page, server.url, "/runs?sort=name", "flow-runs");
      await waitForCount(55);
      const byName = await rowNames();
      expect(byName[0]).toBe("alpha-done-00");
      expect(byName).toEqual([...byName].sort());
      await page.getByLabel("Sort", { exact: true }).selectOption("oldest");
      await waitFor(async () => (await rowNames())[0] === "beta-cancelled-04", {
        what: "the oldest run first",
      });
      expect(query().get("sort")).toBe("oldest");
      await page.getByLabel("Sort", { exact: true }).selectOption("newest");
      // The newest run that started or was due: the runs scheduled ahead are not in this list.
      await waitFor(async () => (await rowNames())[0] === "alpha-failed-00", {
        what: "the newest run first",
      });
      expect(query().get("sort")).toBeNull();
    });

    it("lists the upcoming runs apart, soonest first, with their number on the switch", async () => {
      await openPage(page, server.url, "/runs", "flow-runs");
      await waitForCount(55);
      const switcher = page.getByTestId("run-view-switch");
      await switcher.getByTestId("upcoming-count").filter({ hasText: "11" }).waitFor();
      expect((await rowNames()).some((name) => name.includes("-later-"))).toBe(false);
      await switcher.locator('[data-view="upcoming"]').click();
      await waitForCount(11);
      expect(query().get("view")).toBe("upcoming");
      await waitFor(async () => (await rowNames())[0] === "beta-later-00", { what: "the soonest run first" });
      expect((await rowNames()).every((name) => name.includes("-later-"))).toBe(true);
      expect(await page.getByTestId("runs-count").textContent()).toBe("11 upcoming runs");
      const sort = page.getByLabel("Sort", { exact: true });
      expect(await sort.locator("option:checked").textContent()).toBe("Soonest first");
      await screenshot(page, "flow-runs-upcoming");
      // A link to the view shows the same list, and filters apply within it.
      await openPage(page, server.url, "/runs?view=upcoming&tags=etl", "flow-runs");
      await waitForCount(6);
      await page.getByTestId("run-view-switch").locator('[data-view="past"]').click();
      await waitForCount(8);
      expect(query().get("view")).toBeNull();
      expect(query().get("tags")).toBe("etl");
    });

    it("reads states in the URL in any case, and says which ones it does not know", async () => {
      for (const written of ["Completed", "completed", "COMPLETED"]) {
        await openPage(page, server.url, `/runs?state=${written}`, "flow-runs");
        // 10 + 12 of alpha, 15 of beta.
        await waitForCount(37);
        expect(await page.getByTestId("state-filter").textContent()).toBe("Completed");
        expect(await page.getByTestId("unknown-states").count()).toBe(0);
      }
      await openPage(page, server.url, "/runs?state=failed,Crashed", "flow-runs");
      await waitForCount(13);
      await openPage(page, server.url, "/runs?state=Complet,failed", "flow-runs");
      await waitForCount(8);
      const notice = page.getByTestId("unknown-states");
      expect(await notice.textContent()).toContain("Unknown state in the link: “Complet”");
      await screenshot(page, "flow-runs-unknown-state");
      await notice.getByRole("button", { name: "Dismiss" }).click();
      await waitFor(async () => query().get("state") === "FAILED", { what: "the unknown state left out" });
      // The URL changes first; the notice goes on the render that follows.
      await page.getByTestId("unknown-states").waitFor({ state: "detached" });
    });

    it("cancels selected runs and reports the ones the server refused, with its reason", async () => {
      await openPage(page, server.url, "/runs?view=upcoming&sort=name", "flow-runs");
      await waitForCount(11);
      await page.getByLabel("Select alpha-later-00").check();
      await page.getByLabel("Select alpha-later-01").check();
      await page.getByRole("button", { name: "Cancel runs" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Cancel 2 runs" }).click();
      await page.getByTestId("bulk-result").filter({ hasText: "Cancelled 2 runs." }).waitFor();
      for (const name of ["alpha-later-00", "alpha-later-01"]) {
        const run = runs.find((r) => r.name === name);
        expect((await api<ApiFlowRun>(server.apiUrl, "GET", `/flow_runs/${run?.id}`)).state_type).toBe(
          "CANCELLED",
        );
      }
      // Cancelled, they are no longer upcoming.
      await waitForCount(9);

      // A run that finishes between selection and Cancel: the server refuses, and says why.
      await page.getByLabel("Select alpha-later-02").check();
      await page.getByLabel("Select alpha-later-03").check();
      const finished = runs.find((r) => r.name === "alpha-later-02");
      await api(server.apiUrl, "POST", `/flow_runs/${finished?.id}/set_state`, {
        state: { type: "COMPLETED" },
        force: true,
      });
      await waitForCount(8);
      await page.getByRole("button", { name: "Cancel runs" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Cancel 2 runs" }).click();
      const result = page.getByTestId("bulk-result").filter({ hasText: "1 could not be cancelled" });
      await result.waitFor();
      const text = await result.textContent();
      expect(text).toContain("Cancelled 1 of 2 runs");
      expect(text).toContain("alpha-later-02");
      expect(text).toContain("already COMPLETED");
    });

    it("deletes selected runs after a confirmation", async () => {
      await openPage(page, server.url, "/runs?flow=" + betaId + "&state=CANCELLED&sort=name", "flow-runs");
      await waitForCount(5);
      await page.getByLabel("Select beta-cancelled-00").check();
      await page.getByLabel("Select beta-cancelled-01").check();
      await page.getByRole("button", { name: "Delete runs" }).click();
      const dialog = page.getByRole("dialog");
      expect(await dialog.textContent()).toContain("cannot be undone");
      await dialog.getByRole("button", { name: "Delete 2 runs" }).click();
      await page.getByTestId("bulk-result").filter({ hasText: "Deleted 2 runs." }).waitFor();
      await waitForCount(3);
      for (const name of ["beta-cancelled-00", "beta-cancelled-01"]) {
        const run = runs.find((r) => r.name === name);
        await expect(api(server.apiUrl, "GET", `/flow_runs/${run?.id}`)).rejects.toThrow(/404/);
      }
      expect(await listCount()).toBe("3");
    });
  });
});
