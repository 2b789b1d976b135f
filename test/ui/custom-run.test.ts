// Running a deployment from the UI with a form generated from its flow's zod schema: inline errors
// block the submit, the run gets exactly what was entered, and a real worker runs it while the run
// page follows along live. Also the JSON mode, a run scheduled for later, defaults shown and used
// for cleared fields, and the deployment's "Add schedule" form, which starts empty.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, StewardProcess, steward, waitFor } from "../e2e/harness.js";
import {
  launchBrowser,
  newPage,
  openPage,
  screenshot,
  startUiServer,
  type UiServer,
  waitForPage,
} from "./browser.js";

interface Run {
  id: string;
  name: string;
  state_type: string;
  parameters: Record<string, unknown>;
  tags: string[];
  expected_start_time: string | null;
  job_variables: unknown;
  work_queue_name: string | null;
}

const POOL = "ui-custom-runs";

describe("custom runs from the deployment page", () => {
  let server: UiServer;
  let browser: Browser;
  let page: Page;
  let worker: StewardProcess;
  let deploymentId: string;

  const runCount = () =>
    api<number>(server.apiUrl, "POST", "/flow_runs/count", {
      flow_runs: { deployment_id: { any_: [deploymentId] } },
    });
  const field = (path: string) => page.locator(`[data-field="${path}"]`);
  const errorOf = (path: string) => field(path).locator(':scope > [data-testid="field-error"]');
  const submit = () => page.getByTestId("custom-run-form").locator('button[type="submit"]').click();

  beforeAll(async () => {
    [server, browser] = await Promise.all([startUiServer(), launchBrowser()]);
    const created = await steward(["work-pool", "create", "--type", "process", POOL], server.env);
    expect(created.code, created.stderr).toBe(0);
    worker = new StewardProcess(["worker", "start", "--pool", POOL], server.env);
    const deployed = await steward(
      [
        "deploy",
        "test/ui/fixtures/deployments-flows.ts:configure",
        "--name",
        "custom",
        "--pool",
        POOL,
        "--param",
        "name=Deployment default",
      ],
      server.env,
    );
    expect(deployed.code, deployed.stderr + deployed.stdout).toBe(0);
    deploymentId = (await api<{ id: string }>(server.apiUrl, "GET", "/deployments/name/configure/custom")).id;
    await api(server.apiUrl, "POST", `/work_pools/${POOL}/queues`, { name: "urgent" });
    page = await newPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop("SIGTERM");
    await server?.stop();
  });

  it("blocks invalid values inline, then runs exactly the parameters entered", async () => {
    await openPage(page, server.url, `/deployments/deployment/${deploymentId}`, "deployment");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.getByRole("menuitem", { name: "Custom run" }).click();
    await waitForPage(page, "custom-run");

    // Required fields are marked.
    // Defaults come from the schema and the deployment's parameters.
    expect(await page.getByLabel("count", { exact: true }).inputValue()).toBe("3");
    expect(await page.getByLabel("name", { exact: true }).inputValue()).toBe("Deployment default");
    expect(await page.getByLabel("name", { exact: true }).getAttribute("aria-required")).toBe("true");
    expect(await page.getByLabel("count", { exact: true }).getAttribute("aria-required")).toBeNull();
    await page.getByLabel("name", { exact: true }).fill("Ada");
    await page.getByLabel("count", { exact: true }).fill("50");
    await page.getByLabel("count", { exact: true }).press("Tab");
    await errorOf("count").waitFor();
    expect(await errorOf("count").textContent()).toBe("must be at most 10");
    await screenshot(page, "custom-run-form-light");
    await page.getByTestId("theme-toggle").click();
    await screenshot(page, "custom-run-form-dark");
    await page.getByTestId("theme-toggle").click();

    await submit();
    await page.getByTestId("submit-blocked").waitFor();
    // Submit showed every problem, including required fields never visited.
    expect(await errorOf("mode").textContent()).toBe("is required");
    expect(await errorOf("target.host").textContent()).toBe("is required");
    expect(await runCount()).toBe(0);

    await page.getByLabel("count", { exact: true }).fill("4");
    await errorOf("count").waitFor({ state: "detached" });
    await page.getByLabel("mode", { exact: true }).selectOption({ label: "thorough" });
    await page.getByLabel("notify", { exact: true }).check();
    await page.getByLabel("when", { exact: true }).fill("2026-05-01");
    // A date-time is picked in the browser's zone and sent as a UTC instant.
    await page.getByLabel("deliver_at", { exact: true }).fill("2026-05-01T10:15:30");
    const deliverAt = await page.evaluate(() =>
      new Date("2026-05-01T10:15:30").toISOString().replace(".000Z", "Z"),
    );
    await page.getByRole("button", { name: "Add item to items" }).click();
    await page.getByRole("button", { name: "Add item to items" }).click();
    await field("items.0").locator("input").fill("alpha");
    await field("items.1").locator("input").fill("beta");
    await field("target.host").locator("input").fill("example.org");
    await field("target.port").locator("input").fill("80.5");
    await field("target.port").locator("input").press("Tab");
    expect(await errorOf("target.port").textContent()).toBe("must be a whole number");
    await field("target.port").locator("input").fill("8080");
    // An optional boolean without a default is a choice, so leaving it alone sends nothing.
    await page.getByLabel("dry_run", { exact: true }).selectOption("true");
    // A free-form object is edited as JSON, checked as it is typed.
    await page.getByLabel("extra", { exact: true }).fill('{"team": ');
    await page.getByLabel("extra", { exact: true }).press("Tab");
    expect(await errorOf("extra").textContent()).toMatch(/^is not valid JSON/);
    await page.getByLabel("extra", { exact: true }).fill('{"team": 7}');
    await errorOf("extra").filter({ hasText: "team: must be text" }).waitFor();
    await page.getByLabel("extra", { exact: true }).fill('{"team": "blue"}');
    await errorOf("extra").waitFor({ state: "detached" });
    await page.getByLabel("Run name").fill("ui-custom-run");
    await page.getByLabel("Tags").fill("ui, custom");
    await submit();

    await waitForPage(page, "flow-run");
    const runId = new URL(page.url()).pathname.split("/").pop() ?? "";
    // A real worker runs it; the page follows without a reload.
    await page.locator('[data-testid="flow-run-state"] [data-state="RUNNING"]').waitFor({ timeout: 30_000 });
    await page
      .locator('[data-testid="flow-run-state"] [data-state="COMPLETED"]')
      .waitFor({ timeout: 30_000 });
    await page
      .getByTestId("log-line")
      .filter({ hasText: "sent to example.org:8080 for Ada" })
      .waitFor({ timeout: 15_000 });
    await page.getByTestId("log-line").filter({ hasText: "step 4 of 4 in thorough mode" }).waitFor();

    const run = await api<Run>(server.apiUrl, "GET", `/flow_runs/${runId}`);
    expect(run.name).toBe("ui-custom-run");
    expect(run.tags).toEqual(expect.arrayContaining(["ui", "custom"]));
    expect(run.parameters).toEqual({
      name: "Ada",
      count: 4,
      mode: "thorough",
      notify: true,
      when: "2026-05-01",
      deliver_at: deliverAt,
      items: ["alpha", "beta"],
      target: { host: "example.org", port: 8080 },
      dry_run: true,
      extra: { team: "blue" },
    });
    expect(await runCount()).toBe(1);
  });

  it("edits the same parameters as JSON and back, and schedules a run for later", async () => {
    await openPage(page, server.url, `/deployments/deployment/${deploymentId}/run`, "custom-run");
    await page.getByLabel("name", { exact: true }).fill("Bob");
    await page.getByRole("button", { name: "JSON", exact: true }).click();
    const json = page.getByLabel("Parameters (JSON)");
    expect(JSON.parse(await json.inputValue())).toEqual({
      count: 3,
      notify: false,
      items: [],
      target: {},
      name: "Bob",
    });

    await json.fill("{");
    await page
      .locator('[data-mode="json"] [data-testid="field-error"]')
      .filter({ hasText: "Not valid JSON" })
      .waitFor();
    await page.getByRole("button", { name: "Form", exact: true }).click();
    // Unparsable JSON cannot go back to the fields.
    expect(await page.locator(".sf-form").getAttribute("data-mode")).toBe("json");

    await json.fill(
      JSON.stringify({ name: "Carol", count: 20, mode: "fast", target: { host: "h", port: 1 } }),
    );
    await page.getByTestId("form-issues").filter({ hasText: "count: must be at most 10" }).waitFor();
    const parameters = {
      name: "Carol",
      count: 7,
      mode: "fast",
      notify: false,
      items: ["x"],
      target: { host: "db.local", port: 5432 },
    };
    await json.fill(JSON.stringify(parameters, null, 2));
    await page.getByTestId("form-issues").waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Form", exact: true }).click();
    expect(await page.getByLabel("count", { exact: true }).inputValue()).toBe("7");
    expect(await page.getByLabel("name", { exact: true }).inputValue()).toBe("Carol");
    expect(await field("items.0").locator("input").inputValue()).toBe("x");
    expect(await field("target.port").locator("input").inputValue()).toBe("5432");

    // A job variable the pool's template refuses: the API's 422 shows next to the form.
    await page.getByLabel("Job variables").fill('{"stream_output": "loud"}');
    await submit();
    await page.getByTestId("run-error").filter({ hasText: "stream_output" }).waitFor();
    expect(await page.getByTestId("run-error").textContent()).toContain("INVALID_JOB_VARIABLES");
    await page.getByLabel("Job variables").fill('{"env": {"UI_TEST": "1"}}');

    // Start at a time: an hour from now, to the second, in the browser's zone.
    const at = Math.floor(Date.now() / 1000) * 1000 + 3_600_000;
    const local = await page.evaluate((ms) => {
      const d = new Date(ms);
      const p = (n: number) => String(n).padStart(2, "0");
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
    }, at);
    await page.getByLabel("Work queue").selectOption("urgent");
    await page.getByLabel("At a time").check();
    await page.getByLabel("Scheduled time").fill(local);
    await submit();
    await waitForPage(page, "flow-run");
    const runId = new URL(page.url()).pathname.split("/").pop() ?? "";
    await page.locator('[data-testid="flow-run-state"] [data-state="SCHEDULED"]').waitFor();
    const run = await waitFor(() => api<Run>(server.apiUrl, "GET", `/flow_runs/${runId}`), {
      what: "the scheduled run",
    });
    expect(run.state_type).toBe("SCHEDULED");
    expect(Date.parse(run.expected_start_time ?? "")).toBe(at);
    expect(run.parameters).toEqual(parameters);
    expect(run.job_variables).toEqual({ env: { UI_TEST: "1" } });
    expect(run.work_queue_name).toBe("urgent");
  });
  it("shows each parameter's default and uses it when the field is cleared", async () => {
    await openPage(page, server.url, `/deployments/deployment/${deploymentId}/run`, "custom-run");
    const help = (path: string) => field(path).locator(":scope > .field-help");
    // The deployment's value for a parameter it sets, else the flow's default.
    expect(await help("name").textContent()).toContain("Default: Deployment default (used when left empty)");
    expect(await help("count").textContent()).toContain("Default: 3 (used when left empty)");
    // A parameter with neither has no help line at all.
    expect(await help("mode").count()).toBe(0);
    await page.getByLabel("name", { exact: true }).fill("");
    await page.getByLabel("count", { exact: true }).fill("");
    expect(await page.getByLabel("name", { exact: true }).getAttribute("placeholder")).toBe(
      "Deployment default",
    );
    expect(await page.getByLabel("count", { exact: true }).getAttribute("placeholder")).toBe("3");
    await field("target.host").locator("input").fill("defaults.local");
    await field("target.port").locator("input").fill("9");

    // A required parameter with no default still blocks the run, and says so.
    const before = await runCount();
    await submit();
    await page.getByTestId("submit-blocked").waitFor();
    expect(await errorOf("mode").textContent()).toBe("is required");
    expect(await errorOf("name").count()).toBe(0);
    expect(await errorOf("count").count()).toBe(0);
    expect(await runCount()).toBe(before);

    await page.getByLabel("mode", { exact: true }).selectOption({ label: "fast" });
    await submit();
    await waitForPage(page, "flow-run");
    const runId = new URL(page.url()).pathname.split("/").pop() ?? "";
    // Left out of the request: the server took the deployment's name, the flow its own count.
    await page
      .getByTestId("log-line")
      .filter({ hasText: "sent to defaults.local:9 for Deployment default" })
      .waitFor({ timeout: 30_000 });
    await page.getByTestId("log-line").filter({ hasText: "step 3 of 3 in fast mode" }).waitFor();
    const run = await api<Run>(server.apiUrl, "GET", `/flow_runs/${runId}`);
    expect(run.parameters).toEqual({
      name: "Deployment default",
      notify: false,
      items: [],
      mode: "fast",
      target: { host: "defaults.local", port: 9 },
    });
  });

  it("opens Add schedule empty and says what is missing when saved empty", async () => {
    await openPage(page, server.url, `/deployments/deployment/${deploymentId}`, "deployment");
    await page.getByRole("button", { name: "+ Add schedule" }).click();
    const dialog = page.getByRole("dialog", { name: "Add schedule" });
    const cron = dialog.getByLabel("Cron expression");
    expect(await cron.inputValue()).toBe("");
    expect(await cron.getAttribute("placeholder")).toBe("e.g. 0 9 * * 1-5");
    // Nothing is wrong before the person has done anything.
    expect(await dialog.getByTestId("schedule-error").count()).toBe(0);
    expect(await dialog.getByTestId("schedule-preview").count()).toBe(0);
    await screenshot(page, "schedule-dialog-empty");

    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.getByTestId("schedule-error").filter({ hasText: "Enter a cron expression" }).waitFor();
    expect(await dialog.getByRole("button", { name: "Save" }).isDisabled()).toBe(true);
    await dialog.getByLabel("Interval", { exact: true }).check();
    expect(await dialog.getByLabel("Every", { exact: true }).inputValue()).toBe("");
    await dialog.getByTestId("schedule-error").filter({ hasText: "Enter how often" }).waitFor();
    await dialog.getByLabel("RRule", { exact: true }).check();
    expect(await dialog.getByLabel("Recurrence rule").inputValue()).toBe("");
    await dialog.getByTestId("schedule-error").filter({ hasText: "Enter a recurrence rule" }).waitFor();
    const deployment = await api<{ schedules: unknown[] }>(
      server.apiUrl,
      "GET",
      `/deployments/${deploymentId}`,
    );
    expect(deployment.schedules).toEqual([]);

    await dialog.getByLabel("Interval", { exact: true }).check();
    await dialog.getByLabel("Every", { exact: true }).fill("6");
    await dialog.getByLabel("Unit").selectOption({ label: "hours" });
    await dialog.getByTestId("schedule-preview").filter({ hasText: "Every 6 hours" }).waitFor();
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "hidden" });
    const saved = await api<{ schedules: { schedule: { interval?: number } }[] }>(
      server.apiUrl,
      "GET",
      `/deployments/${deploymentId}`,
    );
    expect(saved.schedules.map((entry) => entry.schedule.interval)).toEqual([21_600]);
  });
});
