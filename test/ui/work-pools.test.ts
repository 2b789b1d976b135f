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
import { workerStartCommand } from "../../ui/src/pages/work-pools/commands.js";
import {
  applyInputs,
  initialInputs,
  parseTemplateJson,
  variableSpecs,
} from "../../ui/src/pages/work-pools/job-template.js";
import { nameError } from "../../ui/src/pages/work-pools/pool-name.js";
import { readDeployment, readPool, readQueue, scheduleRun, waitForApi } from "./fixtures/pools-api.js";

const POOL = "ui-pool";

/** Work pools and queues through the UI, checked against the real API (no worker runs here). */
describe("work pools in the UI", () => {
  let server: UiServer;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    [server, browser] = await Promise.all([
      // Overdue runs turn Late within a second or two, so the late-runs indicator can be seen.
      startUiServer({
        STEWARD_SERVER_LATE_RUNS_AFTER_SECONDS: "1",
        STEWARD_SERVER_SERVICES_INTERVAL_SECONDS: "1",
      }),
      launchBrowser(),
    ]);
    page = await newPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const pool = () => readPool(server.apiUrl, POOL);
  const queue = (name: string) => readQueue(server.apiUrl, POOL, name);
  const submit = () => page.getByRole("button", { name: "Create work pool" }).click();

  it("explains pools when there are none, then creates one from the form with edited template defaults", async () => {
    await openPage(page, server.url, "/work-pools", "work-pools");
    const empty = page.getByTestId("empty-state");
    expect(await empty.getByTestId("command").locator("code").textContent()).toBe(
      "steward work-pool create --type process my-pool",
    );
    await screenshot(page, "work-pools-empty");
    await empty.getByRole("link", { name: /Create work pool/ }).click();
    await waitForPage(page, "create-work-pool");

    const name = page.getByPlaceholder("my-pool");
    await name.fill("bad/name");
    expect(await page.locator(".field-error").first().textContent()).toContain("must not contain /");
    await submit();
    await waitForPage(page, "create-work-pool");
    expect(await api(server.apiUrl, "POST", "/work_pools/count", {})).toBe(0);

    await name.fill(POOL);
    await page.getByLabel("Description").fill("Pools made in the browser");
    await page.getByLabel(/Concurrency limit/).fill("3");
    await page.getByLabel(/Stream output/).uncheck();
    await page.getByLabel(/Environment variables/).fill('{"GREETING": "hi"}');
    await screenshot(page, "work-pools-create");
    await submit();

    await waitForPage(page, "work-pool");
    expect(new URL(page.url()).pathname).toBe(`/work-pools/work-pool/${POOL}`);
    const created = await pool();
    expect(created).toMatchObject({
      type: "process",
      description: "Pools made in the browser",
      concurrency_limit: 3,
    });
    const properties = created.base_job_template.variables.properties;
    expect(properties.stream_output?.default).toBe(false);
    expect(properties.env?.default).toEqual({ GREETING: "hi" });
    const streamDefault = page.locator('tr[data-variable="stream_output"] [data-testid="variable-default"]');
    expect(await streamDefault.textContent()).toBe("false");
    await screenshot(page, "work-pools-pool-details");
  });

  it("shows the API's errors readably and creates a pool from the advanced JSON template", async () => {
    await openPage(page, server.url, "/work-pools/create", "create-work-pool");
    await page.getByPlaceholder("my-pool").fill(POOL);
    await submit();
    await page.getByRole("alert").getByText("already exists").waitFor();

    await page.getByPlaceholder("my-pool").fill("json-pool");
    await page.getByLabel(/Environment variables/).fill('{"COUNT": 1}');
    await submit();
    const alert = page.getByRole("alert");
    await alert.getByText(/env/).waitFor();
    expect(await alert.textContent()).toContain("INVALID_JOB_TEMPLATE");
    await page.getByLabel(/Environment variables/).fill("{not json");
    await submit();
    await page.getByText("Enter JSON").waitFor();
    await page.getByLabel(/Environment variables/).fill("");

    await page.getByLabel("Advanced: edit the base job template as JSON").check();
    const json = page.getByLabel("Base job template (JSON)");
    const template = JSON.parse(await json.inputValue()) as {
      variables: { properties: Record<string, object> };
    };
    template.variables.properties.working_dir = { type: "string", default: "/tmp/from-json" };
    await json.fill(JSON.stringify(template));
    await submit();
    await waitForPage(page, "work-pool");
    const created = await readPool(server.apiUrl, "json-pool");
    expect(created.base_job_template.variables.properties.working_dir?.default).toBe("/tmp/from-json");
  });

  it("pauses and resumes a pool from the list and from its page", async () => {
    await openPage(page, server.url, "/work-pools", "work-pools");
    const card = page.locator(`article[data-pool="${POOL}"]`);
    await card.getByRole("button", { name: "Pause" }).click();
    await waitForApi(pool, (p) => p.is_paused, "the pool to be paused");
    await card.locator('[data-status="PAUSED"]').waitFor();
    await screenshot(page, "work-pools-list");
    await card.getByRole("button", { name: "Resume" }).click();
    await waitForApi(pool, (p) => !p.is_paused, "the pool to be resumed");
    await card.locator('[data-status="NOT_READY"]').waitFor();

    await openPage(page, server.url, `/work-pools/work-pool/${POOL}`, "work-pool");
    const header = page.locator(".page-header");
    await header.getByRole("button", { name: "Pause" }).click();
    await waitForApi(pool, (p) => p.is_paused && p.status === "PAUSED", "the pool to be paused");
    await header.locator('[data-status="PAUSED"]').waitFor();
    await header.getByRole("button", { name: "Resume" }).click();
    await waitForApi(pool, (p) => !p.is_paused, "the pool to be resumed");
    await header.locator('[data-status="NOT_READY"]').waitFor();
  });

  it("creates, edits, pauses, resumes and deletes queues; the default queue cannot be deleted", async () => {
    await openPage(page, server.url, `/work-pools/work-pool/${POOL}?tab=work-queues`, "work-pool");
    await page.getByRole("button", { name: /Create queue/ }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name", { exact: true }).fill("critical");
    await dialog.getByLabel(/Priority/).fill("1");
    await dialog.getByLabel(/Concurrency limit/).fill("2");
    await dialog.getByRole("button", { name: "Create queue" }).click();
    const row = page.locator('tr[data-queue="critical"]');
    await row.waitFor();
    expect(await queue("critical")).toMatchObject({ priority: 1, concurrency_limit: 2 });
    expect((await queue("default")).priority).toBe(2);

    await row.getByRole("button", { name: "Pause" }).click();
    await waitForApi(
      () => queue("critical"),
      (q) => q.is_paused,
      "the queue to be paused",
    );
    await row.locator('[data-status="PAUSED"]').waitFor();
    await screenshot(page, "work-pools-queues");
    await row.getByRole("button", { name: "Resume" }).click();
    await waitForApi(
      () => queue("critical"),
      (q) => !q.is_paused,
      "the queue to be resumed",
    );
    await row.locator('[data-status="NOT_READY"]').waitFor();

    await row.getByRole("button", { name: "Edit" }).click();
    await dialog.getByLabel("Description").fill("Pages the on-call");
    await dialog.getByLabel(/Concurrency limit/).fill("5");
    await dialog.getByRole("button", { name: "Save" }).click();
    await row.getByText("Pages the on-call").waitFor();
    expect(await queue("critical")).toMatchObject({ description: "Pages the on-call", concurrency_limit: 5 });

    await page.locator('tr[data-queue="default"]').getByRole("button", { name: "Delete" }).click();
    await dialog.getByRole("button", { name: "Delete queue" }).click();
    await dialog.getByRole("alert").getByText("cannot be deleted").waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect((await queue("default")).name).toBe("default");

    await row.getByRole("button", { name: "Delete" }).click();
    await dialog.getByRole("button", { name: "Delete queue" }).click();
    await row.waitFor({ state: "detached" });
    await expect(queue("critical")).rejects.toThrow(/404/);
  });

  it("lists the pool's deployments and each queue's upcoming runs, flagging late ones", async () => {
    const deployed = await steward(
      [
        "deploy",
        "test/ui/fixtures/pools-flows.ts:greet",
        "--name",
        "greet",
        "--pool",
        POOL,
        "--work-queue",
        "nightly",
      ],
      server.env,
    );
    expect(deployed.code, deployed.stderr + deployed.stdout).toBe(0);
    const deployment = await readDeployment(server.apiUrl, "ui-greet", "greet");
    await openPage(page, server.url, `/work-pools/work-pool/${POOL}?tab=deployments`, "work-pool");
    const link = page
      .locator('tr[data-deployment="greet"]')
      .getByRole("link", { name: "greet", exact: true });
    expect(await link.getAttribute("href")).toBe(`/deployments/deployment/${deployment.id}`);

    const hour = 3_600_000;
    for (const [name, offset] of [
      ["third", 3 * hour],
      ["first", hour],
      ["second", 2 * hour],
      ["overdue", -60_000],
    ] as const) {
      await scheduleRun(server.apiUrl, deployment.id, new Date(Date.now() + offset), { name });
    }
    await page.getByRole("tab", { name: /Work Queues/ }).click();
    const late = page.locator('tr[data-queue="nightly"] [data-testid="late-runs"]');
    await late.waitFor({ timeout: 20_000 });
    expect(await late.textContent()).toBe("1 late");

    await page.locator('tr[data-queue="nightly"]').getByRole("link", { name: "nightly" }).click();
    await waitForPage(page, "work-queue");
    expect(new URL(page.url()).pathname).toBe(`/work-pools/work-pool/${POOL}/queue/nightly`);
    const rows = page.locator("[data-testid=flow-run-list] tr[data-run-name]");
    const names = () => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-run-name")));
    // Upcoming is what is still to come, soonest first; the overdue run is due, so it is under Runs.
    await rows.nth(2).waitFor();
    expect(await names()).toEqual(["first", "second", "third"]);
    await screenshot(page, "work-pools-queue-page");
    await page.getByRole("tab", { name: "Runs", exact: true }).click();
    await page.locator('[data-testid=flow-run-list][data-view="past"] tr[data-run-name]').first().waitFor();
    expect(await names()).toEqual(["overdue"]);
  });

  it("says clearly when a pool or a queue does not exist", async () => {
    await openPage(page, server.url, "/work-pools/work-pool/no-such-pool", "work-pool");
    expect(await page.getByTestId("not-found").textContent()).toContain("no-such-pool");
    await openPage(page, server.url, `/work-pools/work-pool/${POOL}/queue/no-such-queue`, "work-queue");
    expect(await page.getByTestId("not-found").textContent()).toContain("no-such-queue");
  });
});

/** The pure parts of the create form: variable fields, their parsing, and the suggested commands. */
describe("work-pool form helpers", () => {
  const template = {
    job_configuration: { a: "{{ a }}" },
    variables: {
      type: "object",
      required: ["count"],
      properties: {
        count: { type: "integer", default: 2 },
        ratio: { type: "number" },
        mode: { enum: ["fast", "slow"], default: "fast" },
        env: { type: "object", default: { A: "b" } },
        dir: { type: ["string", "null"], format: "path" },
        flag: { type: "boolean" },
      },
    },
  };

  it("gives each variable the input its schema calls for, starting from its default", () => {
    const specs = variableSpecs(template);
    expect(specs.map((s) => [s.name, s.kind, s.typeLabel, s.required])).toEqual([
      ["count", "integer", "integer", true],
      ["ratio", "number", "number", false],
      ["mode", "enum", "enum", false],
      ["env", "json", "object", false],
      ["dir", "string", "path", false],
      ["flag", "boolean", "boolean", false],
    ]);
    expect(initialInputs(template)).toEqual({
      count: "2",
      ratio: undefined,
      mode: '"fast"',
      env: '{\n  "A": "b"\n}',
      dir: undefined,
      flag: undefined,
    });
  });

  it("turns edited inputs into new defaults, removes emptied ones, and names the fields that do not parse", () => {
    const edited = applyInputs(template, {
      count: "",
      ratio: "0.5",
      mode: '"slow"',
      env: '{"B": "c"}',
      dir: "/srv",
      flag: false,
    });
    expect("template" in edited && edited.template.variables.properties).toEqual({
      count: { type: "integer" },
      ratio: { type: "number", default: 0.5 },
      mode: { enum: ["fast", "slow"], default: "slow" },
      env: { type: "object", default: { B: "c" } },
      dir: { type: ["string", "null"], format: "path", default: "/srv" },
      flag: { type: "boolean", default: false },
    });
    expect(template.variables.properties.count.default).toBe(2);
    expect(applyInputs(template, { count: "1.5", ratio: "x", env: "{" })).toEqual({
      errors: {
        count: "Enter a whole number.",
        ratio: "Enter a number.",
        env: 'Enter JSON, e.g. {"KEY": "value"}.',
      },
    });
  });

  it("reads the advanced JSON editor's text, explaining what is wrong with it", () => {
    expect(parseTemplateJson('{"job_configuration": {}, "variables": {"type": "object"}}')).toEqual({
      template: { job_configuration: {}, variables: { type: "object" } },
    });
    expect(parseTemplateJson("{")).toMatchObject({ error: expect.stringContaining("Not valid JSON") });
    expect(parseTemplateJson("[]")).toEqual({ error: "The template must be a JSON object." });
    expect(parseTemplateJson('{"variables": 1}')).toEqual({
      error: "variables must be a JSON object (a JSON schema).",
    });
    expect(parseTemplateJson('{"extra": 1}')).toMatchObject({ error: expect.stringContaining("extra") });
  });

  it("checks names with the server's rule and quotes them in suggested commands", () => {
    expect(nameError("ok-name")).toBeNull();
    expect(nameError("")).toBe("Enter a name.");
    expect(nameError(" padded")).toContain("spaces");
    expect(nameError("a/b")).toContain("must not contain /");
    expect(nameError("x".repeat(101))).toContain("100");
    expect(workerStartCommand("my-pool")).toBe("steward worker start --pool my-pool");
    expect(workerStartCommand("team's pool")).toBe(`steward worker start --pool 'team'\\''s pool'`);
  });
});
