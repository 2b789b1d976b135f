import { describe, expect, it } from "vitest";
import { createApp } from "../../src/server/app.js";
import type { Store } from "../../src/server/storage/store.js";
import { BACKENDS } from "./backends.js";
import { send, uniqueName, useApp, WITHOUT_KEYS } from "./harness.js";

describe.each(BACKENDS)("log and admin routes on $name", (backend) => {
  const h = useApp(backend);

  it("answers health, ready and version", async () => {
    expect(await send(h.app, "GET", "/api/health")).toMatchObject({ status: 200, body: true });
    expect(await send(h.app, "GET", "/api/ready")).toMatchObject({ status: 200, body: { message: "OK" } });
    expect(await h.client.call("version")).toEqual({
      version: "0.0.0-test",
      api_version: expect.any(String),
    });
  });

  it("writes a batch of logs with 204 and filters them by flow run and level", async () => {
    const flow = await h.client.call("createFlow", { body: { name: uniqueName("logs") } });
    const run = await h.client.call("createFlowRun", { body: { flow_id: flow.id } });
    const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();
    const lines = [
      { name: "flow", level: 20, message: "one", timestamp: at(1), flow_run_id: run.id },
      { name: "flow", level: 40, message: "two", timestamp: at(2), flow_run_id: run.id },
      { name: "flow", level: 20, message: "three", timestamp: at(3), flow_run_id: run.id },
    ];
    const written = await send(h.app, "POST", "/api/logs/", lines);
    expect(written.status).toBe(204);
    const mine = { logs: { flow_run_id: { any_: [run.id] } } };
    const all = await h.client.call("filterLogs", { body: mine });
    expect(all.map((l) => l.message)).toEqual(["one", "two", "three"]);
    const newestFirst = await h.client.call("filterLogs", {
      body: { ...mine, sort: "TIMESTAMP_DESC", limit: 2 },
    });
    expect(newestFirst.map((l) => l.message)).toEqual(["three", "two"]);
    const errors = await h.client.call("filterLogs", {
      body: { logs: { ...mine.logs, level: { ge_: 40 } } },
    });
    expect(errors.map((l) => l.message)).toEqual(["two"]);
  });

  it("accepts an empty log batch", async () => {
    expect((await send(h.app, "POST", "/api/logs/", [])).status).toBe(204);
  });
});

describe("readiness when the database does not answer", () => {
  it("answers 503 SERVICE_UNAVAILABLE with Retry-After", async () => {
    const store = { ...WITHOUT_KEYS, dialect: "sqlite", ping: async () => false } as unknown as Store;
    const answer = await send(createApp({ store, version: "x" }), "GET", "/api/ready");
    expect(answer.status).toBe(503);
    expect(answer.headers.get("retry-after")).toBe("1");
    expect(answer.body).toMatchObject({ error: { code: "SERVICE_UNAVAILABLE" } });
  });
});
