import { describe, expect, it } from "vitest";
import { BACKENDS } from "./backends.js";
import { errorOf, send, uniqueName, useApp } from "./harness.js";

describe.each(BACKENDS)("work-pool, queue and worker routes on $name", (backend) => {
  const h = useApp(backend);
  const newPool = (body: object = {}) =>
    h.client.call("createWorkPool", { body: { name: uniqueName("pool"), type: "process", ...body } });

  it("creates a pool (201) with its default queue, reads, updates (204), lists, counts and deletes it", async () => {
    const name = uniqueName("pool");
    const created = await send(h.app, "POST", "/api/work_pools/", { name, type: "process" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name, status: "NOT_READY", active_slots: 0 });
    expect((await send(h.app, "POST", "/api/work_pools/", { name })).status).toBe(409);

    expect(await h.client.call("readWorkPool", { params: { name } })).toEqual(created.body);
    expect((await send(h.app, "PATCH", `/api/work_pools/${name}`, { is_paused: true })).status).toBe(204);
    expect((await h.client.call("readWorkPool", { params: { name } })).status).toBe("PAUSED");

    const listed = await h.client.call("filterWorkPools", {
      body: { work_pools: { name: { any_: [name] } } },
    });
    expect(listed.map((p) => p.name)).toEqual([name]);
    expect(await h.client.call("countWorkPools", { body: { work_pools: { name: { any_: [name] } } } })).toBe(
      1,
    );
    expect((await send(h.app, "POST", "/api/work_pools/filter")).status).toBe(200);

    const queues = await h.client.call("filterWorkQueues", { params: { name } });
    expect(queues.map((q) => [q.name, q.priority])).toEqual([["default", 1]]);
    expect((await send(h.app, "DELETE", `/api/work_pools/${name}`)).status).toBe(204);
    expect((await send(h.app, "DELETE", `/api/work_pools/${name}`)).status).toBe(404);
  });

  it("answers WORK_POOL_NOT_FOUND (404) for every route of an unknown pool", async () => {
    const name = uniqueName("missing");
    const calls: [string, string, object?][] = [
      ["GET", `/api/work_pools/${name}`],
      ["PATCH", `/api/work_pools/${name}`, {}],
      ["DELETE", `/api/work_pools/${name}`],
      ["POST", `/api/work_pools/${name}/get_scheduled_flow_runs`, {}],
      ["POST", `/api/work_pools/${name}/claim`, { worker_name: "w", wait_seconds: 0 }],
      ["POST", `/api/work_pools/${name}/queues`, { name: "q" }],
      ["GET", `/api/work_pools/${name}/queues/default`],
      ["POST", `/api/work_pools/${name}/queues/filter`],
      ["POST", `/api/work_pools/${name}/workers/heartbeat`, { name: "w" }],
      ["POST", `/api/work_pools/${name}/workers/filter`],
      ["DELETE", `/api/work_pools/${name}/workers/w`],
    ];
    for (const [method, path, body] of calls) {
      const answer = await send(h.app, method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(errorOf(answer).code, `${method} ${path}`).toBe("WORK_POOL_NOT_FOUND");
      expect(errorOf(answer).message).toContain("steward work-pool create");
    }
  });

  it("refuses an unknown type and an invalid template with 422 and what to do", async () => {
    const unknown = await send(h.app, "POST", "/api/work_pools/", { name: uniqueName("p"), type: "ecs" });
    expect(unknown.status).toBe(422);
    expect(errorOf(unknown)).toMatchObject({
      code: "UNKNOWN_WORKER_TYPE",
      message: expect.stringContaining("process"),
    });

    const template = {
      job_configuration: { command: "{{ command }}" },
      variables: { type: "object", properties: { command: { type: "nonsense" } } },
    };
    const invalid = await send(h.app, "POST", "/api/work_pools/", {
      name: uniqueName("p"),
      base_job_template: template,
    });
    expect(invalid.status).toBe(422);
    expect(errorOf(invalid).code).toBe("INVALID_JOB_TEMPLATE");
    expect(errorOf(invalid).details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: expect.stringContaining("variables") })]),
    );

    const badName = await send(h.app, "POST", "/api/work_pools/", { name: "a/b" });
    expect(badName.status).toBe(422);
    expect(errorOf(badName).code).toBe("VALIDATION_FAILED");
  });

  it("manages queues: create (201), priorities, read, rename, the undeletable default", async () => {
    const pool = await newPool();
    const base = `/api/work_pools/${pool.name}/queues`;
    const created = await send(h.app, "POST", base, { name: "etl", concurrency_limit: 2 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "etl",
      priority: 2,
      status: "NOT_READY",
      work_pool_name: pool.name,
    });
    expect((await send(h.app, "POST", base, { name: "etl" })).status).toBe(409);

    const notNumber = await send(h.app, "POST", base, { name: "x", priority: "high" });
    expect(notNumber.status).toBe(422);
    expect(errorOf(notNumber).code).toBe("VALIDATION_FAILED");
    expect((await send(h.app, "POST", base, { name: "x", priority: 0 })).status).toBe(422);

    await send(h.app, "POST", base, { name: "urgent", priority: 1 });
    const order = await h.client.call("filterWorkQueues", { params: { name: pool.name } });
    expect(order.map((q) => [q.name, q.priority])).toEqual([
      ["urgent", 1],
      ["default", 2],
      ["etl", 3],
    ]);

    expect((await send(h.app, "PATCH", `${base}/etl`, { name: "etl-v2" })).status).toBe(204);
    expect(
      (await h.client.call("readWorkQueue", { params: { name: pool.name, queue_name: "etl-v2" } }))
        .concurrency_limit,
    ).toBe(2);
    const missing = await send(h.app, "GET", `${base}/etl`);
    expect(missing.status).toBe(404);
    expect(errorOf(missing).code).toBe("WORK_QUEUE_NOT_FOUND");
    expect((await send(h.app, "PATCH", `${base}/etl`, {})).status).toBe(404);

    const undeletable = await send(h.app, "DELETE", `${base}/default`);
    expect(undeletable.status).toBe(409);
    expect(errorOf(undeletable).message).toMatch(/default queue.*cannot be deleted/);
    expect((await send(h.app, "DELETE", `${base}/etl-v2`)).status).toBe(204);
    expect((await send(h.app, "DELETE", `${base}/etl-v2`)).status).toBe(404);
  });

  it("takes worker heartbeats (204), lists workers ONLINE, and forgets them", async () => {
    const pool = await newPool();
    const beat = await send(h.app, "POST", `/api/work_pools/${pool.name}/workers/heartbeat`, {
      name: "worker-1",
      heartbeat_interval_seconds: 15,
    });
    expect(beat.status).toBe(204);
    expect((await h.client.call("readWorkPool", { params: { name: pool.name } })).status).toBe("READY");
    const workers = await h.client.call("filterWorkers", { params: { name: pool.name } });
    expect(workers).toEqual([
      expect.objectContaining({ name: "worker-1", status: "ONLINE", heartbeat_interval_seconds: 15 }),
    ]);
    const bad = await send(h.app, "POST", `/api/work_pools/${pool.name}/workers/heartbeat`, {
      name: "w",
      heartbeat_interval_seconds: "often",
    });
    expect(bad.status).toBe(422);
    expect((await send(h.app, "DELETE", `/api/work_pools/${pool.name}/workers/worker-1`)).status).toBe(204);
    const gone = await send(h.app, "DELETE", `/api/work_pools/${pool.name}/workers/worker-1`);
    expect(gone.status).toBe(404);
    expect(errorOf(gone).code).toBe("WORKER_NOT_FOUND");
  });

  it("records flow-run heartbeats (204) and answers FLOW_RUN_NOT_FOUND for unknown runs", async () => {
    const flow = await h.client.call("createFlow", { body: { name: uniqueName("flow") } });
    const run = await h.client.call("createFlowRun", { body: { flow_id: flow.id } });
    expect((await send(h.app, "POST", `/api/flow_runs/${run.id}/heartbeat`)).status).toBe(204);
    const unknown = await send(
      h.app,
      "POST",
      "/api/flow_runs/0190f1c2-5b7e-7c3a-9d4e-2f6a8b1c0d3e/heartbeat",
    );
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe("FLOW_RUN_NOT_FOUND");
  });

  it("answers get_scheduled_flow_runs with due runs and marks the queue READY", async () => {
    const pool = await newPool();
    const answer = await h.client.call("getScheduledFlowRuns", { params: { name: pool.name }, body: {} });
    expect(answer).toEqual([]);
    const [queue] = await h.client.call("filterWorkQueues", { params: { name: pool.name } });
    expect(queue?.status).toBe("READY");
    expect(queue?.last_polled).not.toBeNull();
  });
});
