import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { returnPath } from "../../ui/src/app/paths.js";
import { api } from "../e2e/harness.js";
import { launchBrowser, openPage, screenshot, startUiServer, type UiServer, waitForPage } from "./browser.js";
import { createKey, type CreatedKey, freshPage, statusWithCookie } from "./fixtures/auth-api.js";
import { authedApi } from "../e2e/auth-harness.js";

const POOL = "login-pool";
const COOKIE = "steward_session";

/** Types `key` into the login form and submits it. */
async function signIn(page: Page, key: string): Promise<void> {
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** What the browser's own fetch (no CSRF header, cookie sent) gets back. */
function browserFetch(page: Page, path: string, method: string, body?: unknown) {
  return page.evaluate(
    async ([path, method, body]) => {
      const response = await fetch(path, {
        method,
        headers: method === "GET" ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, code: text ? (JSON.parse(text).error?.code as string) : undefined };
    },
    [path, method, body] as const,
  );
}

describe("signing in to the UI (auth on)", () => {
  const adminKey = randomBytes(16).toString("hex");
  let server: UiServer;
  let browser: Browser;
  let viewer: CreatedKey;
  const contexts: BrowserContext[] = [];
  const pool = () => authedApi<{ is_paused: boolean }>(server.apiUrl, adminKey, "GET", `/work_pools/${POOL}`);

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startUiServer({ STEWARD_SERVER_API_KEY: adminKey }),
      launchBrowser(),
    ]);
    await authedApi(server.apiUrl, adminKey, "POST", "/work_pools/", { name: POOL, type: "process" });
    viewer = await createKey(server.apiUrl, adminKey, "ui-viewer", "viewer");
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  async function open(width?: number, height?: number) {
    const opened = await freshPage(browser, width, height);
    contexts.push(opened.context);
    return opened;
  }

  it("shows only the login page without a session, and asks for no data", async () => {
    const { page, requests } = await open();
    await page.goto(`${server.url}/work-pools`);
    await waitForPage(page, "login");
    const url = new URL(page.url());
    expect(url.pathname).toBe("/login");
    expect(url.searchParams.get("next")).toBe("/work-pools");
    // The field is labelled, a password field without autocomplete, and has the focus.
    const field = page.getByLabel("API key");
    expect(await field.getAttribute("type")).toBe("password");
    expect(await field.getAttribute("autocomplete")).toBe("off");
    expect(await page.locator('input[name="key"]:focus').count()).toBe(1);
    // Nothing of the app around it.
    expect(await page.getByRole("navigation", { name: "Main" }).count()).toBe(0);
    expect(await page.locator("main").count()).toBe(1);
    await page.waitForTimeout(500); // a late data request would show up here
    const apiRequests = requests.filter((path) => path.startsWith("/api/"));
    expect(apiRequests.length).toBeGreaterThan(0);
    expect(apiRequests.every((path) => path === "/api/auth/session")).toBe(true);
    const others = requests.filter((path) => !path.startsWith("/api/"));
    expect(others.every((path) => /^\/(work-pools|assets\/.+|favicon\.svg)$/.test(path))).toBe(true);
    await screenshot(page, "login");
  });

  it("fits a 390 px phone screen", async () => {
    const { page } = await open(390, 844);
    await page.goto(`${server.url}/`);
    await waitForPage(page, "login");
    expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    const box = await page.getByRole("button", { name: "Sign in" }).boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    await screenshot(page, "login-phone");
  });

  it("shows the server's message for a wrong key, in an alert, and stays on the login page", async () => {
    const { page, requests } = await open();
    await page.goto(`${server.url}/work-pools`);
    await waitForPage(page, "login");
    await signIn(page, `stw_wrong_${randomBytes(8).toString("hex")}`);
    const alert = page.getByRole("alert");
    await alert.getByText("Could not sign in").waitFor();
    expect(await alert.textContent()).toMatch(/key/i);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(await page.locator('input[name="key"]:focus').count()).toBe(1);
    const apiRequests = requests.filter((path) => path.startsWith("/api/"));
    expect(new Set(apiRequests)).toEqual(new Set(["/api/auth/session", "/api/auth/login"]));
    await screenshot(page, "login-error");
  });

  it("lands on the wanted page with data after a viewer key; the cookie is HttpOnly and SameSite=Strict", async () => {
    const { context, page } = await open();
    await page.goto(`${server.url}/work-pools`);
    await waitForPage(page, "login");
    await signIn(page, viewer.key);
    await waitForPage(page, "work-pools");
    expect(new URL(page.url()).pathname).toBe("/work-pools");
    await page.locator(`article[data-pool="${POOL}"]`).waitFor();
    expect(await page.getByTestId("user-name").textContent()).toBe("ui-viewer");
    expect(await page.getByTestId("user-role").textContent()).toBe("viewer");
    await screenshot(page, "login-signed-in");

    const cookie = (await context.cookies()).find((candidate) => candidate.name === COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/" });
    // Neither the cookie nor the CSRF token is anywhere a script could read it later.
    expect(await page.evaluate<string>("document.cookie")).not.toContain(COOKIE);
    const stored = await page.evaluate<string>("JSON.stringify({ ...localStorage, ...sessionStorage })");
    const csrf = await page.evaluate(
      async () => ((await (await fetch("/api/auth/session")).json()) as { csrf_token: string }).csrf_token,
    );
    expect(csrf.length).toBeGreaterThan(10);
    expect(stored).not.toContain(csrf);

    // A viewer may not pause a pool: the server's 403 shows where the button was.
    await page.locator(`article[data-pool="${POOL}"]`).getByRole("button", { name: "Pause" }).click();
    const refusal = page.locator(`article[data-pool="${POOL}"]`).getByRole("alert");
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain("Could not change the pool");
    expect((await pool()).is_paused).toBe(false);
  });

  it("sends the CSRF token with the UI's writes; a write without it is refused", async () => {
    const { page } = await open();
    const csrfHeaders: (string | undefined)[] = [];
    page.on("request", (request) => {
      if (request.method() === "PATCH") csrfHeaders.push(request.headers()["x-steward-csrf"]);
    });
    await page.goto(`${server.url}/work-pools`);
    await waitForPage(page, "login");
    await signIn(page, adminKey);
    await waitForPage(page, "work-pools");
    expect(await page.getByTestId("user-role").textContent()).toBe("admin");
    const card = page.locator(`article[data-pool="${POOL}"]`);

    await card.getByRole("button", { name: "Pause" }).click();
    await card.locator('.wp-pause-toggle[data-paused="true"]').waitFor();
    expect((await pool()).is_paused).toBe(true);
    await card.getByRole("button", { name: "Resume" }).click();
    await card.locator('.wp-pause-toggle[data-paused="false"]').waitFor();
    expect((await pool()).is_paused).toBe(false);
    expect(csrfHeaders).toHaveLength(2);
    expect(csrfHeaders.every((header) => typeof header === "string" && header.length > 0)).toBe(true);

    // The cookie alone reads, but never writes.
    expect((await browserFetch(page, `/api/work_pools/${POOL}`, "GET")).status).toBe(200);
    const forged = await browserFetch(page, `/api/work_pools/${POOL}`, "PATCH", { is_paused: true });
    expect(forged).toEqual({ status: 403, code: "CSRF_FAILED" });
    expect((await pool()).is_paused).toBe(false);
  });

  it("signs out to the login page; the old cookie then answers 401", async () => {
    const { context, page } = await open();
    await page.goto(`${server.url}/flows`);
    await waitForPage(page, "login");
    await signIn(page, viewer.key);
    await waitForPage(page, "flows");
    const cookie = (await context.cookies()).find((candidate) => candidate.name === COOKIE);
    expect(cookie).toBeDefined();

    await page.getByRole("button", { name: "Sign out" }).click();
    await waitForPage(page, "login");
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe("/login");
    await page.getByTestId("session-ended").getByText("You have signed out.").waitFor();
    expect((await context.cookies()).some((candidate) => candidate.name === COOKIE)).toBe(false);
    expect((await browserFetch(page, "/api/version", "GET")).status).toBe(401);
    // The session is over on the server, not only forgotten by the browser.
    expect(await statusWithCookie(server.apiUrl, "/version", COOKIE, cookie?.value ?? "")).toBe(401);
  });

  it("goes back to the login page when the session's key is revoked, and returns after a new login", async () => {
    const revoked = await createKey(server.apiUrl, adminKey, "ui-revoked", "viewer");
    const { page, requests } = await open();
    await page.goto(`${server.url}/work-pools`);
    await waitForPage(page, "login");
    await signIn(page, revoked.key);
    await waitForPage(page, "work-pools");

    await authedApi(server.apiUrl, adminKey, "POST", `/api_keys/${revoked.id}/revoke`);
    // The revoke is a change the open page hears of: its refetch may meet the 401 before the click
    // does, so the way back is to whichever page was open at that moment.
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Flows" })
      .click({ timeout: 2_000 })
      .catch(() => undefined);
    await waitForPage(page, "login");
    const next = new URL(page.url()).searchParams.get("next");
    expect(["/flows", "/work-pools"]).toContain(next);
    await page
      .getByTestId("session-ended")
      .getByText(/session has ended/)
      .waitFor();

    // Signed out, the app asks for nothing but the session.
    const before = requests.length;
    await page.waitForTimeout(500);
    expect(
      requests.slice(before).filter((path) => path.startsWith("/api/") && path !== "/api/auth/session"),
    ).toEqual([]);

    // The revoked key no longer opens a session; another key returns to the wanted page.
    await signIn(page, revoked.key);
    await page.getByRole("alert").getByText("Could not sign in").waitFor();
    await signIn(page, viewer.key);
    await waitForPage(page, next === "/flows" ? "flows" : "work-pools");
    expect(new URL(page.url()).pathname).toBe(next);
  });

  // Last: it leaves this address rate limited for bad keys.
  it("says how long to wait after too many wrong keys; a working key still passes", async () => {
    const { page } = await open();
    await page.goto(`${server.url}/`);
    await waitForPage(page, "login");
    for (let attempt = 0; attempt < 21; attempt++) {
      const response = await fetch(`${server.apiUrl}/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ key: `stw_wrong_${attempt}` }),
      });
      await response.body?.cancel();
    }
    await signIn(page, "stw_wrong_again");
    const alert = page.getByRole("alert");
    await alert.getByText(/Too many/).waitFor();
    expect(await alert.textContent()).toMatch(/try again in \d+ s/);
    const button = page.getByRole("button", { name: /^Sign in \(wait \d+ s\)$/ });
    expect(await button.isDisabled()).toBe(true);
    await screenshot(page, "login-rate-limited");

    await page.reload();
    await waitForPage(page, "login");
    await signIn(page, viewer.key);
    await waitForPage(page, "dashboard");
  });
});

describe("the login page's return path", () => {
  it("returns only to pages of this app", () => {
    expect(returnPath("/work-pools?x=1#top")).toBe("/work-pools?x=1#top");
    expect(returnPath(null)).toBe("/");
    for (const foreign of ["https://evil.example", "//evil.example", "/\\evil.example", "/\t/evil.example"]) {
      expect(returnPath(foreign)).toBe("/");
    }
    expect(returnPath("/login?next=/flows")).toBe("/");
    expect(returnPath("/logins-report")).toBe("/logins-report");
  });
});

describe("the UI with auth off", () => {
  let server: UiServer;
  let browser: Browser;
  let context: BrowserContext;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startUiServer(), launchBrowser()]);
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it("works as before: no login page, no sign-in element, writes without a session", async () => {
    expect(await api(server.apiUrl, "GET", "/auth/session")).toMatchObject({
      auth_enabled: false,
      principal: null,
    });
    const page = await context.newPage();
    await openPage(page, server.url, "/work-pools", "work-pools");
    expect(await page.getByTestId("user-menu").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Sign out" }).count()).toBe(0);
    await api(server.apiUrl, "POST", "/work_pools/", { name: POOL, type: "process" });
    const card = page.locator(`article[data-pool="${POOL}"]`);
    await card.getByRole("button", { name: "Pause" }).click();
    await card.locator('.wp-pause-toggle[data-paused="true"]').waitFor();
    // The login page has nothing to do: it goes on to the wanted page.
    await openPage(page, server.url, "/login?next=/flows", "flows");
    expect(new URL(page.url()).pathname).toBe("/flows");
  });
});
