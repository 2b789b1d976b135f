// Automations in the UI: created through the guided form (with its inline checks), listed in words,
// switched off and on, edited (form and JSON mode), fired by an event with the firing shown live on
// its page, and deleted; a failing action (a webhook to a closed port) badged in the list and
// explained on the page, with its firing's flow run by name. The drafts behind the form, and which
// actions count as failing, are checked without a browser first.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Automation, AutomationCreate, type Trigger } from "../../src/api/automations.js";
import { actionDraftOf, toAction } from "../../ui/src/pages/automations/action-draft.js";
import { bodyOfDraft, newAutomationDraft } from "../../ui/src/pages/automations/automation-draft.js";
import {
  newTriggerDraft,
  toTrigger,
  type TriggerDraft,
} from "../../ui/src/pages/automations/trigger-draft.js";
import { recogniseTrigger } from "../../ui/src/pages/automations/trigger-recognise.js";
import type { Event } from "../../src/api/events.js";
import { failingActions } from "../../ui/src/pages/automations/action-failures.js";
import { api, freePort, steward, waitFor } from "../e2e/harness.js";
import {
  launchBrowser,
  newPage,
  openPage,
  screenshot,
  startUiServer,
  type UiServer,
  waitForPage,
} from "./browser.js";

const ID = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

describe("the automation form's drafts", () => {
  const drafts: [string, Partial<TriggerDraft>][] = [
    [
      "flow run state",
      { kind: "flow-run-state", states: ["Failed", "Late"], deploymentIds: [ID], tags: "etl, nightly" },
    ],
    ["deployment status", { kind: "deployment-status", resourceIds: [ID], status: "not-ready" }],
    ["any work pool", { kind: "work-pool-status", status: "paused" }],
    ["work queue status", { kind: "work-queue-status", poolId: ID, queueName: "default", status: "ready" }],
    [
      "custom event",
      {
        kind: "custom",
        eventNames: "my.heartbeat",
        resourceId: "my.app.*",
        posture: "Proactive",
        within: "10m",
        perResource: true,
      },
    ],
  ];
  it.each(drafts)("turns a %s trigger into the API's trigger and back", (_, fields) => {
    const draft = { ...newTriggerDraft(), ...fields };
    const trigger = toTrigger(draft);
    const body = { name: "x", trigger, actions: [{ type: "do-nothing" }] };
    expect(AutomationCreate.safeParse(body).success).toBe(true);
    expect(recogniseTrigger(AutomationCreate.parse(body).trigger)).toEqual(draft);
  });

  it("leaves compound triggers to JSON mode", () => {
    const inner = toTrigger(newTriggerDraft());
    const compound: Trigger = { type: "compound", require: "all", within: null, triggers: [inner, inner] };
    expect(recogniseTrigger(compound)).toBeNull();
  });

  it("names the fields that are wrong", () => {
    const draft = newAutomationDraft();
    draft.trigger = { ...draft.trigger, kind: "custom", threshold: "0", within: "soon" };
    draft.actions = [
      { ...actionDraftOf({ type: "do-nothing" }), type: "call-webhook", url: "not a url", payload: "{" },
    ];
    const { body, problems } = bodyOfDraft(draft);
    expect(body).toBeUndefined();
    expect(problems.name).toContain("name");
    expect(Object.keys(problems.trigger).sort()).toEqual(["threshold", "within"]);
    expect(Object.keys(problems.actions[0] ?? {}).sort()).toEqual(["payload", "url"]);
  });

  it("keeps an action's settings the form does not show", () => {
    const action = AutomationCreate.parse({
      name: "x",
      trigger: toTrigger(newTriggerDraft()),
      actions: [
        { type: "call-webhook", url: "https://example.com/x", retries: 7, payload: { a: "{{ event.id }}" } },
      ],
    }).actions[0];
    if (!action) throw new Error("no action");
    expect(toAction(actionDraftOf(action)).action).toMatchObject({
      retries: 7,
      payload: { a: "{{ event.id }}" },
    });
  });
});

describe("failing actions", () => {
  const result = (name: string, index: number, occurred: string, automation = ID): Event =>
    ({
      id: `${occurred}-${name}-${index}`,
      occurred,
      received: occurred,
      event: `steward.automation.action.${name}`,
      resource: { "steward.resource.id": `steward.automation.${automation}` },
      related: [],
      payload: { action_index: index, action_type: "call-webhook", reason: "fetch failed", attempts: 2 },
      follows: null,
    }) as unknown as Event;

  it("are those whose newest result is a failure, per action, newest first", () => {
    const failures = failingActions([
      result("failed", 0, "2026-01-01T10:00:00Z"),
      result("executed", 0, "2026-01-01T11:00:00Z"),
      result("executed", 1, "2026-01-01T09:00:00Z"),
      result("failed", 1, "2026-01-01T10:30:00Z"),
      result("failed", 2, "2026-01-01T12:00:00Z"),
    ]).get(ID);
    expect(failures?.map((f) => [f.actionIndex, f.reason, f.attempts])).toEqual([
      [2, "fetch failed", 2],
      [1, "fetch failed", 2],
    ]);
    expect(failingActions([result("executed", 0, "2026-01-01T10:00:00Z")]).size).toBe(0);
  });
});

describe("automations in the UI", () => {
  let server: UiServer;
  let browser: Browser;
  let page: Page;

  const list = () => api<Automation[]>(server.apiUrl, "POST", "/automations/filter", {});
  const row = (name: string) => page.locator(`tr[data-automation="${name}"]`);

  beforeAll(async () => {
    [server, browser] = await Promise.all([startUiServer(), launchBrowser()]);
    page = await newPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("explains what automations are when there are none", async () => {
    await openPage(page, server.url, "/automations", "automations");
    await page.getByTestId("empty-state").filter({ hasText: "No automations yet" }).waitFor();
    expect(await page.getByTestId("command").textContent()).toContain("steward automation create");
  });

  it("creates an automation through the guided form, checking fields first", async () => {
    await page.getByRole("link", { name: "+ New automation" }).click();
    await waitForPage(page, "automation-form");
    await page.getByLabel("Flow run state").check();
    await page.getByLabel("Crashed").uncheck();
    await page.getByLabel("Action type").selectOption("call-webhook");
    await page.getByLabel("URL", { exact: true }).fill("not a url");
    await page.getByRole("button", { name: "Create automation" }).click();
    // Checked in the page: nothing was sent.
    await page.getByText("Give the automation a name").waitFor();
    await page.getByText("Not a URL").waitFor();
    expect(await list()).toEqual([]);
    await screenshot(page, "automation-form-errors");

    await page.getByLabel("Action type").selectOption("do-nothing");
    await page.getByLabel("Name", { exact: true }).fill("on-failure");
    await page.getByRole("button", { name: "Create automation" }).click();
    await waitForPage(page, "automation");
    const [created] = await list();
    expect(created).toMatchObject({ name: "on-failure", enabled: true, actions: [{ type: "do-nothing" }] });
    expect(created?.trigger).toMatchObject({ type: "event", expect: ["steward.flow-run.Failed"] });
    expect(await page.getByTestId("trigger-words").textContent()).toBe("When a flow run enters Failed");
  });

  it("lists it in words and switches it off and on", async () => {
    await openPage(page, server.url, "/automations", "automations");
    expect(await row("on-failure").getByTestId("trigger-words").textContent()).toBe(
      "When a flow run enters Failed",
    );
    expect(await row("on-failure").getByTestId("actions-words").textContent()).toContain("Do nothing");
    expect(await row("on-failure").getByTestId("last-fired").textContent()).toBe("never");
    await screenshot(page, "automations-list");

    const toggle = page.getByRole("switch", { name: "Enabled: on-failure" });
    await toggle.click();
    await page.locator('tr[data-automation="on-failure"] [data-enabled="false"]:not([disabled])').waitFor();
    await waitFor(async () => (await list())[0]?.enabled === false, {
      what: "the automation to be disabled",
    });
    await toggle.click();
    await page.locator('tr[data-automation="on-failure"] [data-enabled="true"]:not([disabled])').waitFor();
    await waitFor(async () => (await list())[0]?.enabled === true, { what: "the automation to be enabled" });
  });

  it("edits it into a custom-event trigger and shows its firings live", async () => {
    await row("on-failure").getByRole("link", { name: "on-failure" }).click();
    await waitForPage(page, "automation");
    await page.getByTestId("empty-state").filter({ hasText: "It has not fired yet" }).waitFor();
    await page.getByRole("link", { name: "Edit" }).click();
    await waitForPage(page, "automation-form");
    expect(await page.getByLabel("Failed").isChecked()).toBe(true);

    await page.getByLabel("Custom event").check();
    await page.getByLabel("Event names").fill("ui.test.ping");
    await page.getByLabel("Resource id", { exact: true }).fill("ui.sensor.*");
    await page.getByLabel("Name", { exact: true }).fill("ping-watch");
    // JSON mode shows the same automation, and the form comes back from it.
    await page.getByRole("button", { name: "JSON" }).click();
    const json = JSON.parse(await page.getByLabel("Automation JSON").inputValue()) as {
      trigger: { expect: string[] };
    };
    expect(json.trigger.expect).toEqual(["ui.test.ping"]);
    await page.getByRole("button", { name: "Form" }).click();
    expect(await page.getByLabel("Event names").inputValue()).toBe("ui.test.ping");
    await page.getByRole("button", { name: "Save changes" }).click();
    await waitForPage(page, "automation");
    expect(await page.getByTestId("trigger-words").textContent()).toBe(
      "When “ui.test.ping” happens for ui.sensor.*",
    );

    await api(server.apiUrl, "POST", "/events", [
      {
        event: "ui.test.ping",
        resource: { "steward.resource.id": "ui.sensor.1", "steward.resource.name": "sensor 1" },
      },
    ]);
    // Live: the page is not reloaded.
    const firings = page.getByTestId("automation-event-table");
    await firings.locator('tr[data-event-name="steward.automation.triggered"]').waitFor({ timeout: 20_000 });
    await firings
      .locator('tr[data-event-name="steward.automation.action.executed"]')
      .waitFor({ timeout: 20_000 });
    expect(
      await firings.locator('tr[data-event-name="steward.automation.triggered"]').textContent(),
    ).toContain("ui.test.ping");
    await screenshot(page, "automation-page");
    await page.getByTestId("theme-toggle").click();
    await screenshot(page, "automation-page-dark");
    await page.getByTestId("theme-toggle").click();

    await openPage(page, server.url, "/automations", "automations");
    await page.locator('tr[data-automation="ping-watch"] [data-testid=last-fired] time').waitFor();
  });

  it("deletes it", async () => {
    await row("ping-watch").getByRole("link", { name: "ping-watch" }).click();
    await waitForPage(page, "automation");
    await page.getByRole("button", { name: "Delete ping-watch" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete", exact: true }).click();
    await waitForPage(page, "automations");
    await page.getByTestId("empty-state").filter({ hasText: "No automations yet" }).waitFor();
    expect(await list()).toEqual([]);
  });

  it("names deployments in words and lists its automations on the deployment page", async () => {
    for (const args of [
      ["work-pool", "create", "--type", "process", "ui-automation-pool"],
      [
        "deploy",
        "test/ui/fixtures/deployments-flows.ts:greet",
        "--name",
        "hello",
        "--pool",
        "ui-automation-pool",
      ],
    ]) {
      const result = await steward(args, server.env);
      expect(result.code, result.stderr + result.stdout).toBe(0);
    }
    const deployment = await api<{ id: string }>(server.apiUrl, "GET", "/deployments/name/greet/hello");

    await openPage(page, server.url, "/automations/new", "automation-form");
    await page.getByLabel("Deployments").selectOption(deployment.id);
    await page.getByLabel("Action type").selectOption("pause-deployment");
    await page.getByLabel("Deployment", { exact: true }).selectOption(deployment.id);
    await page.getByLabel("Name", { exact: true }).fill("pause-hello");
    await page.getByRole("button", { name: "Create automation" }).click();
    await waitForPage(page, "automation");
    await page.getByTestId("trigger-words").filter({ hasText: "(deployment greet/hello)" }).waitFor();
    expect(await page.getByTestId("trigger-words").textContent()).toBe(
      "When a flow run enters Failed or Crashed (deployment greet/hello)",
    );
    expect(await page.getByTestId("actions-words").textContent()).toBe("Pause deployment greet/hello");

    await openPage(page, server.url, `/deployments/deployment/${deployment.id}`, "deployment");
    await page.locator('[data-testid=deployment-automations] [data-automation="pause-hello"]').waitFor();
    await screenshot(page, "deployment-automations");
  });
  it("badges an automation whose webhook fails and shows the failure, with its flow run by name", async () => {
    // A real flow run, so the firing is about a resource the UI can name and link.
    const ran = await steward(["flow", "run", "flows/hello.ts:hello"], server.env);
    expect(ran.code, ran.stderr).toBe(0);
    const [run] = await api<{ id: string; name: string }[]>(server.apiUrl, "POST", "/flow_runs/filter", {
      limit: 1,
    });
    if (!run) throw new Error("no flow run");
    // Nothing listens here: every call fails with "fetch failed".
    const port = await freePort();
    const trigger = { type: "event", expect: ["ui.test.alarm"], posture: "Reactive", threshold: 1 };
    const created = await api<Automation>(server.apiUrl, "POST", "/automations/", {
      name: "call-home",
      trigger,
      actions: [
        { type: "do-nothing" },
        { type: "call-webhook", url: `http://127.0.0.1:${port}/hook`, retries: 1, retry_delay_seconds: 0 },
      ],
    });
    await openPage(page, server.url, "/automations", "automations");
    expect(await row("call-home").getByTestId("action-failures").count()).toBe(0);

    await api(server.apiUrl, "POST", "/events", [
      {
        event: "ui.test.alarm",
        resource: { "steward.resource.id": `steward.flow-run.${run.id}`, "steward.resource.name": run.name },
      },
    ]);
    // Live, in the list: the badge links to the automation.
    const badge = row("call-home").getByTestId("action-failures");
    await badge.waitFor({ timeout: 30_000 });
    expect(await badge.textContent()).toMatch(/^⚠ 1 action failed · (just now|\d+s ago)$/);
    expect(await badge.getAttribute("href")).toBe(`/automations/${created.id}`);
    await screenshot(page, "automations-list-failing");

    await badge.click();
    await waitForPage(page, "automation");
    const failure = page.getByTestId("failing-action");
    await failure.waitFor();
    expect(await failure.getAttribute("data-action-index")).toBe("1");
    expect(await failure.locator("strong").textContent()).toContain("Action 2: Call");
    expect(await failure.getByTestId("failure-reason").textContent()).toBe(
      `POST http://127.0.0.1:${port}/hook failed: fetch failed (connect ECONNREFUSED 127.0.0.1:${port})`,
    );
    expect(await failure.textContent()).toContain("after 2 attempts");
    await screenshot(page, "automation-page-failing");
    const about = failure.getByRole("link", { name: `flow run ${run.name}` });
    expect(await about.getAttribute("href")).toBe(`/runs/flow-run/${run.id}`);
    await failure.getByRole("link", { name: "the failure event" }).click();
    await waitForPage(page, "event");
    expect(await page.getByTestId("event-summary").textContent()).toContain("call-webhook #2 failed");
    await page.goBack();
    await waitForPage(page, "automation");

    // The firing names the flow run and links to it, instead of its raw id.
    const firings = page.getByTestId("automation-event-table");
    const fired = firings.locator('tr[data-event-name="steward.automation.triggered"]');
    await fired.waitFor();
    expect(await fired.locator(".event-summary").textContent()).toBe(
      `call-home fired on ui.test.alarm about flow run ${run.name}`,
    );
    await fired.getByRole("link", { name: `flow run ${run.name}` }).click();
    await waitForPage(page, "flow-run");
    expect(new URL(page.url()).pathname).toBe(`/runs/flow-run/${run.id}`);

    // Once the action succeeds again it is no longer failing.
    await api(server.apiUrl, "PUT", `/automations/${created.id}`, {
      name: created.name,
      trigger,
      actions: [{ type: "do-nothing" }, { type: "do-nothing" }],
    });
    await openPage(page, server.url, "/automations", "automations");
    await badge.waitFor();
    await api(server.apiUrl, "POST", "/events", [
      { event: "ui.test.alarm", resource: { "steward.resource.id": `steward.flow-run.${run.id}` } },
    ]);
    await badge.waitFor({ state: "detached", timeout: 30_000 });
  });
});
