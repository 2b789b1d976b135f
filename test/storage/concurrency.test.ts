import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { FlowRunQuery, LogCreate, SetStateRequest } from "../../src/api/index.js";
import { openStore } from "../../src/server/storage/index.js";
import {
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

const run = promisify(execFile);
const WRITER = fileURLToPath(new URL("./fixtures/writer.ts", import.meta.url));

describe.each(TARGETS)("concurrency on $name", (target) => {
  const ctx = useStore(target);

  it("lets exactly one of 20 concurrent claims (PENDING) of a SCHEDULED run through", async () => {
    const scheduled = await makeRun(ctx.store, await makeFlow(ctx.store), {
      state: { type: "SCHEDULED", state_details: { scheduled_time: iso(Date.now() - 1000) } },
    });
    const claim = SetStateRequest.parse({ state: { type: "PENDING" } });
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => ctx.store.flowRuns.setState(scheduled.id, claim)),
    );
    const statuses = outcomes.map((o) => o.result.status);
    expect(statuses.filter((s) => s === "ACCEPT")).toHaveLength(1);
    expect(statuses.filter((s) => s === "ABORT")).toHaveLength(19);
    expect((await ctx.store.flowRuns.states(scheduled.id)).map((s) => s.type)).toEqual([
      "SCHEDULED",
      "PENDING",
    ]);
  });

  it("takes hundreds of concurrent writes without a single error", async () => {
    const flowId = await makeFlow(ctx.store);
    const tag = uniqueName("busy");
    const running = SetStateRequest.parse({ state: { type: "RUNNING" } });
    const completed = SetStateRequest.parse({ state: { type: "COMPLETED" } });
    const work = Array.from({ length: 100 }, async (_, i) => {
      const created = await makeRun(ctx.store, flowId, { tags: [tag] });
      await Promise.all([
        ctx.store.flowRuns.setState(created.id, running),
        ctx.store.logs.create([
          LogCreate.parse({
            name: "n",
            level: 20,
            message: String(i),
            timestamp: iso(Date.now()),
            flow_run_id: created.id,
          }),
        ]),
        ctx.store.flowRuns.update(created.id, { infrastructure_pid: String(i) }),
        ctx.store.flowRuns.read(created.id),
      ]);
      await ctx.store.flowRuns.setState(created.id, completed);
    });
    const results = await Promise.allSettled(work);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const done = FlowRunQuery.parse({
      flow_runs: { tags: { all_: [tag] }, state: { type: { any_: ["COMPLETED"] } } },
    });
    expect(await ctx.store.flowRuns.count(done)).toBe(100);
  });

  it("migrates once when several processes open a fresh database at the same moment", async () => {
    const { databaseUrl, schema, cleanup } = freshDatabase(target.name);
    try {
      const flowName = uniqueName("multi");
      const writers = [1, 2, 3].map(() =>
        run(process.execPath, ["--import", "tsx", WRITER, databaseUrl, flowName, "40", ...schema], {
          timeout: 60_000,
        }),
      );
      const outputs = await Promise.all(writers);
      expect(outputs.map((o) => JSON.parse(o.stdout.trim()))).toEqual([
        { runs: 40 },
        { runs: 40 },
        { runs: 40 },
      ]);
      const store = await openStore(databaseUrl, { schema: schema[0] });
      try {
        const flow = await store.flows.readByName(flowName);
        const query = FlowRunQuery.parse({ flow_runs: { flow_id: { any_: [flow?.id ?? ""] } } });
        expect(await store.flowRuns.count(query)).toBe(120);
      } finally {
        await store.close();
      }
    } finally {
      await cleanup();
    }
  });
});

/** A database no other test uses: a new SQLite file, or a new PostgreSQL schema. */
function freshDatabase(dialect: "sqlite" | "postgres"): {
  databaseUrl: string;
  schema: string[];
  cleanup: () => Promise<void>;
} {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "steward-multi-"));
    const cleanup = async () => rmSync(dir, { recursive: true, force: true });
    return { databaseUrl: `sqlite:${join(dir, "steward.db")}`, schema: [], cleanup };
  }
  const schema = uniqueSchema();
  return { databaseUrl: POSTGRES_URL, schema: [schema], cleanup: () => dropSchema(schema) };
}
