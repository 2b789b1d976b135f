/**
 * Users in real Chromium: an admin creates a user in Settings, the user signs in with name and
 * password, sees the dashboard, changes their password and signs out; the disable button ends a
 * user's session.
 */
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authedApi } from "../e2e/auth-harness.js";
import { launchBrowser, screenshot, startUiServer, type UiServer, waitForPage } from "./browser.js";
import { freshPage } from "./fixtures/auth-api.js";

interface ListedUser {
  readonly name: string;
  readonly role: string;
  readonly disabled: string | null;
  readonly last_login: string | null;
}

/** Signs in with a user name and password on the login page (already shown). */
async function signInAsUser(page: Page, username: string, password: string): Promise<void> {
  await page.getByRole("tab", { name: "User name and password" }).click();
  await page.getByLabel("User name").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

describe("users in the UI (auth on)", () => {
  const adminKey = randomBytes(16).toString("hex");
  const password = `first-${randomBytes(8).toString("hex")}`;
  let server: UiServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const open = async () => {
    const opened = await freshPage(browser);
    contexts.push(opened.context);
    return opened;
  };
  const listed = () =>
    authedApi<ListedUser[]>(server.apiUrl, adminKey, "POST", "/users/filter", { include_disabled: true });

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

  it("lets an admin create a user in Settings", async () => {
    const { page } = await open();
    await page.goto(`${server.url}/settings`);
    await waitForPage(page, "login");
    await page.getByLabel("API key").fill(adminKey);
    await page.getByRole("button", { name: "Sign in" }).click();
    await waitForPage(page, "settings");
    await page.getByTestId("no-users").waitFor();
    const form = page.getByRole("form", { name: "Create user" });
    await form.getByLabel("User name").fill("grace");
    await form.getByLabel("Role").selectOption("developer");
    await form.getByLabel("Password").fill("short");
    expect(await form.getByRole("button", { name: "Create user" }).isDisabled()).toBe(true);
    await form.getByLabel("Password").fill(password);
    await form.getByRole("button", { name: "Create user" }).click();
    await page.getByTestId("user-created").getByText("grace").waitFor();
    const row = page.locator('tr[data-user="grace"]');
    await row.waitFor();
    expect(await row.locator("td").nth(0).textContent()).toBe("developer");
    expect(await row.getAttribute("data-status")).toBe("active");
    expect(await page.content()).not.toContain(password);
    expect((await listed()).map((user) => [user.name, user.role])).toEqual([["grace", "developer"]]);

    // A taken name is refused with the server's message.
    await form.getByLabel("User name").fill("grace");
    await form.getByLabel("Password").fill(password);
    await form.getByRole("button", { name: "Create user" }).click();
    await form.getByText(/exists already/).waitFor();
    await screenshot(page, "settings-users");
  });

  it("signs the user in with name and password, to the dashboard; they change their password and sign out", async () => {
    const { page } = await open();
    await page.goto(server.url);
    await waitForPage(page, "login");
    await signInAsUser(page, "grace", "not the right password");
    await page.getByRole("alert").getByText("Unknown user or wrong password.").waitFor();
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await waitForPage(page, "dashboard");
    expect((await listed()).find((user) => user.name === "grace")?.last_login).not.toBeNull();

    await page.goto(`${server.url}/settings`);
    await waitForPage(page, "settings");
    expect(await page.getByTestId("users").count()).toBe(0);
    const change = page.getByRole("form", { name: "Change my password" });
    await change.getByLabel("Current password").fill(password);
    await change.getByLabel("New password", { exact: true }).fill("grace's second password");
    await change.getByLabel("Repeat the new password").fill("grace's second password");
    await change.getByRole("button", { name: "Change password" }).click();
    await page.getByTestId("password-changed").waitFor();

    await page.getByRole("button", { name: "Sign out" }).click();
    await waitForPage(page, "login");
    await signInAsUser(page, "grace", "grace's second password");
    await waitForPage(page, "dashboard");
  });

  it("disables a user from Settings after a confirmation; their open session ends", async () => {
    const user = await open();
    await user.page.goto(server.url);
    await waitForPage(user.page, "login");
    await signInAsUser(user.page, "grace", "grace's second password");
    await waitForPage(user.page, "dashboard");

    const { page } = await open();
    await page.goto(`${server.url}/settings`);
    await waitForPage(page, "login");
    await page.getByLabel("API key").fill(adminKey);
    await page.getByRole("button", { name: "Sign in" }).click();
    await waitForPage(page, "settings");
    await page.getByRole("button", { name: "Disable grace" }).click();
    await page.getByRole("button", { name: "Disable user" }).click();
    await page.locator('tr[data-user="grace"]').waitFor({ state: "detached" });
    expect((await listed()).find((listedUser) => listedUser.name === "grace")?.disabled).not.toBeNull();

    await user.page.reload();
    await waitForPage(user.page, "login");
  });
});
