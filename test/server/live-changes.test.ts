import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { FlowRunCreate, type WorkPool } from "../../src/api/index.js";
import { type RouteName, routes } from "../../src/api/routes.js";
import { StewardClient } from "../../src/client/index.js";
import { loadSettings } from "../../src/config/settings.js";
import { createApp } from "../../src/server/app.js";
import { changeStreamHandler } from "../../src/server/http/change-stream.js";
import { startServer } from "../../src/server/index.js";
import { ChangeFeed } from "../../src/server/live/change-feed.js";
import { changesData } from "../../src/server/live/changing-routes.js";
import { followStoreChanges } from "../../src/server/live/store-changes.js";
import { maintenanceService } from "../../src/server/services/maintenance-service.js";
import { schedulerService } from "../../src/server/services/scheduler.js";
import type { Store } from "../../src/server/storage/store.js";
import { makePool } from "../storage/pool-fixtures.js";
import { BACKENDS } from "./backends.js";
import { clientFor, send, uniqueName, useApp } from "./harness.js";

/** One server-sent event as it arrived. */
interface ServerEvent {
  readonly event?: string;
  readonly data?: string;
  /** Comment lines (`: ping`). */
  readonly comment?: string;
}

/** Reads events off an event-stream response, one at a time, each within a deadline. */
class EventReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  #buffer = "";

  constructor(response: Response) {
    if (!response.body) throw new Error("the response has no body");
    this.#reader = response.body.getReader();
  }

  /** The next event (comments included); fails after `timeoutMs`. */
  async next(timeoutMs = 5_000): Promise<ServerEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.#buffer.indexOf("\n\n");
      if (end >= 0) {
        const block = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 2);
        return parseEvent(block);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no event within ${timeoutMs} ms`);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<"timeout">(
        (resolve) => (timer = setTimeout(() => resolve("timeout"), left)),
      );
      const read = await Promise.race([this.#reader.read(), timeout]);
      clearTimeout(timer);
      if (read === "timeout") throw new Error(`no event within ${timeoutMs} ms`);
      if (read.done) throw new Error("the stream ended");
      this.#buffer += this.#decoder.decode(read.value, { stream: true });
    }
  }

  /** Resolves when the server ends the stream (failing after `timeoutMs`). */
  async ended(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const read = await Promise.race([
        this.#reader.read(),
        new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), deadline - Date.now())),
      ]);
      if (read === "timeout") throw new Error(`the stream did not end within ${timeoutMs} ms`);
      if (read.done) return;
    }
  }

  cancel(): Promise<void> {
    return this.#reader.cancel();
  }
}

function parseEvent(block: string): ServerEvent {
  const event: { event?: string; data?: string; comment?: string } = {};
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) event.comment = line.slice(1).trim();
    else if (line.startsWith("event: ")) event.event = line.slice("event: ".length);
    else if (line.startsWith("data: ")) event.data = line.slice("data: ".length);
  }
  return event;
}

/** Waits for `check` to hold, polling; fails after `timeoutMs`. */
async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("ChangeFeed", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("delivers the first change at once and merges a burst into one delivery at the quiet period's end", () => {
    vi.useFakeTimers({ now: 1_000 });
    const feed = new ChangeFeed({ quietMs: 250 });
    const seen: number[] = [];
    feed.subscribe((at) => seen.push(at));
    feed.notify();
    expect(seen).toEqual([1_000]);
    vi.advanceTimersByTime(100);
    feed.notify();
    feed.notify();
    expect(seen).toEqual([1_000]);
    vi.advanceTimersByTime(149);
    expect(seen).toEqual([1_000]);
    vi.advanceTimersByTime(1);
    // The burst arrives at the end of the quiet period, as one delivery.
    expect(seen).toEqual([1_000, 1_250]);
    // That delivery starts a new quiet period; a change in it is delivered at its end too.
    feed.notify();
    vi.advanceTimersByTime(249);
    expect(seen).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual([1_000, 1_250, 1_500]);
    // After a quiet period without changes, the next change goes out at once again.
    vi.advanceTimersByTime(1_000);
    feed.notify();
    expect(seen).toEqual([1_000, 1_250, 1_500, 2_500]);
  });

  it("keeps delivering to the others when a listener throws, and stops after unsubscribe or close", () => {
    vi.useFakeTimers();
    const feed = new ChangeFeed({ quietMs: 10 });
    const seen: string[] = [];
    feed.subscribe(() => {
      throw new Error("a buggy listener");
    });
    const off = feed.subscribe(() => seen.push("b"));
    feed.notify();
    expect(seen).toEqual(["b"]);
    off();
    expect(feed.listenerCount).toBe(1);
    vi.advanceTimersByTime(10);
    feed.notify();
    expect(seen).toEqual(["b"]);
    feed.subscribe(() => seen.push("c"));
    feed.notify();
    feed.close();
    vi.advanceTimersByTime(100);
    feed.notify();
    expect(seen).toEqual(["b"]);
  });
});

describe("which routes report changes", () => {
  it("reports every route that is not a GET, except the POSTs that only read", () => {
    const readOnlyPosts = (Object.keys(routes) as RouteName[]).filter(
      (name) => routes[name].method !== "GET" && !changesData(name),
    );
    expect(readOnlyPosts.sort()).toEqual(
      [
        "countAutomations",
        "filterApiKeys",
        "filterAuditRecords",
        "countDeployments",
        "countEvents",
        "countFlowRuns",
        "countFlows",
        "countTaskRuns",
        "countWorkPools",
        "filterAutomations",
        "filterDeployments",
        "filterEvents",
        "filterFlowRuns",
        "filterFlows",
        "filterLogs",
        "filterTaskRuns",
        "filterTaskRunStates",
        "filterUsers",
        "filterWebhooks",
        "filterWorkPools",
        "filterWorkQueues",
        "filterWorkers",
        "flowRunHistory",
        "paginateFlowRuns",
        "paginateFlows",
        "paginateTaskRuns",
      ].sort(),
    );
    for (const name of [
      "claimFlowRuns",
      "getScheduledFlowRuns",
      "claimDeploymentFlowRuns",
      "getDeploymentScheduledFlowRuns",
      "workerHeartbeat",
      "createLogs",
    ] as const) {
      expect(changesData(name), name).toBe(true);
    }
    expect(changesData("readFlowRun")).toBe(false);
  });
});

describe.each(BACKENDS)("GET /api/changes/stream on $name", (backend) => {
  // A clock the test moves, so each delivery says which call caused it. Feeds get a long quiet
  // period: after one delivery, a second change could only show up a minute later.
  let clock = 0;
  const h = useApp(backend);

  /** Opens the stream and reads its hello. */
  async function openStream(target: Hono, signal?: AbortSignal): Promise<EventReader> {
    const response = await target.request("/api/changes/stream", { signal });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const reader = new EventReader(response);
    expect((await reader.next()).event).toBe("hello");
    return reader;
  }

  it("sends a change after a write and none after a filter", async () => {
    const feed = new ChangeFeed({ quietMs: 60_000, now: () => clock });
    const target = createApp({ store: h.store, version: "0.0.0-test", changes: feed, checkResponses: true });
    const client = clientFor(target);
    const stream = await openStream(target);
    clock = 1_000;
    await client.call("filterFlows", { body: {} });
    await client.call("countFlowRuns", { body: {} });
    await client.call("flowRunHistory", {
      body: {
        history_start: new Date(0).toISOString(),
        history_end: new Date(60_000).toISOString(),
        history_interval_seconds: 60,
      },
    });
    clock = 2_000;
    await client.call("createFlow", { body: { name: uniqueName("flow") } });
    // Had a read reported a change, this first delivery would carry the earlier time.
    expect(await stream.next()).toEqual({
      event: "change",
      data: JSON.stringify({ at: new Date(2_000).toISOString() }),
    });
    await stream.cancel();
    feed.close();
  });

  it("reports a failed write as no change", async () => {
    const feed = new ChangeFeed({ quietMs: 60_000 });
    let delivered = 0;
    feed.subscribe(() => delivered++);
    const target = createApp({ store: h.store, version: "0.0.0-test", changes: feed });
    const answer = await send(target, "DELETE", `/api/flows/${"0190f1c2-5b7e-7c3a-9d4e-2f6a8b1c0d3e"}`);
    expect(answer.status).toBe(404);
    expect(delivered).toBe(0);
    expect((await send(target, "POST", "/api/flows/", { name: uniqueName("flow") })).status).toBe(201);
    expect(delivered).toBe(1);
    feed.close();
  });

  it("sends a change when a waiting claim polls, while its long-poll is still waiting", async () => {
    const feed = new ChangeFeed({ quietMs: 60_000, now: () => clock });
    const target = createApp({ store: h.store, version: "0.0.0-test", changes: feed });
    const pool: WorkPool = await makePool(h.store);
    const stream = await openStream(target);
    clock = 3_000;
    let answered = false;
    const claim = clientFor(target)
      .call("claimFlowRuns", { params: { name: pool.name }, body: { worker_name: "w", wait_seconds: 20 } })
      .finally(() => (answered = true));
    expect(await stream.next()).toEqual({
      event: "change",
      data: JSON.stringify({ at: new Date(3_000).toISOString() }),
    });
    expect(answered).toBe(false);
    // The poll made the queue READY, which is what the UI refetches to show.
    expect((await h.store.workQueues.read(pool.name, "default"))?.status).toBe("READY");
    // A run in the pool ends the wait.
    const flow = await h.store.flows.upsert({ name: uniqueName("flow"), tags: [], labels: {} });
    const queue = await h.store.workQueues.read(pool.name, "default");
    await h.store.flowRuns.create(
      FlowRunCreate.parse({ flow_id: flow.value.id, state: { type: "SCHEDULED" } }),
      {
        work_pool_id: pool.id,
        work_pool_name: pool.name,
        work_queue_id: queue?.id ?? null,
        work_queue_name: "default",
      },
    );
    expect(await claim).toHaveLength(1);
    await stream.cancel();
    feed.close();
  });

  it("forwards the store's run changes (runs created elsewhere, other replicas)", async () => {
    const feed = new ChangeFeed({ quietMs: 60_000 });
    let delivered = 0;
    feed.subscribe(() => delivered++);
    const unfollow = followStoreChanges(h.store, feed);
    const flow = await h.store.flows.upsert({ name: uniqueName("flow"), tags: [], labels: {} });
    await h.store.flowRuns.create(
      FlowRunCreate.parse({ flow_id: flow.value.id, state: { type: "SCHEDULED" } }),
    );
    expect(delivered).toBe(1);
    unfollow();
    feed.close();
  });

  it("unsubscribes when the client goes away, and ends every stream when the server closes", async () => {
    const feed = new ChangeFeed();
    const shutdown = new AbortController();
    const target = createApp({
      store: h.store,
      version: "0.0.0-test",
      changes: feed,
      signal: shutdown.signal,
    });
    const client = new AbortController();
    const leaving = await openStream(target, client.signal);
    const staying = await openStream(target);
    expect(feed.listenerCount).toBe(2);
    client.abort();
    await leaving.cancel().catch(() => undefined);
    await until(() => feed.listenerCount === 1, "the departed client's unsubscribe");
    shutdown.abort();
    await staying.ended();
    await until(() => feed.listenerCount === 0, "the closed stream's unsubscribe");
    feed.close();
  });
});

describe("change stream keep-alive", () => {
  it("sends a comment on every ping interval", async () => {
    const feed = new ChangeFeed();
    const app = new Hono();
    app.get("/stream", changeStreamHandler({ feed, pingIntervalMs: 20 }));
    const stream = new EventReader(await app.request("/stream"));
    expect((await stream.next()).event).toBe("hello");
    expect(await stream.next()).toEqual({ comment: "ping" });
    expect(await stream.next()).toEqual({ comment: "ping" });
    await stream.cancel();
    feed.close();
  });
});

describe("background services report their changes", () => {
  it("a maintenance service tells onChange only after a tick that changed something", async () => {
    let changed = 0;
    let reported = 0;
    const service = maintenanceService(
      "test",
      { intervalMs: 1_000, onChange: () => reported++ },
      async () => changed,
    );
    await service.tick();
    expect(reported).toBe(0);
    changed = 3;
    await service.tick();
    expect(reported).toBe(1);
  });

  it("the scheduler tells onChange when a top-up created runs", async () => {
    let inserted = 0;
    let changedDeployment: ((id: string) => void) | undefined;
    const store = {
      scheduler: {
        // The fast path (named deployments) always creates runs; the full loop as the test says.
        topUp: async (options: { deploymentIds?: string[] }) => ({
          inserted: options.deploymentIds ? 2 : inserted,
          schedules: 1,
          deployments: 1,
          elapsedMs: 1,
          skipped: 0,
          capped: [],
        }),
        onDeploymentChanged: (listener: (id: string) => void) => {
          changedDeployment = listener;
          return () => {};
        },
      },
    } as unknown as Store;
    let reported = 0;
    const scheduler = schedulerService({
      store,
      intervalMs: 60_000,
      debounceMs: 60_000,
      onChange: () => reported++,
    });
    await scheduler.tick();
    expect(reported).toBe(0);
    inserted = 2;
    await scheduler.tick();
    expect(reported).toBe(1);
    inserted = 0;
    await scheduler.start();
    changedDeployment?.("0190f1c2-5b7e-7c3a-9d4e-2f6a8b1c0d3e");
    await scheduler.flushChanged();
    expect(reported).toBe(2);
    await scheduler.stop();
  });
});

describe("startServer's change stream", () => {
  const home = mkdtempSync(join(tmpdir(), "steward-live-changes-"));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it("streams changes over HTTP, and closing the server ends open streams at once", async () => {
    const server = await startServer({
      settings: loadSettings({ STEWARD_HOME: home }),
      port: 0,
      services: false,
      ui: false,
      log: () => {},
      closeGraceMs: 30_000,
    });
    try {
      const stream = new EventReader(await fetch(`${server.apiUrl}/changes/stream`));
      expect((await stream.next()).event).toBe("hello");
      await new StewardClient({ apiUrl: server.apiUrl, retries: 0 }).call("createFlow", {
        body: { name: "live" },
      });
      const change = await stream.next();
      expect(change.event).toBe("change");
      expect(Date.parse((JSON.parse(change.data ?? "{}") as { at: string }).at)).toBeGreaterThan(0);
      const started = Date.now();
      await server.close();
      // Far below both the close grace (30 s) and Node's keep-alive timeout (5 s).
      expect(Date.now() - started).toBeLessThan(2_000);
      await stream.ended();
    } finally {
      await server.close();
    }
  });
});
