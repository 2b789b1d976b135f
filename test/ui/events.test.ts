// The Events page: an event emitted through the API appears live (no reload), its page shows the
// resource, related resources and raw JSON, and filtering by name (with wildcards) narrows the feed.
// Steward resources show by name, linked, even when an event carries only their ids.
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

describe("the Events page", () => {
  let server: UiServer;
  let browser: Browser;
  let page: Page;

  const emit = (events: unknown[]) => api(server.apiUrl, "POST", "/events", events);
  const rows = () => page.locator("[data-testid=event-feed] tr[data-event-id]");
  const row = (name: string) => page.locator(`tr[data-event-name="${name}"]`);

  beforeAll(async () => {
    [server, browser] = await Promise.all([startUiServer(), launchBrowser()]);
    page = await newPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("explains how to emit an event when there are none", async () => {
    await openPage(page, server.url, "/events?name=ui.nothing.*", "events");
    await page.getByTestId("empty-state").filter({ hasText: "No events match" }).waitFor();
    await openPage(page, server.url, "/events", "events");
    // A fresh server may already have emitted its own events; the page shows either them or the help.
    const empty = await page.getByTestId("empty-state").count();
    if (empty > 0) expect(await page.getByTestId("command").textContent()).toContain("steward events emit");
  });

  it("shows an emitted event live and opens its page with resource, related and raw JSON", async () => {
    await openPage(page, server.url, "/events", "events");
    await page.locator('[data-testid=events-live][data-live="live"]').waitFor();
    await emit([
      {
        event: "ui.order.shipped",
        resource: {
          "steward.resource.id": "shop.order.42",
          "steward.resource.name": "Order 42",
          region: "eu",
        },
        related: [
          {
            "steward.resource.id": "shop.customer.7",
            "steward.resource.role": "customer",
            "steward.resource.name": "Ada",
          },
        ],
        payload: { parcels: 3 },
      },
    ]);
    // Live: the page was open before the event existed, and is not reloaded.
    await row("ui.order.shipped").waitFor();
    expect(await row("ui.order.shipped").textContent()).toContain("Order 42");
    expect(await row("ui.order.shipped").textContent()).toContain('{"parcels":3}');
    await page.locator('[data-testid=event-volume]:not([data-total="0"])').waitFor();
    await screenshot(page, "events-feed");

    await row("ui.order.shipped").getByRole("link", { name: "ui.order.shipped" }).click();
    await waitForPage(page, "event");
    const resource = page.getByTestId("event-resource");
    expect(await resource.textContent()).toContain("shop.order.42");
    expect(await resource.textContent()).toContain("region");
    const related = page.locator('[data-testid=event-related] li[data-role="customer"]');
    expect(await related.textContent()).toContain("Ada");
    expect(await related.textContent()).toContain("shop.customer.7");
    const raw = JSON.parse((await page.getByTestId("event-raw").textContent()) ?? "{}") as {
      event: string;
      payload: unknown;
    };
    expect(raw.event).toBe("ui.order.shipped");
    expect(raw.payload).toEqual({ parcels: 3 });
    await screenshot(page, "event-detail");
    await page.getByTestId("theme-toggle").click();
    await screenshot(page, "event-detail-dark");
    await page.getByTestId("theme-toggle").click();
  });

  it("narrows the feed by event name, with wildcards, and keeps the filter in the URL", async () => {
    await emit([
      { event: "ui.order.created", resource: { "steward.resource.id": "shop.order.43" } },
      { event: "ui.invoice.sent", resource: { "steward.resource.id": "shop.invoice.9" } },
    ]);
    await openPage(page, server.url, "/events", "events");
    await row("ui.invoice.sent").waitFor();
    await row("ui.order.created").waitFor();

    await page.getByLabel("Event name").fill("ui.order.*");
    await page.getByLabel("Event name").press("Enter");
    await row("ui.invoice.sent").waitFor({ state: "detached" });
    const names = await rows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-event-name")));
    expect(new Set(names)).toEqual(new Set(["ui.order.shipped", "ui.order.created"]));
    expect(new URL(page.url()).searchParams.get("name")).toBe("ui.order.*");

    // A live event that does not match stays out; one that matches comes in.
    await emit([
      { event: "ui.invoice.paid", resource: { "steward.resource.id": "shop.invoice.9" } },
      { event: "ui.order.cancelled", resource: { "steward.resource.id": "shop.order.43" } },
    ]);
    await row("ui.order.cancelled").waitFor();
    expect(await row("ui.invoice.paid").count()).toBe(0);

    // The link opens the same view; the resource filter narrows further.
    await openPage(page, server.url, "/events?name=ui.order.*&resource=shop.order.43", "events");
    await row("ui.order.cancelled").waitFor();
    expect(await row("ui.order.shipped").count()).toBe(0);
    await screenshot(page, "events-filtered");
  });

  it("describes Steward's own events and links their resources to their pages", async () => {
    await openPage(page, server.url, "/events?name=steward.work-pool.*", "events");
    const created = await steward(["work-pool", "create", "--type", "process", "ui-events-pool"], server.env);
    expect(created.code, created.stderr).toBe(0);
    await row("steward.work-pool.created").waitFor();
    expect(await row("steward.work-pool.created").textContent()).toContain(
      "Work pool ui-events-pool was created",
    );
    await row("steward.work-pool.created").getByRole("link", { name: "ui-events-pool" }).click();
    await waitForPage(page, "work-pool");
    expect(new URL(page.url()).pathname).toBe("/work-pools/work-pool/ui-events-pool");
  });
  it("names and links real flow runs that events give only by id, looked up once for the page", async () => {
    for (let i = 0; i < 2; i++) {
      const ran = await steward(["flow", "run", "flows/hello.ts:hello"], server.env);
      expect(ran.code, ran.stderr).toBe(0);
    }
    const [run, other] = await api<{ id: string; name: string; flow_id: string }[]>(
      server.apiUrl,
      "POST",
      "/flow_runs/filter",
      { limit: 2 },
    );
    if (!run || !other) throw new Error("no flow runs");
    const lookups: unknown[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/api/flow_runs/filter")) lookups.push(request.postDataJSON());
    });
    await emit([
      {
        event: "ui.audit.checked",
        resource: { "steward.resource.id": `steward.flow-run.${run.id}` },
        related: [{ "steward.resource.id": `steward.flow.${run.flow_id}`, "steward.resource.role": "flow" }],
      },
      { event: "ui.audit.rechecked", resource: { "steward.resource.id": `steward.flow-run.${other.id}` } },
    ]);
    await openPage(page, server.url, "/events?name=ui.audit.*", "events");
    for (const [name, named] of [
      ["ui.audit.checked", run],
      ["ui.audit.rechecked", other],
    ] as const) {
      const link = row(name).getByRole("link", { name: named.name, exact: true });
      await link.waitFor();
      expect(await link.getAttribute("href")).toBe(`/runs/flow-run/${named.id}`);
      // The id stays beneath the name.
      expect(await row(name).textContent()).toContain(`steward.flow-run.${named.id}`);
    }
    // Not one request per row: every lookup names both runs.
    expect(lookups.length).toBeGreaterThan(0);
    for (const body of lookups) {
      expect(body).toEqual({ flow_runs: { id: { any_: [run.id, other.id].sort() } }, limit: 200 });
    }
    await screenshot(page, "events-named-resources");

    await row("ui.audit.checked").getByRole("link", { name: "ui.audit.checked" }).click();
    await waitForPage(page, "event");
    const resource = page.getByTestId("event-resource");
    await resource.getByRole("link", { name: run.name, exact: true }).waitFor();
    const flow = page
      .locator('[data-testid=event-related] li[data-role="flow"]')
      .getByRole("link", { name: "hello", exact: true });
    await flow.waitFor();
    expect(await flow.getAttribute("href")).toBe(`/flows/flow/${run.flow_id}`);
  });
});
