/**
 * Automations over a real store, on SQLite and PostgreSQL: CRUD, on / off, the views by resource,
 * and deployment triggers (automations a deployment owns, replaced on redeploy, gone with it).
 */
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import type { AutomationCreate } from "../../src/api/index.js";
import { BACKENDS } from "./backends.js";
import { errorOf, send, uniqueName, useApp } from "./harness.js";

const lateRuns = (name: string): z.input<typeof AutomationCreate> => ({
  name,
  trigger: {
    type: "event",
    expect: ["steward.flow-run.Late"],
    match: { "steward.resource.id": "steward.flow-run.*" },
  },
  actions: [{ type: "cancel-flow-run" }],
});

describe.each(BACKENDS)("automations API on $name", (backend) => {
  const h = useApp(backend);

  it("creates, reads, replaces, pauses, lists, counts and deletes an automation", async () => {
    const name = uniqueName("late");
    const created = await h.client.call("createAutomation", { body: lateRuns(name) });
    expect(created).toMatchObject({
      name,
      enabled: true,
      owner_resource: null,
      actions: [{ type: "cancel-flow-run" }],
    });
    expect(created.trigger).toMatchObject({ type: "event", posture: "Reactive", threshold: 1 });
    expect(await h.client.call("readAutomation", { params: { id: created.id } })).toEqual(created);

    await h.client.call("replaceAutomation", {
      params: { id: created.id },
      body: { ...lateRuns(name), description: "cancel late runs", actions: [{ type: "do-nothing" }] },
    });
    await h.client.call("patchAutomation", { params: { id: created.id }, body: { enabled: false } });
    const replaced = await h.client.call("readAutomation", { params: { id: created.id } });
    expect(replaced).toMatchObject({
      description: "cancel late runs",
      enabled: false,
      actions: [{ type: "do-nothing" }],
    });

    const listed = await h.client.call("filterAutomations", { body: { name: { any_: [name] } } });
    expect(listed.map((a) => a.id)).toEqual([created.id]);
    expect(await h.client.call("countAutomations", { body: { name: { any_: [name] } } })).toBe(1);

    await h.client.call("deleteAutomation", { params: { id: created.id } });
    for (const [method, body] of [
      ["GET"],
      ["DELETE"],
      ["PATCH", { enabled: true }],
      ["PUT", lateRuns(name)],
    ] as const) {
      const answer = await send(h.app, method, `/api/automations/${created.id}`, body);
      expect(answer.status).toBe(404);
      expect(errorOf(answer).code).toBe("AUTOMATION_NOT_FOUND");
    }
  });

  it("refuses an invalid automation with the field at fault", async () => {
    const answer = await send(h.app, "POST", "/api/automations/", {
      ...lateRuns(uniqueName("bad")),
      trigger: { type: "event", posture: "Proactive", within: 5 },
    });
    expect(answer.status).toBe(422);
    expect(errorOf(answer).message).toContain("within");
  });

  it("lists and deletes the automations a resource owns", async () => {
    const owner = `steward.thing.${uniqueName("owner")}`;
    const owned = await h.client.call("createAutomation", {
      body: { ...lateRuns(uniqueName("owned")), owner_resource: owner },
    });
    const related = await h.client.call("automationsRelatedTo", { params: { resource_id: owner } });
    expect(related.map((a) => a.id)).toEqual([owned.id]);
    await h.client.call("deleteAutomationsOwnedBy", { params: { resource_id: owner } });
    expect(await h.client.call("automationsRelatedTo", { params: { resource_id: owner } })).toEqual([]);
  });

  it("turns deployment triggers into owned automations, replaced on redeploy and deleted with it", async () => {
    const flow = await h.client.call("createFlow", { body: { name: uniqueName("triggered") } });
    const trigger = { expect: ["order.created"], parameters: { id: "{{ event.payload.id }}" } };
    const deployment = await h.client.call("createDeployment", {
      body: {
        name: "on-order",
        flow_id: flow.id,
        triggers: [trigger, { ...trigger, name: "named", expect: ["order.paid"] }],
      },
    });
    const owner = `steward.deployment.${deployment.id}`;
    const owned = async () =>
      h.client.call("filterAutomations", { body: { owner_resource: { any_: [owner] }, sort: "NAME_ASC" } });
    const first = await owned();
    expect(first.map((a) => a.name).sort()).toEqual([`${flow.name}/on-order trigger 1`, "named"].sort());
    const one = first.find((a) => a.name !== "named");
    expect(one).toMatchObject({
      owner_resource: owner,
      trigger: { type: "event", expect: ["order.created"], posture: "Reactive" },
      actions: [
        {
          type: "run-deployment",
          source: "selected",
          deployment_id: deployment.id,
          parameters: { id: "{{ event.payload.id }}" },
        },
      ],
    });

    // Left out: kept. Given: replaced. Empty: removed.
    await h.client.call("createDeployment", { body: { name: "on-order", flow_id: flow.id } });
    expect(await owned()).toHaveLength(2);
    await h.client.call("createDeployment", {
      body: { name: "on-order", flow_id: flow.id, triggers: [trigger] },
    });
    expect((await owned()).map((a) => a.name)).toEqual([`${flow.name}/on-order trigger 1`]);
    await h.client.call("createDeployment", {
      body: { name: "on-order", flow_id: flow.id, triggers: [trigger, trigger] },
    });
    expect(await owned()).toHaveLength(2);
    await h.client.call("deleteDeployment", { params: { id: deployment.id } });
    expect(await owned()).toEqual([]);
  });
});
