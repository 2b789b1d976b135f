import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ClaimFlowRuns, FlowCreate, type WorkerFlowRunResponse, type WorkPool } from "../../src/api/index.js";
import { StewardClient } from "../../src/client/index.js";
import { loadSettings } from "../../src/config/settings.js";
import { createApp } from "../../src/server/app.js";
import { claimWithLongPoll } from "../../src/server/claims/long-poll.js";
import { startServer } from "../../src/server/index.js";
import { openStore } from "../../src/server/storage/index.js";
import type { Store } from "../../src/server/storage/store.js";
import { defaultQueue, makePool, makeQueuedRun } from "../storage/pool-fixtures.js";
import { BACKENDS, POSTGRES_URL } from "./backends.js";
import { send, useApp } from "./harness.js";

/** Waits for `check` to hold, polling; fails after `timeoutMs`. */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Resolves once a claim has looked at the pool at least once (its queue was marked polled). */
function polled(store: Store, pool: WorkPool): Promise<void> {
  return until(async () => (await defaultQueue(store, pool)).last_polled !== null, "the first claim attempt");
}

async function newFlow(store: Store): Promise<string> {
  const { value } = await store.flows.upsert(
    FlowCreate.parse({ name: `flow-${randomBytes(4).toString("hex")}` }),
  );
  return value.id;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

function report(label: string, latencies: number[]): number {
  const sorted = [...latencies].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  console.log(
    `${label}: claim latency from run creation, n=${sorted.length}: p50 ${p50.toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`,
  );
  return p50;
}

describe.each(BACKENDS)("claim long-poll on $name", (backend) => {
  const h = useApp(backend);
  const claimPath = (pool: WorkPool) => `/api/work_pools/${pool.name}/claim`;
  const claim = (pool: WorkPool, body: object) =>
    h.client.call("claimFlowRuns", { params: { name: pool.name }, body: { worker_name: "w", ...body } });

  it("returns within milliseconds of a run being created", async () => {
    const flowId = await newFlow(h.store);
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      const pool = await makePool(h.store);
      const waiting = claim(pool, { wait_seconds: 10 }).then((answer) => ({ answer, at: performance.now() }));
      await polled(h.store, pool);
      const start = performance.now();
      const run = await makeQueuedRun(h.store, flowId, {
        pool,
        queue: await defaultQueue(h.store, pool),
        at: Date.now(),
      });
      const { answer, at } = await waiting;
      expect(answer.map((item) => item.flow_run.id)).toEqual([run.id]);
      latencies.push(at - start);
    }
    expect(report(backend.name, latencies)).toBeLessThan(2_000);
  });

  it("answers [] after wait_seconds when nothing comes", async () => {
    const pool = await makePool(h.store);
    const start = performance.now();
    expect(await claim(pool, { wait_seconds: 0.3 })).toEqual([]);
    const elapsed = performance.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2_000);
  });

  it("wakes when a scheduled run comes within the prefetch window", async () => {
    const pool = await makePool(h.store);
    const due = Date.now() + 400;
    const run = await makeQueuedRun(h.store, await newFlow(h.store), {
      pool,
      queue: await defaultQueue(h.store, pool),
      at: due,
    });
    const answer = await claim(pool, { wait_seconds: 10, prefetch_seconds: 0.2 });
    expect(answer.map((item) => item.flow_run.id)).toEqual([run.id]);
    expect(Date.now()).toBeGreaterThanOrEqual(due - 200);
    expect(Date.now()).toBeLessThan(due + 2_000);
  });

  it("wakes when a slot frees up", async () => {
    const pool = await makePool(h.store, { concurrency_limit: 1 });
    const queue = await defaultQueue(h.store, pool);
    const flowId = await newFlow(h.store);
    const first = await makeQueuedRun(h.store, flowId, { pool, queue, at: Date.now() - 1000 });
    const second = await makeQueuedRun(h.store, flowId, { pool, queue, at: Date.now() - 1000 });
    expect((await claim(pool, { wait_seconds: 0 })).map((item) => item.flow_run.id)).toEqual([first.id]);
    const waiting = claim(pool, { wait_seconds: 10 });
    await until(
      async () => (await defaultQueue(h.store, pool)).last_polled !== queue.last_polled,
      "the waiting claim",
    );
    await h.client.call("setFlowRunState", {
      params: { id: first.id },
      body: { state: { type: "CANCELLED" }, force: true },
    });
    expect((await waiting).map((item) => item.flow_run.id)).toEqual([second.id]);
  });

  it("gives up at once, answering [], when the client disconnects", async () => {
    const pool = await makePool(h.store);
    const client = new AbortController();
    const start = performance.now();
    const answer = h.app.request(claimPath(pool), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ worker_name: "w", wait_seconds: 30 }),
      signal: client.signal,
    });
    await polled(h.store, pool);
    client.abort();
    const response = await answer;
    expect(await response.json()).toEqual([]);
    expect(performance.now() - start).toBeLessThan(5_000);
  });

  it("gives up at once when the server closes", async () => {
    const closing = new AbortController();
    const app = createApp({ store: h.store, version: "0.0.0-test", signal: closing.signal });
    const pool = await makePool(h.store);
    const start = performance.now();
    const answer = send(app, "POST", claimPath(pool), { worker_name: "w", wait_seconds: 30 });
    await polled(h.store, pool);
    closing.abort();
    expect((await answer).body).toEqual([]);
    expect(performance.now() - start).toBeLessThan(5_000);
  });
});

describe("claim wake-ups across server processes (PostgreSQL LISTEN/NOTIFY)", () => {
  const schema = `steward_test_${randomBytes(6).toString("hex")}`;
  const stores: Store[] = [];
  afterAll(async () => {
    for (const store of stores) await store.close();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  });

  it("a run created through one store wakes a claim waiting on another", async () => {
    const a = await openStore(POSTGRES_URL, { schema });
    const b = await openStore(POSTGRES_URL, { schema });
    stores.push(a, b);
    const flowId = await newFlow(a);
    const latencies: number[] = [];
    for (let i = 0; i < 10; i++) {
      const pool = await makePool(a);
      const request = ClaimFlowRuns.parse({ worker_name: "remote", wait_seconds: 10 });
      const waiting: Promise<{ answer: WorkerFlowRunResponse[]; at: number }> = claimWithLongPoll(
        b.claims,
        pool.name,
        request,
      ).then((answer) => ({ answer, at: performance.now() }));
      await polled(a, pool);
      const start = performance.now();
      const run = await makeQueuedRun(a, flowId, {
        pool,
        queue: await defaultQueue(a, pool),
        at: Date.now(),
      });
      const { answer, at } = await waiting;
      expect(answer.map((item) => item.flow_run.id)).toEqual([run.id]);
      latencies.push(at - start);
    }
    expect(report("postgres, across stores", latencies)).toBeLessThan(2_000);
  });
});

describe("a real server with a claim waiting", () => {
  it("closes at once, answering the waiting claim with []", async () => {
    const home = mkdtempSync(join(tmpdir(), "steward-claim-close-"));
    try {
      const server = await startServer({
        settings: loadSettings({ STEWARD_HOME: home }),
        port: 0,
        services: false,
        log: () => {},
        closeGraceMs: 30_000,
      });
      const client = new StewardClient({ apiUrl: server.apiUrl, retries: 0 });
      await client.call("createWorkPool", { body: { name: "closing" } });
      const waiting = client.call("claimFlowRuns", {
        params: { name: "closing" },
        body: { worker_name: "w", wait_seconds: 60 },
      });
      await until(
        async () =>
          (await client.call("readWorkQueue", { params: { name: "closing", queue_name: "default" } }))
            .last_polled !== null,
        "the claim to wait",
      );
      const start = performance.now();
      await server.close();
      expect(await waiting).toEqual([]);
      expect(performance.now() - start).toBeLessThan(5_000);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
