/**
 * The audit trail in the browser: a run's and a deployment's Audit log tabs say who did what — keys
 * used through the API and a user who signed in to the UI — with the role they used.
 */
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authedApi } from "../e2e/auth-harness.js";
import { launchBrowser, screenshot, startUiServer, type UiServer, waitForPage } from "./browser.js";
import { createKey, freshPage } from "./fixtures/auth-api.js";

/** The rows of the Audit log tab: who, role, what, detail. */
async function activityRows(page: Page): Promise<string[][]> {
  await page.getByRole("tab", { name: "Audit log" }).click();
  const table = page.getByTestId("activity");
  await table.waitFor();
  return table
    .locator("tbody tr")
    .evaluateAll((rows) =>
      rows.map((row) =>
        ["activity-actor", "activity-role", "activity-what", "activity-detail"].map(
          (id) => row.querySelector(`[data-testid="${id}"]`)?.textContent ?? "",
        ),
      ),
    );
}

describe("the Audit log tabs (auth on)", () => {
  const adminKey = randomBytes(16).toString("hex");
  const password = `audit-${randomBytes(8).toString("hex")}`;
  let server: UiServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let deploymentId = "";
  let runId = "";
  let runName = "";

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startUiServer({ STEWARD_SERVER_API_KEY: adminKey }),
      launchBrowser(),
    ]);
    const [dev, ops] = await Promise.all([
      createKey(server.apiUrl, adminKey, "ci-deployer", "developer"),
      createKey(server.apiUrl, adminKey, "on-call", "operator"),
    ]);
    await authedApi(server.apiUrl, adminKey, "POST", "/users/", { name: "ada", role: "operator", password });
    const flow = await authedApi<{ id: string }>(server.apiUrl, dev.key, "POST", "/flows/", {
      name: "audited",
    });
    await authedApi(server.apiUrl, dev.key, "POST", "/work_pools/", { name: "audit-pool", type: "process" });
    const dep = await authedApi<{ id: string }>(server.apiUrl, dev.key, "POST", "/deployments/", {
      name: "nightly",
      flow_id: flow.id,
      work_pool_name: "audit-pool",
      entrypoint: "flows/audited.ts:audited",
    });
    deploymentId = dep.id;
    const run = await authedApi<{ id: string; name: string }>(
      server.apiUrl,
      ops.key,
      "POST",
      `/deployments/${deploymentId}/create_flow_run`,
      {},
    );
    runId = run.id;
    runName = run.name;
    await authedApi(server.apiUrl, ops.key, "POST", `/flow_runs/${runId}/set_state`, {
      state: { type: "CANCELLED", message: "not tonight" },
    });
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it("shows who started and cancelled a run, and who deployed, changed and paused its deployment", async () => {
    const { context, page } = await freshPage(browser);
    contexts.push(context);
    await page.goto(`${server.url}/deployments/deployment/${deploymentId}`);
    await waitForPage(page, "login");
    await page.getByRole("tab", { name: "User name and password" }).click();
    await page.getByLabel("User name").fill("ada");
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await waitForPage(page, "deployment");

    // The user pauses the deployment in the UI: the write is theirs.
    await page.getByRole("switch", { name: "Active", exact: true }).click();
    await expect.poll(async () => (await activityRows(page))[0]?.[0]).toBe('user "ada"');
    const deploymentRows = await activityRows(page);
    expect(deploymentRows).toEqual([
      ['user "ada"', "operator", "Paused the deployment", ""],
      ['key "on-call"', "operator", "Started a run", runName],
      ['key "ci-deployer"', "developer", "Created or redeployed the deployment", "nightly"],
    ]);
    await screenshot(page, "deployment-activity");

    await page.goto(`${server.url}/runs/flow-run/${runId}`);
    await waitForPage(page, "flow-run");
    expect(await activityRows(page)).toEqual([
      ['key "on-call"', "operator", "Moved the run to a new state", "CANCELLED → ACCEPT"],
      ['key "on-call"', "operator", "Started a run", runName],
    ]);
    await screenshot(page, "flow-run-activity");
  });
});
