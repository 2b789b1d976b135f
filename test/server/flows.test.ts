import { describe, expect, it } from "vitest";
import { isApiError } from "../../src/client/index.js";
import { BACKENDS } from "./backends.js";
import { errorOf, send, uniqueName, useApp } from "./harness.js";

describe.each(BACKENDS)("flow routes on $name", (backend) => {
  const h = useApp(backend);

  it("creates a flow with 201 and returns the same flow with 200 on a second create", async () => {
    const name = uniqueName("etl");
    const first = await h.client.callWithStatus("createFlow", { body: { name, tags: ["a"] } });
    expect(first.status).toBe(201);
    expect(first.data).toMatchObject({ name, tags: ["a"], labels: {} });
    const second = await h.client.callWithStatus("createFlow", { body: { name } });
    expect(second.status).toBe(200);
    expect(second.data.id).toBe(first.data.id);
  });

  it("reads a flow by id and by name", async () => {
    const name = uniqueName("read me");
    const flow = await h.client.call("createFlow", { body: { name } });
    expect(await h.client.call("readFlow", { params: { id: flow.id } })).toEqual(flow);
    expect(await h.client.call("readFlowByName", { params: { name } })).toEqual(flow);
  });

  it("answers FLOW_NOT_FOUND for an unknown name", async () => {
    const answer = await send(h.app, "GET", `/api/flows/name/${encodeURIComponent(uniqueName("nope"))}`);
    expect(answer.status).toBe(404);
    expect(errorOf(answer).code).toBe("FLOW_NOT_FOUND");
  });

  it("updates with 204 and deletes with 204, then answers 404 for both", async () => {
    const flow = await h.client.call("createFlow", { body: { name: uniqueName("patch") } });
    const patched = await send(h.app, "PATCH", `/api/flows/${flow.id}`, { tags: ["x", "y"] });
    expect(patched.status).toBe(204);
    expect(patched.body).toBeUndefined();
    expect((await h.client.call("readFlow", { params: { id: flow.id } })).tags).toEqual(["x", "y"]);

    expect((await send(h.app, "DELETE", `/api/flows/${flow.id}`)).status).toBe(204);
    const gone = await send(h.app, "DELETE", `/api/flows/${flow.id}`);
    expect(gone.status).toBe(404);
    expect(errorOf(gone).code).toBe("FLOW_NOT_FOUND");
    const patchGone = await send(h.app, "PATCH", `/api/flows/${flow.id}`, { tags: [] });
    expect(errorOf(patchGone).code).toBe("FLOW_NOT_FOUND");
    await expect(h.client.call("readFlow", { params: { id: flow.id } })).rejects.toSatisfy((e) =>
      isApiError(e, 404),
    );
  });

  it("filters, counts and pages through flows", async () => {
    const tag = uniqueName("tag");
    const names = [0, 1, 2, 3, 4].map((i) => `${tag}-${i}`);
    for (const name of names) await h.client.call("createFlow", { body: { name, tags: [tag] } });
    const filter = { flows: { tags: { all_: [tag] } } };

    const all = await h.client.call("filterFlows", { body: { ...filter, sort: "NAME_ASC" } });
    expect(all.map((f) => f.name)).toEqual(names);
    expect(await h.client.call("countFlows", { body: filter })).toBe(5);
    const limited = await h.client.call("filterFlows", { body: { ...filter, limit: 2, offset: 1 } });
    expect(limited.map((f) => f.name)).toEqual(names.slice(1, 3));

    const page = await h.client.call("paginateFlows", { body: { ...filter, limit: 2, page: 3 } });
    expect(page).toMatchObject({ count: 5, limit: 2, pages: 3, page: 3 });
    expect(page.results.map((f) => f.name)).toEqual([names[4]]);
    const first = await h.client.call("paginateFlows", { body: { ...filter, limit: 2 } });
    expect(first.page).toBe(1);
    expect(first.results.map((f) => f.name)).toEqual(names.slice(0, 2));
  });

  it("bulk-deletes and reports the ids that existed", async () => {
    const a = await h.client.call("createFlow", { body: { name: uniqueName("bulk") } });
    const b = await h.client.call("createFlow", { body: { name: uniqueName("bulk") } });
    const missing = "0190f1c2-5b7e-7c3a-9d4e-2f6a8b1c0d3e";
    const result = await h.client.call("bulkDeleteFlows", { body: { ids: [a.id, missing, b.id] } });
    expect(result.deleted).toEqual([a.id, b.id]);
    expect(await h.client.call("countFlows", { body: { flows: { id: { any_: [a.id, b.id] } } } })).toBe(0);
  });
});
