/**
 * Webhooks over a real store, on SQLite and PostgreSQL: CRUD and rotation, and the receiver
 * (`POST|PUT /api/hooks/{slug}`) that turns a request into an event through the template.
 */
import { describe, expect, it } from "vitest";
import type { Webhook } from "../../src/api/index.js";
import { BACKENDS } from "./backends.js";
import { errorOf, send, uniqueName, useApp } from "./harness.js";

const TEMPLATE = {
  event: "order.{{ body.kind }}",
  resource: {
    "steward.resource.id": "order.{{ body.order.id }}",
    "steward.resource.name": "{{ body.customer.name }}",
  },
  payload: { order: "{{ body.order }}", source: "{{ query.source }}", agent: "{{ headers.user-agent }}" },
};

describe.each(BACKENDS)("webhooks API on $name", (backend) => {
  const h = useApp(backend);

  const create = (template: Record<string, unknown> = TEMPLATE, enabled = true): Promise<Webhook> =>
    h.client.call("createWebhook", { body: { name: uniqueName("hook"), template, enabled } });

  const eventsAbout = async (resourceId: string) =>
    (await h.client.call("filterEvents", { body: { filter: { resource: { id: [resourceId] } } } })).events;

  it("creates, reads, lists, updates and deletes a webhook", async () => {
    const webhook = await create();
    expect(webhook.slug).toMatch(/^[\w-]{43}$/);
    expect(webhook.path).toBe(`/api/hooks/${webhook.slug}`);
    expect(await h.client.call("readWebhook", { params: { id: webhook.id } })).toEqual(webhook);
    const listed = await h.client.call("filterWebhooks", { body: { name: [webhook.name] } });
    expect(listed.map((w) => w.id)).toEqual([webhook.id]);
    await h.client.call("updateWebhook", { params: { id: webhook.id }, body: { description: "orders" } });
    expect((await h.client.call("readWebhook", { params: { id: webhook.id } })).description).toBe("orders");
    await h.client.call("deleteWebhook", { params: { id: webhook.id } });
    const gone = await send(h.app, "GET", `/api/webhooks/${webhook.id}`);
    expect(gone.status).toBe(404);
    expect(errorOf(gone).code).toBe("WEBHOOK_NOT_FOUND");
    const missingPatch = await send(h.app, "PATCH", `/api/webhooks/${webhook.id}`, { enabled: false });
    expect(errorOf(missingPatch).code).toBe("WEBHOOK_NOT_FOUND");
  });

  it("turns a JSON request into an event through the template (204)", async () => {
    const webhook = await create();
    const id = uniqueName("o");
    const answer = await h.app.request(`${webhook.path}?source=shop`, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "shop/1.0" },
      body: JSON.stringify({ kind: "created", order: { id, total: 12.5 }, customer: { name: "Ada" } }),
    });
    expect(answer.status).toBe(204);
    const [event] = await eventsAbout(`order.${id}`);
    expect(event).toMatchObject({
      event: "order.created",
      resource: { "steward.resource.id": `order.${id}`, "steward.resource.name": "Ada" },
      payload: { order: { id, total: 12.5 }, source: "shop", agent: "shop/1.0" },
    });
  });

  it("accepts PUT and form-encoded bodies", async () => {
    const webhook = await create({
      event: "form.{{ method }}",
      resource: { "steward.resource.id": "form.{{ body.id }}" },
      payload: { raw: "{{ raw_body }}" },
    });
    const id = uniqueName("f");
    const answer = await h.app.request(webhook.path, {
      method: "PUT",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `id=${id}&x=1`,
    });
    expect(answer.status).toBe(204);
    const [event] = await eventsAbout(`form.${id}`);
    expect(event).toMatchObject({ event: "form.PUT", payload: { raw: `id=${id}&x=1` } });
  });

  it("answers the same 404 for unknown, disabled and rotated-away slugs", async () => {
    const unknown = await send(h.app, "POST", "/api/hooks/not-a-real-slug", {});
    const disabled = await create(TEMPLATE, false);
    const off = await send(h.app, "POST", disabled.path, {});
    const rotated = await create();
    const renewed = await h.client.call("rotateWebhookSlug", { params: { id: rotated.id } });
    expect(renewed.slug).not.toBe(rotated.slug);
    const old = await send(h.app, "POST", rotated.path, {});
    for (const answer of [unknown, off, old]) {
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual(unknown.body);
    }
    const fresh = await send(h.app, "POST", renewed.path, { kind: "x", order: { id: "r" }, customer: {} });
    expect(fresh.status).toBe(204);
  });

  it("answers 400 with the reason when the request cannot make a valid event", async () => {
    const webhook = await create({ event: "{{ body.name }}", resource: { "steward.resource.id": "r" } });
    const answer = await send(h.app, "POST", webhook.path, { other: 1 });
    expect(answer.status).toBe(400);
    expect(errorOf(answer).code).toBe("INVALID_INPUT");
    expect(errorOf(answer).message).toContain("event");
    const badTemplate = await send(h.app, "POST", "/api/webhooks/", {
      name: uniqueName("bad"),
      template: { a: 1 },
    });
    expect(badTemplate.status).toBe(400);
  });
});
