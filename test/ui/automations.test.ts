// Automations in the UI: created through the guided form (with its inline checks), listed in words,
// switched off and on, edited (form and JSON mode), fired by an event with the firing shown live on
// its page, and deleted. The drafts behind the form are checked without a browser first.
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
import { api, steward, waitFor } from "../e2e/harness.js";
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
});
