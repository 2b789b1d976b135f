import { describe, expect, it } from "vitest";
import { FlowCreate, FlowQuery } from "../../src/api/index.js";
import { makeFlow, makeRun, TARGETS, uniqueName, useStore } from "./harness.js";

describe.each(TARGETS)("flows on $name", (target) => {
  const ctx = useStore(target);

  it("upserts by name: created once, then returned as it is", async () => {
    const name = uniqueName("etl");
    const first = await ctx.store.flows.upsert(
      FlowCreate.parse({ name, tags: ["a"], labels: { team: "data" } }),
    );
    const second = await ctx.store.flows.upsert(FlowCreate.parse({ name, tags: ["other"] }));
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.value).toEqual(first.value);
    expect(first.value).toMatchObject({ name, tags: ["a"], labels: { team: "data" } });
    expect(Date.parse(first.value.created)).toBeGreaterThan(0);
  });

  it("reads by id and by name; unknown ids and names are undefined", async () => {
    const name = uniqueName("reader");
    const id = await makeFlow(ctx.store, name);
    expect((await ctx.store.flows.read(id))?.name).toBe(name);
    expect((await ctx.store.flows.readByName(name))?.id).toBe(id);
    expect(await ctx.store.flows.read("0195c1a2-0000-7000-8000-000000000000")).toBeUndefined();
    expect(await ctx.store.flows.read("not-a-uuid")).toBeUndefined();
    expect(await ctx.store.flows.readByName(uniqueName("missing"))).toBeUndefined();
  });

  it("updates tags and labels, and says when nothing matched", async () => {
    const id = await makeFlow(ctx.store);
    expect(await ctx.store.flows.update(id, { tags: ["x"], labels: { tier: 1 } })).toBe(true);
    expect(await ctx.store.flows.read(id)).toMatchObject({ tags: ["x"], labels: { tier: 1 } });
    expect(await ctx.store.flows.update("0195c1a2-0000-7000-8000-000000000000", { tags: [] })).toBe(false);
  });

  it("filters by id, name (any_ and case-insensitive like_) and tags, and counts the same", async () => {
    const tag = uniqueName("tag");
    const a = await makeFlow(ctx.store, uniqueName("Alpha_Loader"), [tag, "x"]);
    const b = await makeFlow(ctx.store, uniqueName("beta-loader"), [tag]);
    const c = await makeFlow(ctx.store, uniqueName("gamma"), []);
    const query = (body: object) => FlowQuery.parse(body);
    const ids = async (body: object) => (await ctx.store.flows.filter(query(body))).map((f) => f.id).sort();

    expect(await ids({ flows: { tags: { all_: [tag] } } })).toEqual([a, b].sort());
    expect(await ids({ flows: { tags: { all_: [tag, "x"] } } })).toEqual([a]);
    expect(await ids({ flows: { id: { any_: [a, c] }, tags: { is_null_: true } } })).toEqual([c]);
    expect(await ids({ flows: { id: { any_: [a, b, c] }, name: { like_: "LOADER" } } })).toEqual(
      [a, b].sort(),
    );
    // like_ is a substring match: % and _ are literal characters, not wildcards.
    expect(await ids({ flows: { id: { any_: [a, b, c] }, name: { like_: "a_l" } } })).toEqual([a]);
    expect(await ids({ flows: { id: { any_: [a, b, c], not_any_: [b] } } })).toEqual([a, c].sort());
    expect(await ctx.store.flows.count(query({ flows: { tags: { any_: [tag, "nope"] } } }))).toBe(2);
    expect(await ctx.store.flows.count(query({ flows: { id: { any_: [] } } }))).toBe(0);
  });

  it("filters flows by their runs", async () => {
    const withRun = await makeFlow(ctx.store);
    const without = await makeFlow(ctx.store);
    const tag = uniqueName("run-tag");
    await makeRun(ctx.store, withRun, { tags: [tag] });
    const found = await ctx.store.flows.filter(
      FlowQuery.parse({ flows: { id: { any_: [withRun, without] } }, flow_runs: { tags: { all_: [tag] } } }),
    );
    expect(found.map((f) => f.id)).toEqual([withRun]);
  });

  it("sorts by name both ways and pages with limit/offset", async () => {
    const tag = uniqueName("sort");
    const names = ["b", "a", "c"].map((letter) => `${letter}-${uniqueName("sorted")}`);
    for (const name of names) await makeFlow(ctx.store, name, [tag]);
    const list = async (sort: string, limit = 200, offset = 0) =>
      (
        await ctx.store.flows.filter(
          FlowQuery.parse({ flows: { tags: { all_: [tag] } }, sort, limit, offset }),
        )
      ).map((f) => f.name[0]);
    expect(await list("NAME_ASC")).toEqual(["a", "b", "c"]);
    expect(await list("NAME_DESC")).toEqual(["c", "b", "a"]);
    expect(await list("CREATED_DESC")).toEqual(["c", "a", "b"]);
    expect(await list("NAME_ASC", 1, 1)).toEqual(["b"]);
  });
});
