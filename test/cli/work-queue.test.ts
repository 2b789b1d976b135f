import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WorkQueue } from "../../src/api/index.js";
import { steward } from "./helpers.js";
import { startTestServer, type TestServer } from "./test-server.js";

let server: TestServer;
const run = (...argv: string[]) => steward(argv, server.env);
const readQueue = (pool: string, name: string) =>
  server.client.call("readWorkQueue", { params: { name: pool, queue_name: name } });

beforeAll(async () => {
  server = await startTestServer();
  await server.client.call("createWorkPool", { body: { name: "pool" } });
});
afterAll(() => server.close());

describe("steward work-queue create / ls / inspect", () => {
  it("creates queues with a priority, a limit and a description, and lists them by priority", async () => {
    const urgent = await run(
      "work-queue",
      "create",
      "urgent",
      "--pool",
      "pool",
      "--priority",
      "1",
      "--limit",
      "2",
    );
    expect(urgent.code, urgent.stderr).toBe(0);
    expect(urgent.stdout).toContain('Created work queue "urgent" in pool "pool" with priority 1.');
    const bulk = await run("work-queue", "create", "bulk", "-p", "pool", "--description", "batch jobs");
    expect(bulk.code, bulk.stderr).toBe(0);
    expect(await readQueue("pool", "bulk")).toMatchObject({
      description: "batch jobs",
      concurrency_limit: null,
    });

    const listed = await run("work-queue", "ls", "--pool", "pool");
    expect(listed.code).toBe(0);
    const [header, ...rows] = listed.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^NAME\s+PRIORITY\s+CONCURRENCY\s+ACTIVE\s+STATUS\s+LAST POLLED$/);
    expect(rows[0]).toMatch(/^urgent\s+1\s+2\s+0\s+NOT_READY\s+never$/);
    expect(rows.map((row) => row.split(/\s+/)[0]).sort()).toEqual(["bulk", "default", "urgent"]);
    const priorities = rows.map((row) => Number(row.split(/\s+/)[1]));
    expect(priorities).toEqual([...priorities].sort((a, b) => a - b));
  });

  it("prints queues as JSON, and one queue with inspect", async () => {
    const queues = JSON.parse(
      (await run("work-queue", "ls", "--pool", "pool", "--json")).stdout,
    ) as WorkQueue[];
    expect(queues.find((q) => q.name === "urgent")).toMatchObject({ priority: 1, concurrency_limit: 2 });
    const inspected = await run("work-queue", "inspect", "urgent", "--pool", "pool");
    expect(inspected.code, inspected.stderr).toBe(0);
    expect(inspected.stdout).toMatch(/^Pool\s+pool$/m);
    expect(inspected.stdout).toMatch(/^Priority\s+1$/m);
    expect(inspected.stdout).toMatch(/^Status\s+NOT_READY$/m);
    expect(inspected.stdout).toMatch(/^Last polled\s+never$/m);
    const json = JSON.parse(
      (await run("work-queue", "inspect", "urgent", "--pool", "pool", "--json")).stdout,
    );
    expect(json).toEqual(await readQueue("pool", "urgent"));
  });

  it("refuses a duplicate name", async () => {
    const again = await run("work-queue", "create", "urgent", "--pool", "pool");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Work queue "urgent" already exists in pool "pool"');
  });
});

describe("steward work-queue update / pause / resume / limits / delete / preview", () => {
  it("updates priority, limit and description, and refuses an empty update", async () => {
    const updated = await run(
      "work-queue",
      "update",
      "bulk",
      "--pool",
      "pool",
      "--limit",
      "4",
      "--description",
      "d",
    );
    expect(updated.code, updated.stderr).toBe(0);
    expect(await readQueue("pool", "bulk")).toMatchObject({ concurrency_limit: 4, description: "d" });
    expect((await run("work-queue", "update", "bulk", "--pool", "pool")).code).toBe(2);
  });

  it("pauses and resumes (PAUSED in the listing)", async () => {
    expect((await run("work-queue", "pause", "bulk", "--pool", "pool")).code).toBe(0);
    expect(await readQueue("pool", "bulk")).toMatchObject({ is_paused: true, status: "PAUSED" });
    const listed = await run("work-queue", "ls", "--pool", "pool");
    expect(listed.stdout).toMatch(/^bulk\s+\d+\s+4\s+0\s+PAUSED/m);
    expect((await run("work-queue", "resume", "bulk", "--pool", "pool")).code).toBe(0);
    expect((await readQueue("pool", "bulk")).is_paused).toBe(false);
  });

  it("sets and clears the concurrency limit", async () => {
    expect((await run("work-queue", "set-concurrency-limit", "bulk", "1", "--pool", "pool")).code).toBe(0);
    expect((await readQueue("pool", "bulk")).concurrency_limit).toBe(1);
    expect((await run("work-queue", "clear-concurrency-limit", "bulk", "--pool", "pool")).code).toBe(0);
    expect((await readQueue("pool", "bulk")).concurrency_limit).toBeNull();
  });

  it("previews the queue's scheduled runs", async () => {
    const flow = await server.client.call("createFlow", { body: { name: "queued" } });
    const deployment = await server.client.call("createDeployment", {
      body: { name: "q", flow_id: flow.id, work_pool_name: "pool", work_queue_name: "urgent" },
    });
    const scheduled_time = new Date(Date.now() + 60_000).toISOString();
    const created = await server.client.call("createFlowRunFromDeployment", {
      params: { id: deployment.id },
      body: { state: { type: "SCHEDULED", state_details: { scheduled_time } } },
    });
    const preview = await run("work-queue", "preview", "urgent", "--pool", "pool");
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain(created.id);
    expect(preview.stdout).toContain("queued/q");
    const other = await run("work-queue", "preview", "bulk", "--pool", "pool");
    expect(other.stderr).toContain('No runs of queue "bulk" of pool "pool" are scheduled within 1 hour.');
  });

  it("deletes a queue", async () => {
    const deleted = await run("work-queue", "delete", "bulk", "--pool", "pool");
    expect(deleted.code, deleted.stderr).toBe(0);
    const names = (await server.client.call("filterWorkQueues", { params: { name: "pool" } })).map(
      (q) => q.name,
    );
    expect(names).not.toContain("bulk");
  });
});

describe("bad input", () => {
  it("requires --pool with a message saying why", async () => {
    for (const argv of [["ls"], ["create", "x"], ["inspect", "x"], ["pause", "x"], ["delete", "x"]]) {
      const result = await run("work-queue", ...argv);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("--pool is required: queue names are unique only within a pool.");
      expect(result.stderr).toContain("steward work-pool ls");
    }
  });

  it("explains an unknown pool and an unknown queue (listing the pool's queues)", async () => {
    const pool = await run("work-queue", "ls", "--pool", "pol");
    expect(pool.code).toBe(1);
    expect(pool.stderr).toContain('Work pool "pol" not found. Did you mean "pool"?');
    const queue = await run("work-queue", "inspect", "urgnt", "--pool", "pool");
    expect(queue.code).toBe(1);
    expect(queue.stderr).toContain('Work queue "urgnt" not found in pool "pool". Did you mean "urgent"?');
    expect(queue.stderr).toContain("default");
    const update = await run("work-queue", "pause", "ghost", "--pool", "pool");
    expect(update.stderr).toContain('Work queue "ghost" not found in pool "pool".');
    const create = await run("work-queue", "create", "x", "--pool", "nowhere");
    expect(create.stderr).toContain('Work pool "nowhere" not found.');
  });

  it("rejects a bad priority or limit", async () => {
    expect((await run("work-queue", "create", "x", "--pool", "pool", "--priority", "0")).code).toBe(2);
    expect((await run("work-queue", "create", "x", "--pool", "pool", "--limit", "many")).code).toBe(2);
  });
});
