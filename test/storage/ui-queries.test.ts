/**
 * What migration 0006 and the query shapes behind the UI's pages must keep exactly as it was: tag
 * filters through the tag-list dictionary (inserts, updates, runs written before the migration),
 * the unfiltered count from the run counter, NULLs last in both directions of the rewritten orders,
 * the flow-id filter said on the run, and pages picked by id first.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Kysely, sql } from "kysely";
import { v7 as uuidv7 } from "uuid";
import { describe, expect, it } from "vitest";
import { FlowRunQuery, FlowRunUpdate } from "../../src/api/index.js";
import { openStore } from "../../src/server/storage/index.js";
import { migrate } from "../../src/server/storage/migrations/index.js";
import { connectPostgres } from "../../src/server/storage/postgres/connect.js";
import { connectSqlite } from "../../src/server/storage/sqlite/connect.js";
import {
  assertPostgresReachable,
  dropSchema,
  iso,
  makeFlow,
  makeRun,
  POSTGRES_URL,
  TARGETS,
  uniqueName,
  uniqueSchema,
  useStore,
} from "./harness.js";

describe.each(TARGETS)("UI queries on $name", (target) => {
  const ctx = useStore(target);
  const ids = async (body: object) =>
    (await ctx.store.flowRuns.filter(FlowRunQuery.parse(body))).map((run) => run.id);
  const count = (body: object) => ctx.store.flowRuns.count(FlowRunQuery.parse(body));

  it("finds runs by the tags they were created with, and by the tags an update gave them", async () => {
    const flowId = await makeFlow(ctx.store);
    const [old, fresh, other] = [uniqueName("old"), uniqueName("fresh"), uniqueName("other")];
    const run = await makeRun(ctx.store, flowId, { tags: [old, other] });
    const bystander = await makeRun(ctx.store, flowId, { tags: [other] });
    expect(await ids({ flow_runs: { tags: { all_: [old] } } })).toEqual([run.id]);

    await ctx.store.flowRuns.update(run.id, FlowRunUpdate.parse({ tags: [fresh, other] }));
    expect(await ids({ flow_runs: { tags: { all_: [fresh] } } })).toEqual([run.id]);
    expect(await ids({ flow_runs: { tags: { all_: [old] } } })).toEqual([]);
    expect(await count({ flow_runs: { tags: { all_: [fresh, other] } } })).toBe(1);
    expect(await ids({ flow_runs: { tags: { any_: [fresh, other] } }, sort: "ID_DESC" })).toEqual([
      bystander.id,
      run.id,
    ]);
    expect(await ids({ flow_runs: { tags: { any_: [] } } })).toEqual([]);
    const untagged = await makeRun(ctx.store, flowId, { tags: [] });
    const empty = await ids({ flow_runs: { id: { any_: [run.id, untagged.id] }, tags: { is_null_: true } } });
    expect(empty).toEqual([untagged.id]);
  });

  it("answers the unfiltered count from the run counter, exact through creates and deletes", async () => {
    // A filter that matches every run still counts them one by one: the ground truth.
    const counted = () => count({ flow_runs: { id: { not_any_: [] } } });
    expect(await count({})).toBe(await counted());
    const flowId = await makeFlow(ctx.store);
    const doomedFlow = await makeFlow(ctx.store);
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await makeRun(ctx.store, flowId));
    for (let i = 0; i < 2; i++) await makeRun(ctx.store, doomedFlow);
    const before = await count({});
    expect(before).toBe(await counted());
    expect(await ctx.store.flowRuns.delete(runs[0]?.id ?? "")).toBe(true);
    // Deleting a flow deletes its runs by cascade.
    expect(await ctx.store.flows.delete(doomedFlow)).toBe(true);
    expect(await count({})).toBe(before - 3);
    expect(await count({})).toBe(await counted());
    expect(await count({ flows: {}, task_runs: {} })).toBe(before - 3);
  });

  it("counts a tag filter alone from the per-list counts, exact through creates, tag changes and deletes", async () => {
    const [hot, cold] = [uniqueName("hot"), uniqueName("cold")];
    const filters = [{ all_: [hot] }, { all_: [hot, cold] }, { any_: [hot, cold] }, { any_: [] }];
    // The same filter with a no-op criterion beside it counts the runs one by one: the ground truth.
    const expectExact = async () => {
      for (const tags of filters) {
        const counted = await count({ flow_runs: { tags, id: { not_any_: [] } } });
        expect(await count({ flow_runs: { tags } })).toBe(counted);
      }
    };
    const flowId = await makeFlow(ctx.store);
    const doomedFlow = await makeFlow(ctx.store);
    const runs = [];
    for (let i = 0; i < 4; i++) runs.push(await makeRun(ctx.store, flowId, { tags: [hot] }));
    for (let i = 0; i < 3; i++) await makeRun(ctx.store, doomedFlow, { tags: [hot, cold] });
    await makeRun(ctx.store, flowId, { tags: [cold] });
    expect(await count({ flow_runs: { tags: { all_: [hot] } } })).toBe(7);
    await expectExact();

    await ctx.store.flowRuns.update(runs[0]?.id ?? "", FlowRunUpdate.parse({ tags: [cold] }));
    // A change of state leaves the tags (and their counts) alone.
    await ctx.store.flowRuns.update(runs[1]?.id ?? "", FlowRunUpdate.parse({ name: "renamed" }));
    expect(await count({ flow_runs: { tags: { all_: [hot] } } })).toBe(6);
    expect(await count({ flow_runs: { tags: { all_: [cold] } } })).toBe(5);
    await expectExact();

    expect(await ctx.store.flowRuns.delete(runs[2]?.id ?? "")).toBe(true);
    expect(await ctx.store.flows.delete(doomedFlow)).toBe(true);
    expect(await count({ flow_runs: { tags: { all_: [hot] } } })).toBe(2);
    expect(await count({ flow_runs: { tags: { all_: [hot, cold] } } })).toBe(0);
    await expectExact();
  });

  it("keeps NULLs last in both directions of the nullable orders, ids breaking ties", async () => {
    const flowId = await makeFlow(ctx.store);
    const tag = uniqueName("nulls");
    const t0 = Date.parse("2031-02-01T00:00:00Z");
    const scheduled = (minutes: number) =>
      makeRun(ctx.store, flowId, {
        tags: [tag],
        state: { type: "SCHEDULED", state_details: { scheduled_time: iso(t0 + minutes * 60_000) } },
      });
    const late = await scheduled(5);
    const early = await scheduled(1);
    const running = await makeRun(ctx.store, flowId, { tags: [tag], state: { type: "RUNNING" } });
    const done = await makeRun(ctx.store, flowId, { tags: [tag], state: { type: "COMPLETED" } });
    const list = (sort: string) => ids({ flow_runs: { tags: { all_: [tag] } }, sort });

    // Never scheduled: no next_scheduled_start_time, so after the scheduled ones, by id.
    expect(await list("NEXT_SCHEDULED_START_TIME_ASC")).toEqual([early.id, late.id, running.id, done.id]);
    // Only the completed run has an end time; the rest follow by id, descending.
    expect(await list("END_TIME_DESC")).toEqual([done.id, running.id, early.id, late.id]);
  });

  it("filters by flow id together with other criteria, and pages through the same order", async () => {
    const [flowA, flowB] = [await makeFlow(ctx.store), await makeFlow(ctx.store)];
    const tag = uniqueName("pages");
    const made = [];
    for (let i = 0; i < 7; i++)
      made.push(await makeRun(ctx.store, i % 2 === 0 ? flowA : flowB, { tags: [tag] }));
    const ofA = made.filter((run) => run.flow_id === flowA).map((run) => run.id);
    const body = { flows: { id: { any_: [flowA] } }, flow_runs: { tags: { all_: [tag] } } };
    expect(await ids({ ...body, sort: "ID_DESC" })).toEqual([...ofA].reverse());
    expect(await count(body)).toBe(4);
    expect(await ids({ flows: { id: { any_: [] } }, flow_runs: { tags: { all_: [tag] } } })).toEqual([]);
    // A flow filter that names the flow and contradicts it on the name matches nothing.
    expect(await ids({ flows: { id: { any_: [flowA] }, name: { any_: ["not-it"] } } })).toEqual([]);

    for (const sort of [
      "EXPECTED_START_TIME_DESC",
      "EXPECTED_START_TIME_ASC",
      "START_TIME_DESC",
      "NAME_ASC",
    ]) {
      const all = await ids({ flow_runs: { tags: { all_: [tag] } }, sort });
      expect(all).toHaveLength(7);
      const pages = [];
      for (let offset = 0; offset < 7; offset += 3) {
        pages.push(...(await ids({ flow_runs: { tags: { all_: [tag] } }, sort, limit: 3, offset })));
      }
      expect(pages).toEqual(all);
    }
  });
});

/** A database of one dialect opened raw, migrated up to `to`. */
async function openRaw(
  dialect: "sqlite" | "postgres",
  to: string,
): Promise<{ db: Kysely<unknown>; url: string; schema?: string; cleanup(): Promise<void> }> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "steward-ui-queries-"));
    const path = join(dir, "steward.db");
    const db = connectSqlite(path) as unknown as Kysely<unknown>;
    await migrate(db, { to });
    return { db, url: `sqlite:${path}`, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  await assertPostgresReachable();
  const schema = uniqueSchema();
  const db = (await connectPostgres(POSTGRES_URL, schema)) as unknown as Kysely<unknown>;
  await migrate(db, { to, schema });
  return { db, url: POSTGRES_URL, schema, cleanup: () => dropSchema(schema) };
}

describe.each(["sqlite", "postgres"] as const)("migration 0006 on %s", (dialect) => {
  it("finds runs that were written before it by their tags, and counts them", async () => {
    const raw = await openRaw(dialect, "0005-scheduler");
    let open = true;
    try {
      const flowId = uuidv7();
      const runId = uuidv7();
      const now = Date.now();
      await sql`insert into flow (id, created, updated, name) values (${flowId}, ${now}, ${now}, 'before-0006')`.execute(
        raw.db,
      );
      await sql`insert into flow_run (id, created, updated, name, flow_id, tags)
        values (${runId}, ${now}, ${now}, 'old-run', ${flowId}, '["legacy","nightly"]')`.execute(raw.db);
      await raw.db.destroy();
      open = false;
      const store = await openStore(raw.url, { schema: raw.schema });
      try {
        const query = FlowRunQuery.parse({ flow_runs: { tags: { all_: ["legacy"] } } });
        expect((await store.flowRuns.filter(query)).map((run) => run.id)).toEqual([runId]);
        expect(await store.flowRuns.count(query)).toBe(1);
        expect(await store.flowRuns.count(FlowRunQuery.parse({}))).toBe(1);
      } finally {
        await store.close();
      }
    } finally {
      if (open) await raw.db.destroy();
      await raw.cleanup();
    }
  });
});
