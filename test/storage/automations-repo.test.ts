/** The automations repo on both dialects: CRUD, queries, ownership, related lookups, change signals. */
import { v7 as uuidv7 } from "uuid";
import { describe, expect, it } from "vitest";
import { AutomationCreate, AutomationQuery } from "../../src/api/index.js";
import { TARGETS, uniqueName, useStore } from "./harness.js";

function definition(body: Record<string, unknown> = {}) {
  return AutomationCreate.parse({
    name: uniqueName("auto"),
    trigger: {
      type: "event",
      expect: ["steward.flow-run.Failed"],
      match: { "steward.resource.id": "steward.flow-run.*" },
    },
    actions: [{ type: "cancel-flow-run" }],
    ...body,
  });
}

describe.each(TARGETS)("automations repo on $name", (target) => {
  const ctx = useStore(target);
  const repo = () => ctx.store.automations;

  it("creates, reads with defaults filled, replaces, toggles and deletes, signalling each change", async () => {
    let changes = 0;
    const unsubscribe = repo().onChange(() => changes++);
    const created = await repo().create(definition({ tags: ["ops"] }));
    expect(created).toMatchObject({ enabled: true, description: "", tags: ["ops"], owner_resource: null });
    expect(created.trigger).toMatchObject({ type: "event", posture: "Reactive", threshold: 1, within: 0 });
    expect(await repo().read(created.id)).toEqual(created);
    const compound = definition({
      name: created.name,
      trigger: {
        type: "compound",
        require: "all",
        triggers: [
          { type: "event", expect: ["a.b"] },
          { type: "event", expect: ["c.d"], posture: "Proactive", within: "10m" },
        ],
      },
      actions: [{ type: "call-webhook", url: "https://example.com/hook" }],
    });
    expect(await repo().replace(created.id, compound)).toBe(true);
    const replaced = await repo().read(created.id);
    expect(replaced?.trigger).toMatchObject({ type: "compound", require: "all", within: null });
    expect(replaced?.actions[0]).toMatchObject({ type: "call-webhook", retries: 3, method: "POST" });
    expect(await repo().setEnabled(created.id, false)).toBe(true);
    expect((await repo().read(created.id))?.enabled).toBe(false);
    expect((await repo().enabled()).map((a) => a.id)).not.toContain(created.id);
    expect(await repo().delete(created.id)).toBe(true);
    expect(await repo().delete(created.id)).toBe(false);
    expect(await repo().replace(created.id, compound)).toBe(false);
    expect(await repo().read("not-an-id")).toBeUndefined();
    unsubscribe();
    expect(changes).toBe(4);
  });

  it("filters and counts by name, enabled and owner, in the asked order", async () => {
    const tag = uniqueName("q");
    const owner = `steward.deployment.${uuidv7()}`;
    const made = [
      await repo().create(definition({ name: `${tag}-b` })),
      await repo().create(definition({ name: `${tag}-a`, enabled: false })),
      await repo().create(definition({ name: `${tag}-c`, owner_resource: owner })),
    ];
    const names = async (body: object) =>
      (await repo().filter(AutomationQuery.parse(body))).map((a) => a.name);
    const like = { name: { like_: tag.toUpperCase() } };
    expect(await names(like)).toEqual([`${tag}-a`, `${tag}-b`, `${tag}-c`]);
    expect(await names({ ...like, sort: "NAME_DESC", limit: 2 })).toEqual([`${tag}-c`, `${tag}-b`]);
    expect(await names({ ...like, enabled: false })).toEqual([`${tag}-a`]);
    expect(await names({ owner_resource: { any_: [owner] } })).toEqual([`${tag}-c`]);
    expect(await names({ name: { any_: [`${tag}-b`] } })).toEqual([`${tag}-b`]);
    expect(await repo().count(AutomationQuery.parse({ ...like, enabled: true }))).toBe(2);
    expect((await repo().enabled()).map((a) => a.id)).toEqual(
      expect.arrayContaining([made[0]?.id, made[2]?.id]),
    );
  });

  it("finds automations related to a resource: owned, matched in the trigger, or named by an action", async () => {
    const deploymentId = uuidv7();
    const resource = `steward.deployment.${deploymentId}`;
    const owned = await repo().create(definition({ owner_resource: resource }));
    const matched = await repo().create(
      definition({ trigger: { type: "event", match: { "steward.resource.id": resource } } }),
    );
    const acting = await repo().create(
      definition({ actions: [{ type: "pause-deployment", deployment_id: deploymentId }] }),
    );
    await repo().create(definition());
    const related = await repo().relatedTo(resource);
    expect(related.map((a) => a.id).sort()).toEqual([owned.id, matched.id, acting.id].sort());
  });

  it("replaces and deletes the automations a resource owns, as one change", async () => {
    const owner = `steward.deployment.${uuidv7()}`;
    const first = await repo().replaceOwnedBy(owner, [definition(), definition()]);
    expect(first).toHaveLength(2);
    expect(first.every((a) => a.owner_resource === owner)).toBe(true);
    const second = await repo().replaceOwnedBy(owner, [definition({ owner_resource: "someone-else" })]);
    expect(second[0]?.owner_resource).toBe(owner);
    const owned = async () => repo().filter(AutomationQuery.parse({ owner_resource: { any_: [owner] } }));
    expect((await owned()).map((a) => a.id)).toEqual([second[0]?.id]);
    expect(await repo().deleteOwnedBy(owner)).toBe(1);
    expect(await owned()).toEqual([]);
    expect(await repo().deleteOwnedBy(owner)).toBe(0);
  });
});
