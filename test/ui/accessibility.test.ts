// Every page, at a desktop and a phone width, in the light and the dark theme: no serious or
// critical axe-core violation (WCAG 2.1 A and AA), never wider than the window, no console warning
// or error, and a screenshot of each. Then the parts of the frame that make the UI usable without a
// mouse or a wide screen: the skip link, the menu button at phone width and the tabs' arrow keys.
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTriggerDraft, toTrigger } from "../../ui/src/pages/automations/trigger-draft.js";
import { api, ROOT, type StewardProcess, waitFor, waitForRun } from "../e2e/harness.js";
import { launchBrowser, screenshot, startUiServer, type UiServer, waitForPage } from "./browser.js";
import { RUNS_FLOWS, runDeployment, startPoolWithWorker } from "./fixtures/runs-worker.js";

const POOL = "a11y-pool";
const AXE = resolve(ROOT, "node_modules/axe-core/axe.min.js");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
/**
 * Rules about a page's structure that axe files under best practice (impact "moderate"), checked on
 * top of the WCAG tags at any impact: one main, named and unique landmarks, everything inside one,
 * an h1 and no skipped heading level.
 */
const STRUCTURE_RULES = [
  "landmark-one-main",
  "landmark-no-duplicate-main",
  "landmark-no-duplicate-banner",
  "landmark-unique",
  "region",
  "page-has-heading-one",
  "heading-order",
];

/** What the pages of the list are about, created once in `beforeAll`. */
interface Seed {
  readonly flowId: string;
  readonly deploymentId: string;
  readonly completedRunId: string;
  readonly failedRunId: string;
  /** The failed run's failed task (write-rows). */
  readonly failedTaskRunId: string;
  readonly automationId: string;
  readonly eventId: string;
}

/** One page to check: its URL, the `main[data-page]` it renders, and the server it needs. */
interface PageVisit {
  /** Names the screenshot and the failures. */
  readonly id: string;
  readonly path: (seed: Seed) => string;
  /** `main[data-page=…]`, waited for with `data-ready=true`. */
  readonly page: string;
  /** "signed-out" pages are only shown by a server with auth on, to nobody signed in. */
  readonly server?: "signed-out";
}

/** Every page of the UI. Add a page here and it is checked at both widths in both themes. */
const PAGES: readonly PageVisit[] = [
  { id: "dashboard", path: () => "/", page: "dashboard" },
  { id: "runs", path: () => "/runs", page: "flow-runs" },
  { id: "runs-upcoming", path: () => "/runs?view=upcoming", page: "flow-runs" },
  { id: "runs-unknown-state", path: () => "/runs?state=Completed,Nope", page: "flow-runs" },
  { id: "run-completed", path: (s) => `/runs/flow-run/${s.completedRunId}`, page: "flow-run" },
  { id: "run-failed-logs", path: (s) => `/runs/flow-run/${s.failedRunId}?tab=logs`, page: "flow-run" },
  {
    id: "run-failed-task-runs",
    path: (s) => `/runs/flow-run/${s.failedRunId}?tab=task-runs`,
    page: "flow-run",
  },
  { id: "task-run-failed", path: (s) => `/runs/task-run/${s.failedTaskRunId}`, page: "task-run" },
  { id: "flows", path: () => "/flows", page: "flows" },
  { id: "flow", path: (s) => `/flows/flow/${s.flowId}`, page: "flow" },
  { id: "deployments", path: () => "/deployments", page: "deployments" },
  ...["details", "runs", "upcoming", "parameters", "configuration", "description", "audit"].map(
    (tab): PageVisit => ({
      id: `deployment-${tab}`,
      path: (s) => `/deployments/deployment/${s.deploymentId}?tab=${tab}`,
      page: "deployment",
    }),
  ),
  { id: "custom-run", path: (s) => `/deployments/deployment/${s.deploymentId}/run`, page: "custom-run" },
  { id: "work-pools", path: () => "/work-pools", page: "work-pools" },
  { id: "work-pool-create", path: () => "/work-pools/create", page: "create-work-pool" },
  ...["details", "runs", "work-queues", "workers", "deployments"].map((tab): PageVisit => ({
    id: `work-pool-${tab}`,
    path: () => `/work-pools/work-pool/${POOL}?tab=${tab}`,
    page: "work-pool",
  })),
  { id: "work-queue", path: () => `/work-pools/work-pool/${POOL}/queue/default`, page: "work-queue" },
  { id: "events", path: () => "/events", page: "events" },
  { id: "event", path: (s) => `/events/${s.eventId}`, page: "event" },
  { id: "automations", path: () => "/automations", page: "automations" },
  { id: "automation", path: (s) => `/automations/${s.automationId}`, page: "automation" },
  { id: "automation-new", path: () => "/automations/new", page: "automation-form" },
  { id: "automation-edit", path: (s) => `/automations/${s.automationId}/edit`, page: "automation-form" },
  { id: "settings", path: () => "/settings", page: "settings" },
  { id: "not-found", path: () => "/no/such/page", page: "not-found" },
  { id: "login", path: () => "/login", page: "login", server: "signed-out" },
];

const WIDTHS = [
  { name: "desktop", width: 1400, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;
const THEMES = ["light", "dark"] as const;

/** A context with the theme saved the way the theme switch saves it, and the console watched. */
async function themedPage(
  browser: Browser,
  theme: string,
  viewport: { width: number; height: number },
): Promise<{ context: BrowserContext; page: Page; messages: string[] }> {
  const context = await browser.newContext({ viewport, colorScheme: theme === "dark" ? "dark" : "light" });
  await context.addInitScript(`localStorage.setItem("steward-theme", ${JSON.stringify(theme)})`);
  const page = await context.newPage();
  const messages: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "warning" || message.type() === "error")
      messages.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => messages.push(`uncaught error: ${error.message}`));
  return { context, page, messages };
}

/** Waits until nothing on the page says it is loading (lists, logs and charts arrive after `data-ready`). */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction('document.querySelectorAll(".loading").length === 0', undefined, {
    timeout: 15_000,
  });
}

/**
 * The page's serious and critical axe-core violations of WCAG 2.1 A and AA, and any violation of
 * the structure rules: the rule, the elements it failed on (the first three) and what to fix, one
 * line per rule and fix.
 */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  // A string, run in the page (this file is type-checked without the DOM's types).
  return page.evaluate<string[]>(`(async () => {
    const wcag = await axe.run(document, { runOnly: { type: "tag", values: ${JSON.stringify(AXE_TAGS)} } });
    const structure = await axe.run(document, { runOnly: { type: "rule", values: ${JSON.stringify(STRUCTURE_RULES)} } });
    const lines = new Map();
    const serious = wcag.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    for (const violation of [...serious, ...structure.violations]) {
      for (const node of violation.nodes) {
        const key = violation.id + " (" + violation.impact + "): " + (node.failureSummary ?? "").replace(/\\s+/g, " ");
        lines.set(key, [...(lines.get(key) ?? []), node.target.join(" ")]);
      }
    }
    return [...lines].map(([key, targets]) => {
      const more = targets.length > 3 ? " and " + (targets.length - 3) + " more" : "";
      return key + " — at " + targets.slice(0, 3).join(", ") + more;
    });
  })()`);
}

/** The text of the element that has the keyboard focus. */
const focused = (page: Page) => page.evaluate<string | undefined>("document.activeElement?.textContent");

describe("accessibility and phone-width layout of every page", () => {
  let server: UiServer;
  let signedOut: UiServer;
  let browser: Browser;
  let worker: StewardProcess | undefined;
  let seed: Seed;

  beforeAll(async () => {
    [server, signedOut, browser] = await Promise.all([
      startUiServer(),
      startUiServer({ STEWARD_SERVER_API_KEY: randomBytes(16).toString("hex") }),
      launchBrowser(),
    ]);
    // First the automation, so the failed run below fires it and its page has firings to show.
    const automation = await api<{ id: string }>(server.apiUrl, "POST", "/automations/", {
      name: "a11y-on-failure",
      trigger: toTrigger(newTriggerDraft()),
      actions: [{ type: "do-nothing" }],
    });
    worker = await startPoolWithWorker(server.env, server.apiUrl, POOL, [
      [`${RUNS_FLOWS}:pipeline`, "pipeline"],
      ["test/ui/fixtures/accessibility-flows.ts:failing", "failing"],
    ]);
    const [completed, failed] = await Promise.all([
      runDeployment(server.apiUrl, "pipeline/pipeline"),
      runDeployment(server.apiUrl, "a11y-failing/failing"),
    ]);
    const eventId = randomUUID();
    await api(server.apiUrl, "POST", "/events", [
      {
        id: eventId,
        event: "a11y.report.published",
        resource: { "steward.resource.id": "a11y.report.1", "steward.resource.name": "weekly report" },
        payload: { pages: 12 },
      },
    ]);
    await waitForRun(server.apiUrl, completed.id, (r) => r.state_type === "COMPLETED", "to complete", 60_000);
    await waitForRun(server.apiUrl, failed.id, (r) => r.state_type === "FAILED", "to fail", 60_000);
    const deployment = await api<{ id: string; flow_id: string }>(
      server.apiUrl,
      "GET",
      "/deployments/name/pipeline/pipeline",
    );
    const [failedTask] = await api<{ id: string }[]>(server.apiUrl, "POST", "/task_runs/filter", {
      task_runs: { flow_run_id: { any_: [failed.id] }, state: { type: { any_: ["FAILED"] } } },
    });
    if (failedTask === undefined) throw new Error("the failed run recorded no failed task run");
    seed = {
      failedTaskRunId: failedTask.id,
      flowId: deployment.flow_id,
      deploymentId: deployment.id,
      completedRunId: completed.id,
      failedRunId: failed.id,
      automationId: automation.id,
      eventId,
    };
  }, 150_000);
  afterAll(async () => {
    await worker?.stop("SIGTERM");
    await browser?.close();
    await Promise.all([server?.stop(), signedOut?.stop()]);
  });

  for (const theme of THEMES) {
    for (const size of WIDTHS) {
      it(`has no serious axe violation, no overflow and no console message: ${size.name}, ${theme} theme`, async () => {
        const { context, page, messages } = await themedPage(browser, theme, size);
        const failures: string[] = [];
        try {
          for (const visit of PAGES) {
            const base = visit.server === "signed-out" ? signedOut.url : server.url;
            messages.length = 0;
            await page.goto(`${base}${visit.path(seed)}`);
            await waitForPage(page, visit.page);
            await settled(page);
            const where = `${visit.id} (${size.name}, ${theme})`;
            const scrollWidth = await page.evaluate<number>("document.documentElement.scrollWidth");
            if (scrollWidth > size.width)
              failures.push(`${where}: the page is ${scrollWidth}px wide in a ${size.width}px window`);
            for (const violation of await axeViolations(page)) failures.push(`${where}: ${violation}`);
            await screenshot(page, `a11y-${visit.id}-${size.name}-${theme}`);
            for (const message of messages) failures.push(`${where}: ${message}`);
          }
        } finally {
          await context.close();
        }
        expect(failures, failures.join("\n")).toEqual([]);
      }, 240_000);
    }
  }

  it("offers a skip link that moves focus to the page's main content", async () => {
    const { context, page } = await themedPage(browser, "light", WIDTHS[0]);
    try {
      await page.goto(`${server.url}/runs`);
      await waitForPage(page, "flow-runs");
      await page.keyboard.press("Tab");
      const skip = page.getByRole("link", { name: "Skip to main content" });
      expect(await focused(page)).toBe("Skip to main content");
      expect(await skip.isVisible()).toBe(true);
      await page.keyboard.press("Enter");
      expect(await page.evaluate('document.activeElement?.getAttribute("data-page")')).toBe("flow-runs");
      expect(await page.getByRole("main").count()).toBe(1);
    } finally {
      await context.close();
    }
  });

  it("collapses the sidebar into a menu button at phone width: opens, closes with Escape, closes on navigation", async () => {
    const { context, page } = await themedPage(browser, "light", WIDTHS[1]);
    try {
      await page.goto(`${server.url}/`);
      await waitForPage(page, "dashboard");
      const menu = page.getByRole("button", { name: "Menu" });
      const nav = page.getByRole("navigation", { name: "Main" });
      expect(await menu.getAttribute("aria-expanded")).toBe("false");
      const controls = await menu.getAttribute("aria-controls");
      expect(await page.locator(`#${controls}`).count()).toBe(1);
      expect(await nav.isVisible()).toBe(false);

      // Keyboard: open, Escape closes and gives focus back to the button.
      await menu.focus();
      await page.keyboard.press("Enter");
      expect(await menu.getAttribute("aria-expanded")).toBe("true");
      await nav.getByRole("link", { name: "Runs", exact: true }).waitFor();
      await screenshot(page, "a11y-menu-open-phone");
      await page.keyboard.press("Tab");
      await page.keyboard.press("Escape");
      expect(await menu.getAttribute("aria-expanded")).toBe("false");
      expect(await nav.isVisible()).toBe(false);
      expect(await focused(page)).toBe("☰Menu");

      // Pointer: open, follow a link; the menu closes on the new page.
      await menu.click();
      await nav.getByRole("link", { name: "Work pools", exact: true }).click();
      await waitForPage(page, "work-pools");
      expect(await menu.getAttribute("aria-expanded")).toBe("false");
      expect(await nav.isVisible()).toBe(false);
      await menu.click();
      await menu.click();
      expect(await nav.isVisible()).toBe(false);

      // At desktop width there is no menu button: the sidebar is always there.
      await page.setViewportSize(WIDTHS[0]);
      expect(await menu.isVisible()).toBe(false);
      expect(await nav.isVisible()).toBe(true);
    } finally {
      await context.close();
    }
  });

  it("moves between tabs with the arrow keys, Home and End, keeping the tab in the URL", async () => {
    const { context, page } = await themedPage(browser, "light", WIDTHS[0]);
    try {
      await page.goto(`${server.url}/work-pools/work-pool/${POOL}`);
      await waitForPage(page, "work-pool");
      const tablist = page.getByRole("tablist");
      const selected = tablist.locator('[role="tab"][aria-selected="true"]');
      // The tab is selected once both the URL and the tab bar say so.
      const tabParam = async () => {
        const inUrl = new URL(page.url()).searchParams.get("tab");
        return inUrl === (await selected.getAttribute("data-tab")) ? inUrl : null;
      };
      const focusedTab = () => page.evaluate('document.activeElement?.getAttribute("data-tab")');
      expect(await selected.getAttribute("data-tab")).toBe("details");
      // Roving tabindex: one Tab stop for the whole bar, on the selected tab.
      expect(await tablist.locator('[role="tab"][tabindex="0"]').count()).toBe(1);
      const panel = page.getByRole("tabpanel");
      expect(await panel.getAttribute("id")).toBe(await selected.getAttribute("aria-controls"));
      expect(await panel.getAttribute("aria-labelledby")).toBe(await selected.getAttribute("id"));

      await selected.focus();
      await page.keyboard.press("ArrowRight");
      await waitFor(async () => (await tabParam()) === "runs", { what: "ArrowRight to select Runs" });
      expect(await focusedTab()).toBe("runs");
      expect(await selected.getAttribute("data-tab")).toBe("runs");
      await page.keyboard.press("End");
      await waitFor(async () => (await tabParam()) === "deployments", { what: "End to select the last tab" });
      expect(await focusedTab()).toBe("deployments");
      await page.keyboard.press("ArrowRight");
      await waitFor(async () => (await tabParam()) === "details", {
        what: "ArrowRight to wrap to the first tab",
      });
      await page.keyboard.press("ArrowLeft");
      await waitFor(async () => (await tabParam()) === "deployments", {
        what: "ArrowLeft to wrap to the last tab",
      });
      await page.keyboard.press("Home");
      await waitFor(async () => (await tabParam()) === "details", { what: "Home to select the first tab" });
      expect(await focusedTab()).toBe("details");
      // The selected tab survives a reload: it is in the URL.
      await page.keyboard.press("ArrowRight");
      await waitFor(async () => (await tabParam()) === "runs", { what: "ArrowRight to select Runs" });
      await page.reload();
      await waitForPage(page, "work-pool");
      expect(await selected.getAttribute("data-tab")).toBe("runs");
    } finally {
      await context.close();
    }
  });

  it("gives the API docs page the UI's favicon", async () => {
    const html = await (await fetch(`${server.url}/docs`)).text();
    const href = /<link rel="icon" type="image\/svg\+xml" href="([^"]+)"/.exec(html)?.[1];
    expect(href).toBeDefined();
    const icon = decodeURIComponent((href ?? "").replace(/^data:image\/svg\+xml,/, ""));
    expect(icon.trim()).toBe(readFileSync(resolve(ROOT, "ui/public/favicon.svg"), "utf8").trim());
  });
});
