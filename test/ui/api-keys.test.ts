import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, startUiServer, type UiServer, waitForPage } from "./browser.js";
import { createKey, freshPage } from "./fixtures/auth-api.js";
import { authedApi } from "../e2e/auth-harness.js";

interface ListedKey {
  readonly name: string;
  readonly role: string;
  readonly pools: string[];
  readonly revoked: string | null;
}

/** Signs in on the login page that `path` leads to, and waits for the settings page. */
async function signInToSettings(page: Page, baseUrl: string, key: string): Promise<void> {
  await page.goto(`${baseUrl}/settings`);
  await waitForPage(page, "login");
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await waitForPage(page, "settings");
}

/** The status of `POST /api/flows/filter` sent with `Authorization: Bearer key`. */
async function flowsStatus(apiUrl: string, key: string): Promise<number> {
  const response = await fetch(`${apiUrl}/flows/filter`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: "{}",
  });
  await response.body?.cancel();
  return response.status;
}

/** Fills the create form and submits it. */
async function createInUi(page: Page, name: string, role: string, pools?: string): Promise<void> {
  const form = page.getByRole("form", { name: "Create key" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Role").selectOption(role);
  if (pools !== undefined) await form.getByLabel("Pools").fill(pools);
  await form.getByRole("button", { name: /^Create key/ }).click();
}

/** Reads the key from the one-time dialog, checks the focus is on it, and closes the dialog. */
async function readShownKey(page: Page, close = true): Promise<string> {
  const dialog = page.getByTestId("new-key-dialog");
  await dialog.waitFor();
  const field = page.getByLabel("The new key");
  expect(await field.getAttribute("readonly")).not.toBeNull();
  expect(await page.evaluate<string | null>('document.activeElement?.getAttribute("data-testid")')).toBe(
    "new-key",
  );
  await dialog.getByText("it will not be shown again").waitFor();
  const key = await field.inputValue();
  if (close) {
    await page.getByRole("button", { name: "Done" }).click();
    await dialog.waitFor({ state: "detached" });
  }
  return key;
}

describe("API keys in the settings page (auth on)", () => {
  const adminKey = randomBytes(16).toString("hex");
  let server: UiServer;
  let browser: Browser;
  let admin: { context: BrowserContext; page: Page; requests: string[] };
  let developerKey = "";
  const contexts: BrowserContext[] = [];
  const listed = () =>
    authedApi<ListedKey[]>(server.apiUrl, adminKey, "POST", "/api_keys/filter", { include_inactive: true });

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startUiServer({ STEWARD_SERVER_API_KEY: adminKey }),
      launchBrowser(),
    ]);
    admin = await freshPage(browser);
    contexts.push(admin.context);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it("creates a developer key, shows it once, and the key works against the API", async () => {
    const { page } = admin;
    await signInToSettings(page, server.url, adminKey);
    // Reached from the sidebar too.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await waitForPage(page, "settings");
    await page.getByTestId("no-keys").waitFor();
    await page.getByRole("form", { name: "Create key" }).getByLabel("Role").selectOption("developer");
    expect(await page.getByTestId("role-help").textContent()).toMatch(/deployments/);

    await createInUi(page, "ui-dev", "developer");
    developerKey = await readShownKey(page);
    expect(developerKey).toMatch(/^stw_/);
    expect(await flowsStatus(server.apiUrl, developerKey)).toBe(200);

    const row = page.locator('tr[data-key="ui-dev"]');
    await row.waitFor();
    expect(await row.getAttribute("data-status")).toBe("active");
    expect(await row.locator("td").nth(0).textContent()).toBe("developer");
    const prefix = (await row.locator("td").nth(1).textContent())?.replace(/…$/, "") ?? "";
    expect(prefix.length).toBeGreaterThan(4);
    expect(developerKey.startsWith(prefix)).toBe(true);

    // Nowhere afterwards: not on the page, not in storage, and not after a reload.
    expect(await page.content()).not.toContain(developerKey);
    const stored = await page.evaluate<string>("JSON.stringify({ ...localStorage, ...sessionStorage })");
    expect(stored).not.toContain(developerKey);
    await page.reload();
    await waitForPage(page, "settings");
    await page.locator('tr[data-key="ui-dev"]').waitFor();
    expect(await page.getByTestId("new-key-dialog").count()).toBe(0);
    expect(await page.content()).not.toContain(developerKey);
  });

  it("creates a worker key limited to a pool", async () => {
    const { page } = admin;
    const form = page.getByRole("form", { name: "Create key" });
    await form.getByLabel("Role").selectOption("worker");
    await form.getByLabel("Pools").fill("east, east ,");
    expect(await page.getByTestId("pool-chips").textContent()).toBe("east");
    await createInUi(page, "ui-worker", "worker", "east");
    const workerKey = await readShownKey(page);
    expect(workerKey).toMatch(/^stw_/);
    const row = page.locator('tr[data-key="ui-worker"]');
    await row.waitFor();
    expect(await row.locator("td").nth(2).textContent()).toBe("east");
    expect((await listed()).find((key) => key.name === "ui-worker")).toMatchObject({
      role: "worker",
      pools: ["east"],
    });
    // A worker key reaches only what a worker needs.
    expect(await flowsStatus(server.apiUrl, workerKey)).toBe(403);
  });

  it("shows the server's refusals next to the form: a taken name (409), a bad name (422)", async () => {
    const { page } = admin;
    await createInUi(page, "ui-dev", "viewer");
    const form = page.getByRole("form", { name: "Create key" });
    const alert = form.getByRole("alert");
    await alert.getByText("Could not create the key").waitFor();
    expect(await alert.textContent()).toContain('An API key named "ui-dev" exists already');
    expect(await page.getByTestId("new-key-dialog").count()).toBe(0);

    await createInUi(page, "has spaces", "viewer");
    await alert.getByText("VALIDATION_FAILED").waitFor();
    const name = form.getByLabel("Name");
    expect(await name.getAttribute("aria-invalid")).toBe("true");
    const described = await name.getAttribute("aria-describedby");
    expect(await page.locator(`[id="${described}"]`).textContent()).toMatch(/letters, digits/);
  });

  it("looks right on a desktop and at 390 px, where the table scrolls inside its own box", async () => {
    const { page } = admin;
    await page.reload();
    await waitForPage(page, "settings");
    await page.locator('tr[data-key="ui-worker"]').waitFor();
    await screenshot(page, "settings-api-keys");

    const phone = await freshPage(browser, 390, 844);
    contexts.push(phone.context);
    await signInToSettings(phone.page, server.url, adminKey);
    await phone.page.locator('tr[data-key="ui-worker"]').waitFor();
    expect(await phone.page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(
      390,
    );
    const box = phone.page.locator(".settings-keys .table-wrap");
    const sizes = await box.evaluate((element) => ({
      scroll: element.scrollWidth,
      client: element.clientWidth,
    }));
    expect(sizes.client).toBeLessThanOrEqual(390);
    expect(sizes.scroll).toBeGreaterThan(sizes.client);
    const create = await phone.page.getByRole("button", { name: "Create key" }).boundingBox();
    expect(create && create.x >= 0 && create.x + create.width <= 390).toBe(true);
    await screenshot(phone.page, "settings-api-keys-phone");
  });

  it("revokes the developer key after a confirmation; the API then answers 401 for it", async () => {
    const { page } = admin;
    await page.getByRole("button", { name: "Revoke ui-dev" }).click();
    const dialog = page.getByRole("dialog", { name: "Revoke the key ui-dev?" });
    await dialog.getByText("stops working at once").waitFor();
    await dialog.getByRole("button", { name: "Revoke key" }).click();
    await page.locator('tr[data-key="ui-dev"]').waitFor({ state: "detached" });
    expect(await flowsStatus(server.apiUrl, developerKey)).toBe(401);
    expect((await listed()).find((key) => key.name === "ui-dev")?.revoked).not.toBeNull();

    await page.getByLabel("Show revoked and expired keys").check();
    const row = page.locator('tr[data-key="ui-dev"]');
    await row.waitFor();
    expect(await row.getAttribute("data-status")).toBe("revoked");
    expect(await row.getByRole("button", { name: /Revoke/ }).count()).toBe(0);
  });

  it("tells a viewer that only admins manage keys, and asks the server nothing about keys", async () => {
    const viewer = await createKey(server.apiUrl, adminKey, "ui-keys-viewer", "viewer");
    const { context, page, requests } = await freshPage(browser);
    contexts.push(context);
    await signInToSettings(page, server.url, viewer.key);
    await page.getByTestId("only-admins").getByText("Only admins can see and manage API keys").waitFor();
    expect(await page.getByRole("form", { name: "Create key" }).count()).toBe(0);
    await page.waitForTimeout(500); // a late request would show up here
    expect(requests.filter((path) => path.startsWith("/api/api_keys"))).toEqual([]);
  });
});

describe("the first API key, created while auth is off", () => {
  let server: UiServer;
  let browser: Browser;
  let context: BrowserContext;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startUiServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it("warns first, turns auth on, keeps the key on screen and signs in with it", async () => {
    const opened = await freshPage(browser);
    context = opened.context;
    const { page } = opened;
    await page.goto(`${server.url}/settings`);
    await waitForPage(page, "settings");
    await page.getByTestId("auth-off").getByText("Creating the first key turns auth on").waitFor();
    const form = page.getByRole("form", { name: "Create key" });
    expect(await form.getByLabel("Role").inputValue()).toBe("admin");
    await form.getByLabel("Name").fill("first-admin");
    await form.getByRole("button", { name: "Create key and turn auth on" }).click();

    const key = await readShownKey(page, false);
    await page.getByTestId("auth-now-on").waitFor();
    expect(await flowsStatus(server.apiUrl, "")).toBe(401);
    expect(await flowsStatus(server.apiUrl, key)).toBe(200);
    // The app's next request finds auth on and goes to the login page; the key stays on screen.
    await page.waitForURL((url) => url.pathname === "/login");
    expect(await page.getByLabel("The new key").inputValue()).toBe(key);

    await page.getByRole("button", { name: "Sign in with this key" }).click();
    await waitForPage(page, "settings");
    await page.getByTestId("new-key-dialog").waitFor({ state: "detached" });
    expect(await page.getByTestId("user-name").textContent()).toBe("first-admin");
    await page.locator('tr[data-key="first-admin"]').waitFor();
  });
});
