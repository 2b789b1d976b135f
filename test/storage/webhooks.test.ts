/** Webhooks on both dialects: CRUD, template checks, unique names, secret slugs and rotation. */
import { describe, expect, it } from "vitest";
import { WebhookCreate, WebhookQuery, WebhookUpdate } from "../../src/api/index.js";
import { TARGETS, uniqueName, useStore } from "./harness.js";

const TEMPLATE = { event: "gh.push", resource: { "steward.resource.id": "gh.repo.{{ body.repo }}" } };

describe.each(TARGETS)("webhooks on $name", (target) => {
  const ctx = useStore(target);
  const create = (body: object) =>
    ctx.store.webhooks.create(WebhookCreate.parse({ name: uniqueName("hook"), ...body }));

  it("creates a webhook with a random 32-byte slug and its path, and reads it by id and slug", async () => {
    const hook = await create({ template: TEMPLATE, description: "pushes" });
    expect(hook.slug).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hook.path).toBe(`/api/hooks/${hook.slug}`);
    expect(hook).toMatchObject({ enabled: true, template: TEMPLATE, description: "pushes" });
    expect(await ctx.store.webhooks.read(hook.id)).toEqual(hook);
    expect(await ctx.store.webhooks.readBySlug(hook.slug)).toEqual(hook);
    expect(await ctx.store.webhooks.read("nope")).toBeUndefined();
    expect((await create({ template: TEMPLATE })).slug).not.toBe(hook.slug);
  });

  it("parses a template given as JSON text and refuses what cannot make an event", async () => {
    const hook = await create({ template: JSON.stringify(TEMPLATE) });
    expect(hook.template).toEqual(TEMPLATE);
    await expect(create({ template: "{not json" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringContaining("the template is not valid JSON"),
    });
    await expect(create({ template: "[1, 2]" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(create({ template: { event: "x" } })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringContaining('"resource"'),
    });
    await expect(
      ctx.store.webhooks.update(hook.id, WebhookUpdate.parse({ template: '{"resource": {}}' })),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("answers CONFLICT for a name in use, on create and on rename", async () => {
    const name = uniqueName("dup");
    const first = await create({ name, template: TEMPLATE });
    await expect(create({ name, template: TEMPLATE })).rejects.toMatchObject({ code: "CONFLICT" });
    const other = await create({ template: TEMPLATE });
    await expect(ctx.store.webhooks.update(other.id, WebhookUpdate.parse({ name }))).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect((await ctx.store.webhooks.read(first.id))?.name).toBe(name);
  });

  it("rotates the slug: the old one stops working at once", async () => {
    const hook = await create({ template: TEMPLATE });
    const rotated = await ctx.store.webhooks.rotate(hook.id);
    expect(rotated?.slug).not.toBe(hook.slug);
    expect(rotated?.path).toBe(`/api/hooks/${rotated?.slug}`);
    expect(await ctx.store.webhooks.readBySlug(hook.slug)).toBeUndefined();
    expect((await ctx.store.webhooks.readBySlug(rotated?.slug ?? ""))?.id).toBe(hook.id);
    expect(await ctx.store.webhooks.rotate("01a20c26-0000-7000-8000-000000000000")).toBeUndefined();
  });

  it("updates, disables, filters and deletes", async () => {
    const hook = await create({ template: TEMPLATE });
    expect(
      await ctx.store.webhooks.update(hook.id, WebhookUpdate.parse({ enabled: false, description: null })),
    ).toBe(true);
    // A disabled hook is still found by its slug: the route decides to answer 404.
    expect(await ctx.store.webhooks.readBySlug(hook.slug)).toMatchObject({
      enabled: false,
      description: null,
    });
    const listed = await ctx.store.webhooks.filter(WebhookQuery.parse({ name: [hook.name] }));
    expect(listed.map((h) => h.id)).toEqual([hook.id]);
    expect(await ctx.store.webhooks.filter(WebhookQuery.parse({ name: [] }))).toEqual([]);
    expect(await ctx.store.webhooks.delete(hook.id)).toBe(true);
    expect(await ctx.store.webhooks.delete(hook.id)).toBe(false);
    expect(await ctx.store.webhooks.update(hook.id, WebhookUpdate.parse({ enabled: true }))).toBe(false);
  });
});
