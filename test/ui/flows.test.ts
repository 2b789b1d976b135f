import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, StewardProcess, steward, waitForRun } from "../e2e/harness.js";
import {
  launchBrowser,
  newPage,
  openPage,
  screenshot,
  startUiServer,
  type UiServer,
  waitForPage,
} from "./browser.js";
import { authedApi } from "../e2e/auth-harness.js";
import { createKey, freshPage } from "./fixtures/auth-api.js";
import { readDeployment } from "./fixtures/pools-api.js";

const POOL = "flows-pool";
const FINAL = new Set(["COMPLETED", "FAILED", "CRASHED", "CANCELLED"]);

/** The flows list and a flow's page, with runs made by a real worker. */
describe("flows in the UI", () => {
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

  /** Runs a deployment now and waits for the worker to finish it. */
  async function runDeployment(id: string, parameters: Record<string, unknown>): Promise<string> {
    const run = await api<{ id: string }>(server.apiUrl, "POST", `/deployments/${id}/create_flow_run`, {
      parameters,
    });
    await waitForRun(server.apiUrl, run.id, (r) => FINAL.has(r.state_type), "to finish");
    return run.id;
  }

  it("says where flows come from when there are none", async () => {
    await openPage(page, server.url, "/flows", "flows");
    const commands = await page
      .getByTestId("empty-state")
      .getByTestId("command")
      .locator("code")
      .allTextContents();
    expect(commands).toContain("npx tsx flows/hello.ts");
    expect(commands.some((c) => c.startsWith("steward deploy flows/hello.ts:hello"))).toBe(true);
    await screenshot(page, "flows-empty");
  });

  it("lists flows with their deployments and recent runs, and searches them by name", async () => {
    expect((await steward(["work-pool", "create", POOL], server.env)).code).toBe(0);
    for (const name of ["greet", "flaky"]) {
      const deployed = await steward(
        ["deploy", `test/ui/fixtures/pools-flows.ts:${name}`, "--name", name, "--pool", POOL],
        server.env,
      );
      expect(deployed.code, deployed.stderr + deployed.stdout).toBe(0);
    }
    worker = new StewardProcess(["worker", "start", "--pool", POOL], server.env);
    const greet = await readDeployment(server.apiUrl, "ui-greet", "greet");
    const flaky = await readDeployment(server.apiUrl, "ui-flaky", "flaky");
    await runDeployment(greet.id, { name: "Ada" });
    await runDeployment(flaky.id, { fail: false });
    await runDeployment(flaky.id, { fail: true });
    const local = await steward(["flow", "run", "flows/hello.ts:hello"], server.env);
    expect(local.code, local.stderr).toBe(0);

    await openPage(page, server.url, "/flows", "flows");
    const row = (flow: string) => page.locator(`tr[data-flow="${flow}"]`);
    await row("hello").waitFor();
    // Each row's deployments and runs load after the list itself.
    const loaded = async (cell: Locator) => {
      await cell.filter({ hasNotText: "…" }).waitFor();
      return cell.textContent();
    };
    expect(await loaded(row("hello").getByTestId("deployment-count"))).toBe("0");
    expect(await loaded(row("ui-flaky").getByTestId("deployment-count"))).toBe("1");
    await row("ui-flaky").locator('[data-testid="run-strip"] a[data-state="FAILED"]').waitFor();
    expect(await row("ui-flaky").locator('[data-testid="run-strip"] a').count()).toBe(2);
    const lastState = async (flow: string) => {
      await row(flow).getByTestId("last-run").waitFor();
      return row(flow).getByTestId("last-run").locator("[data-state]").getAttribute("data-state");
    };
    expect(await lastState("ui-flaky")).toBe("FAILED");
    expect(await lastState("ui-greet")).toBe("COMPLETED");
    await screenshot(page, "flows-list");

    const search = page.getByLabel("Search flows by name");
    await search.fill("flak");
    await row("ui-greet").waitFor({ state: "detached" });
    expect(await page.locator("tr[data-flow]").count()).toBe(1);
    expect(new URL(page.url()).searchParams.get("q")).toBe("flak");
    await search.fill("nothing-like-this");
    await page.getByText('No flow matches "nothing-like-this"').waitFor();
    await search.fill("");
    await row("hello").waitFor();
  });

  it("shows a flow's run history, runs (live), deployments and details", async () => {
    await openPage(page, server.url, "/flows", "flows");
    await page.locator('tr[data-flow="ui-flaky"]').getByRole("link", { name: "ui-flaky" }).click();
    await waitForPage(page, "flow");
    await page.getByLabel("Time range").selectOption("1h");
    expect(new URL(page.url()).searchParams.get("range")).toBe("1h");
    const chart = page.getByTestId("run-history");
    await chart.locator('svg [data-state="FAILED"]').first().waitFor();
    await chart.locator('svg [data-state="COMPLETED"]').first().waitFor();
    const runs = page.locator("[data-testid=flow-run-list] tr[data-run-id]");
    await runs.nth(1).waitFor();
    expect(await runs.count()).toBe(2);
    await screenshot(page, "flows-flow-page");

    // A new run shows up by itself: no reload.
    const flaky = await readDeployment(server.apiUrl, "ui-flaky", "flaky");
    await runDeployment(flaky.id, { fail: false });
    await runs.nth(2).waitFor({ timeout: 20_000 });

    await page.getByRole("tab", { name: "Deployments" }).click();
    const link = page.locator('tr[data-deployment="flaky"]').getByRole("link", { name: "flaky" });
    expect(await link.getAttribute("href")).toBe(`/deployments/deployment/${flaky.id}`);
    await page.getByRole("tab", { name: "Details" }).click();
    expect(await page.getByTestId("flow-details").textContent()).toContain(flaky.flow_id);

    await page.getByRole("tab", { name: "Runs" }).click();
    await page.getByTestId("theme-toggle").click();
    await runs.nth(2).waitFor();
    await screenshot(page, "flows-flow-page-dark");
    await page.getByTestId("theme-toggle").click();
  });

  it("starts a run of one of its deployments from the flow page's Run button", async () => {
    // A second deployment of the same flow: the menu offers each by name.
    const deployed = await steward(
      ["deploy", "test/ui/fixtures/pools-flows.ts:greet", "--name", "evening", "--pool", POOL],
      server.env,
    );
    expect(deployed.code, deployed.stderr + deployed.stdout).toBe(0);
    const greet = await readDeployment(server.apiUrl, "ui-greet", "greet");
    const evening = await readDeployment(server.apiUrl, "ui-greet", "evening");
    await openPage(page, server.url, `/flows/flow/${greet.flow_id}`, "flow");
    const run = page.getByRole("button", { name: "Run ui-greet" });
    await run.click();
    const menu = page.getByRole("menu", { name: "Run ui-greet options" });
    expect(await menu.getByRole("menuitem", { name: "Custom run evening" }).getAttribute("href")).toBe(
      `/deployments/deployment/${evening.id}/run`,
    );
    await screenshot(page, "flows-flow-run-menu");
    await menu.getByRole("menuitem", { name: "Quick run greet" }).click();
    await waitForPage(page, "flow-run");
    const runId = new URL(page.url()).pathname.split("/").pop() ?? "";
    const created = await api<{ deployment_id: string }>(server.apiUrl, "GET", `/flow_runs/${runId}`);
    expect(created.deployment_id).toBe(greet.id);
    // The worker runs it; the run page follows.
    await page
      .locator('[data-testid="flow-run-state"] [data-state="COMPLETED"]')
      .waitFor({ timeout: 30_000 });
  });

  it("says so when a flow does not exist", async () => {
    await openPage(page, server.url, "/flows/flow/01a20b81-0000-7000-8000-000000000000", "flow");
    expect(await page.getByTestId("not-found").textContent()).toContain(
      "01a20b81-0000-7000-8000-000000000000",
    );
  });
});

/** The Run button goes only to roles that may start runs (auth on: operators and up, not viewers). */
describe("the flow page's Run button and roles", () => {
  const adminKey = randomBytes(16).toString("hex");
  let server: UiServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startUiServer({ STEWARD_SERVER_API_KEY: adminKey }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it("is shown to an operator and not to a viewer", async () => {
    const env = { ...server.env, STEWARD_API_KEY: adminKey };
    expect((await steward(["work-pool", "create", POOL], env)).code).toBe(0);
    const deployed = await steward(
      ["deploy", "test/ui/fixtures/pools-flows.ts:greet", "--name", "greet", "--pool", POOL],
      env,
    );
    expect(deployed.code, deployed.stderr + deployed.stdout).toBe(0);
    const greet = await authedApi<{ flow_id: string }>(
      server.apiUrl,
      adminKey,
      "GET",
      "/deployments/name/ui-greet/greet",
    );
    for (const role of ["viewer", "operator"]) {
      const { key } = await createKey(server.apiUrl, adminKey, `${role}-key`, role);
      const { context, page } = await freshPage(browser);
      contexts.push(context);
      await page.goto(`${server.url}/flows/flow/${greet.flow_id}`);
      await waitForPage(page, "login");
      await page.getByLabel("API key").fill(key);
      await page.getByRole("button", { name: "Sign in" }).click();
      await waitForPage(page, "flow");
      // The deployments are loaded (their tab counts them) before the button is judged.
      await page.getByRole("tab", { name: /Deployments\s*1/ }).waitFor();
      expect(await page.getByRole("button", { name: "Run ui-greet" }).count()).toBe(
        role === "viewer" ? 0 : 1,
      );
    }
  });
});
