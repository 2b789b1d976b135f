/**
 * The query plans behind the UI's pages (see bench/ui-queries.ts for the figures): every list
 * order and filter picks its page from an index in the page's order, without sorting the runs or
 * reading their rows, and every counter is answered from one index alone.
 *
 * SQLite is asked as a Steward database is used: without planner statistics (nothing runs
 * ANALYZE). PostgreSQL is asked with sequential and bitmap scans and sorts switched off, so that the plan
 * shows whether an index *can* produce the rows in order (with a dozen rows it would rightly
 * prefer a sort otherwise); a Sort node left in it means no index matches the order.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CompiledQuery, type Kysely, sql } from "kysely";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FlowRunQuery } from "../../src/api/index.js";
import type { Database } from "../../src/server/storage/database.js";
import type { DialectOps } from "../../src/server/storage/dialect-ops.js";
import { migrate } from "../../src/server/storage/migrations/index.js";
import { connectPostgres } from "../../src/server/storage/postgres/connect.js";
import { postgresOps } from "../../src/server/storage/postgres/ops.js";
import { countFlowRunsQuery } from "../../src/server/storage/query/count-runs.js";
import { selectFlowRunPageIds } from "../../src/server/storage/query/select-runs.js";
import { connectSqlite } from "../../src/server/storage/sqlite/connect.js";
import { sqliteOps } from "../../src/server/storage/sqlite/ops.js";
import { assertPostgresReachable, dropSchema, POSTGRES_URL, uniqueSchema } from "./harness.js";

interface Planner {
  readonly db: Kysely<Database>;
  /** PostgreSQL schema. */
  readonly schema?: string;
  readonly ops: DialectOps;
  /** The plan of `query`, one line per step. */
  plan(query: CompiledQuery): Promise<string>;
  close(): Promise<void>;
}

async function sqlitePlanner(): Promise<Planner> {
  const dir = mkdtempSync(join(tmpdir(), "steward-plans-"));
  const db = connectSqlite(join(dir, "steward.db"));
  return {
    db,
    ops: sqliteOps,
    async plan(query) {
      const { sql: text, parameters } = query;
      const { rows } = await db.executeQuery<{ detail: string }>({
        sql: `explain query plan ${text}`,
        parameters,
      } as never);
      return rows.map((row) => row.detail).join("\n");
    },
    close: async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresPlanner(): Promise<Planner> {
  await assertPostgresReachable();
  const schema = uniqueSchema();
  const db = await connectPostgres(POSTGRES_URL, schema);
  return {
    db,
    schema,
    ops: postgresOps,
    plan: (query) =>
      db.connection().execute(async (conn) => {
        await sql`set enable_seqscan = off`.execute(conn);
        await sql`set enable_bitmapscan = off`.execute(conn);
        await sql`set enable_sort = off`.execute(conn);
        const { sql: text, parameters } = query;
        const { rows } = await conn.executeQuery<{ "QUERY PLAN": string }>({
          sql: `explain ${text}`,
          parameters,
        } as never);
        await sql`reset all`.execute(conn);
        return rows.map((row) => row["QUERY PLAN"]).join("\n");
      }),
    close: async () => {
      await db.destroy();
      await dropSchema(schema);
    },
  };
}

/** A few runs of two flows, deployments and pools, so that every column the filters test is set. */
async function seed(db: Kysely<Database>): Promise<{ flowId: string; deploymentId: string }> {
  const now = Date.parse("2031-03-01T00:00:00Z");
  const flowId = uuidv7();
  const deploymentId = uuidv7();
  await sql`insert into flow (id, created, updated, name) values (${flowId}, ${now}, ${now}, 'plans')`.execute(
    db,
  );
  const states = ["COMPLETED", "FAILED", "RUNNING", "SCHEDULED"];
  for (let i = 0; i < 40; i++) {
    const state = states[i % states.length] ?? "COMPLETED";
    const at = now - i * 60_000;
    await sql`insert into flow_run (id, created, updated, name, flow_id, deployment_id, work_pool_name, tags,
        state_type, state_name, expected_start_time, start_time, end_time)
      values (${uuidv7()}, ${at}, ${at}, ${`run-${i}`}, ${flowId}, ${i % 2 === 0 ? deploymentId : null},
        ${i % 3 === 0 ? "pool-a" : "pool-b"}, ${i % 2 === 0 ? '["prod"]' : '["prod","critical"]'},
        ${state}, ${i % 8 === 3 ? "Late" : state}, ${at}, ${state === "SCHEDULED" ? null : at},
        ${state === "COMPLETED" || state === "FAILED" ? at + 1000 : null})`.execute(db);
  }
  return { flowId, deploymentId };
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe.each([
  { name: "sqlite", open: sqlitePlanner },
  { name: "postgres", open: postgresPlanner },
])("UI query plans on $name", ({ name, open }) => {
  let planner: Planner;
  let ids: { flowId: string; deploymentId: string };
  beforeAll(async () => {
    planner = await open();
    await migrate(planner.db as unknown as Kysely<unknown>, { schema: planner.schema });
    ids = await seed(planner.db);
  });
  afterAll(async () => {
    await planner.close();
  });

  /** The plan of the page-id query of `body` (page 100 of 50). */
  const pagePlan = (body: object) =>
    planner.plan(
      selectFlowRunPageIds(
        planner.db,
        planner.ops,
        FlowRunQuery.parse({ limit: 50, offset: 4950, ...body }),
      ).compile(),
    );
  /** The plan of the store's count of `body`. */
  const countPlan = (body: object) =>
    planner.plan(countFlowRunsQuery(planner.ops, FlowRunQuery.parse(body)).compile(planner.db));
  /** Read from `index` in order: no sort, and (SQLite) no row of flow_run read. */
  const expectOrderedFrom = (plan: string, index: string) => {
    expect(plan).toContain(index);
    if (name === "sqlite") {
      expect(plan).toContain(`USING COVERING INDEX ${index}`);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    } else {
      expect(plan).not.toMatch(/Sort/);
    }
  };
  /** Counted from one index alone; `index` may be a prefix (any of several covering ones will do). */
  const expectCountedFrom = (plan: string, index: string) => {
    expect(plan).toMatch(
      name === "sqlite" ? `USING COVERING INDEX ${index}` : `Index Only Scan using ${index}`,
    );
  };

  it("reads every list order of the unfiltered list from its index, and its total from the counter", async () => {
    expectOrderedFrom(
      await pagePlan({ sort: "EXPECTED_START_TIME_DESC" }),
      "ix_flow_run__expected_start_time_id",
    );
    expectOrderedFrom(
      await pagePlan({ sort: "EXPECTED_START_TIME_ASC" }),
      "ix_flow_run__expected_start_time_asc",
    );
    expectOrderedFrom(await pagePlan({ sort: "START_TIME_DESC" }), "ix_flow_run__start_time_id");
    expectOrderedFrom(await pagePlan({ sort: "NAME_ASC" }), "ix_flow_run__name_id");
    // Its total is the run counter's, not a count of the runs.
    const total = await countPlan({});
    expect(total).toContain("flow_run_count");
    expect(total).not.toMatch(/\bflow_run\b(?!_count)/);
  });

  it("reads each list filter's page from an index in the list's order, and counts it from one", async () => {
    const sort = "EXPECTED_START_TIME_DESC";
    const filters: [object, string, string?][] = [
      [
        { flow_runs: { state: { type: { any_: ["FAILED"] } } } },
        "ix_flow_run__state_type_expected_start_time",
        "ix_flow_run__state_type_",
      ],
      [{ flows: { id: { any_: [ids.flowId] } } }, "ix_flow_run__flow_id_expected_start_time"],
      [
        { flow_runs: { deployment_id: { any_: [ids.deploymentId] } } },
        "ix_flow_run__deployment_id_expected_start_time",
      ],
      [
        { flow_runs: { work_pool_name: { any_: ["pool-a"] } } },
        "ix_flow_run__work_pool_name_expected_start_time",
      ],
    ];
    for (const [filter, index, countIndex] of filters) {
      expectOrderedFrom(await pagePlan({ ...filter, sort }), index);
      expectCountedFrom(await countPlan(filter), countIndex ?? index);
    }
    const day = {
      flow_runs: {
        expected_start_time: { after_: iso(Date.now() - 2 * DAY), before_: iso(Date.now() - DAY) },
      },
    };
    expectOrderedFrom(await pagePlan({ ...day, sort }), "ix_flow_run__expected_start_time_id");
  });

  it("counts a tag's runs from the per-list counts alone, or with other criteria through the tag lists", async () => {
    const tag = { flow_runs: { tags: { all_: ["critical"] } } };
    const alone = await countPlan(tag);
    expect(alone).toContain("flow_run_tag_count");
    expect(alone).not.toMatch(/\bflow_run\b(?!_tag_count)/);
    const recent = {
      flow_runs: { ...tag.flow_runs, expected_start_time: { after_: iso(Date.now() - DAY) } },
    };
    const count = await countPlan(recent);
    expectCountedFrom(count, "ix_flow_run__tags_expected_start_time");
    expect(count).toContain("flow_run_tag_list");
    const page = await pagePlan({ ...tag, sort: "EXPECTED_START_TIME_DESC" });
    if (name === "sqlite") {
      // Each matching list's runs are already in order in the tags index: the newest of each, merged.
      expect(page).toContain("flow_run_tag_list");
      expect(page).toContain("USING COVERING INDEX ix_flow_run__tags_expected_start_time");
    } else {
      // The list's own index carries the tags: each run's `@>` is tested on the index entry.
      expectOrderedFrom(page, "ix_flow_run__expected_start_time_id");
      expect(page).toContain("Index Only Scan using ix_flow_run__expected_start_time_id");
    }
  });

  it("answers the dashboard's counters and latest failures from indexes", async () => {
    const late = { flow_runs: { state: { name: { any_: ["Late"] } } } };
    expectCountedFrom(await countPlan(late), "ix_flow_run__state_name_work_pool_name");
    const poolLate = { flow_runs: { ...late.flow_runs, work_pool_name: { any_: ["pool-a"] } } };
    expectCountedFrom(await countPlan(poolLate), "ix_flow_run__state_name_work_pool_name");
    const failed = { state: { type: { any_: ["FAILED", "CRASHED"] } } };
    const since = { flow_runs: { ...failed, expected_start_time: { after_: iso(Date.now() - DAY) } } };
    expectCountedFrom(await countPlan(since), "ix_flow_run__state_type_");

    const latest = await planner.plan(
      selectFlowRunPageIds(
        planner.db,
        planner.ops,
        FlowRunQuery.parse({ flow_runs: failed, sort: "END_TIME_DESC", limit: 10 }),
      ).compile(),
    );
    if (name === "sqlite") {
      // Both states' newest ten straight from the index, then the ten newest of those twenty.
      expect(latest).toContain("USING COVERING INDEX ix_flow_run__state_type_end_time");
    } else {
      expectOrderedFrom(latest, "ix_flow_run__end_time_id");
    }
  });

  it("keeps lists of runs that are not upcoming on their indexes, and counts them from the counter", async () => {
    const past = { upcoming: { eq_: false, at_: iso(Date.now()) } };
    const sort = "EXPECTED_START_TIME_DESC";
    // The upcoming runs are looked up once; each run the list walks is tested by its id alone.
    const pastPage = await pagePlan({ flow_runs: past, sort });
    expectOrderedFrom(pastPage, "ix_flow_run__expected_start_time_id");
    // ...and those are one range of future expected starts, read from the index alone.
    if (name === "sqlite")
      expect(pastPage).toMatch(
        /COVERING INDEX ix_flow_run__expected_start_time_id \(expected_start_time>\?\)/,
      );
    expectOrderedFrom(
      await pagePlan({ flow_runs: { ...past, deployment_id: { any_: [ids.deploymentId] } }, sort }),
      "ix_flow_run__deployment_id_expected_start_time",
    );
    // All runs from the counter, less the upcoming ones from an index of scheduled runs.
    const total = await countPlan({ flow_runs: past });
    expect(total).toContain("flow_run_count");
    expect(total).not.toMatch(/(SCAN|Seq Scan on) flow_run\b(?!_count)/);
    const upcoming = await pagePlan({
      flow_runs: { upcoming: { ...past.upcoming, eq_: true } },
      sort: "EXPECTED_START_TIME_ASC",
    });
    expect(upcoming).toMatch(/ix_flow_run__(state_type_)?expected_start_time/);
  });
});
