import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage, openPage, screenshot, startUiServer, type UiServer } from "./browser.js";

describe("the UI shell", () => {
  let server: UiServer;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startUiServer(), launchBrowser()]);
    page = await newPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("serves the app at / with navigation to every section", async () => {
    await openPage(page, server.url, "/", "dashboard");
    for (const label of ["Dashboard", "Runs", "Flows", "Deployments", "Work pools"]) {
      await page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: label, exact: true })
        .waitFor();
    }
    await page.getByRole("link", { name: "Work pools", exact: true }).click();
    await page.locator('main[data-page="work-pools"]').waitFor();
    expect(new URL(page.url()).pathname).toBe("/work-pools");
  });

  it("opens deep links directly (shareable URLs) and explains unknown ones", async () => {
    await openPage(page, server.url, "/work-pools", "work-pools");
    await openPage(page, server.url, "/no/such/page", "not-found");
    await page.getByText("There is no page at /no/such/page").waitFor();
  });

  it("connects to the live change stream", async () => {
    await openPage(page, server.url, "/", "dashboard");
    await page.locator('[data-live="live"]').waitFor();
  });

  it("switches between light and dark themes and remembers the choice", async () => {
    await openPage(page, server.url, "/", "dashboard");
    const theme = () => page.locator("html").getAttribute("data-theme");
    const before = await theme();
    await page.getByTestId("theme-toggle").click();
    const after = await theme();
    expect(after).not.toBe(before);
    await page.reload();
    expect(await theme()).toBe(after);
    await screenshot(page, `shell-${after}`);
    await page.getByTestId("theme-toggle").click();
  });
});
