import { describe, expect, it } from "vitest";
import { BACKENDS } from "./backends.js";
import { errorOf, send, uniqueName, useApp } from "./harness.js";

describe.each(BACKENDS)("flow-run routes on $name", (backend) => {
  const h = useApp(backend);
  const newFlow = () => h.client.call("createFlow", { body: { name: uniqueName("flow") } });

  it("creates a run with 201, and with the same idempotency key returns it with 200", async () => {
    const flow = await newFlow();
    const key = uniqueName("key");
    const first = await h.client.callWithStatus("createFlowRun", {
      body: { flow_id: flow.id, idempotency_key: key, parameters: { n: 1 } },
    });
    expect(first.status).toBe(201);
    expect(first.data).toMatchObject({ flow_id: flow.id, parameters: { n: 1 }, idempotency_key: key });
    const again = await h.client.callWithStatus("createFlowRun", {
      body: { flow_id: flow.id, idempotency_key: key },
    });
    expect(again.status).toBe(200);
    expect(again.data.id).toBe(first.data.id);
  });

  it("answers FLOW_NOT_FOUND when creating a run of an unknown flow", async () => {
    const answer = await send(h.app, "POST", "/api/flow_runs/", {
      flow_id: "0190f1c2-5b7e-7c3a-9d4e-2f6a8b1c0d3e",
    });
    expect(answer.status).toBe(404);
    expect(errorOf(answer).code).toBe("FLOW_NOT_FOUND");
  });

  it("reads, updates (204) and deletes (204) a run; unknown ids answer FLOW_RUN_NOT_FOUND", async () => {
    const flow = await newFlow();
    const run = await h.client.call("createFlowRun", { body: { flow_id: flow.id, name: "before" } });
    expect((await send(h.app, "PATCH", `/api/flow_runs/${run.id}`, { name: "after" })).status).toBe(204);
    expect((await h.client.call("readFlowRun", { params: { id: run.id } })).name).toBe("after");
    expect((await send(h.app, "DELETE", `/api/flow_runs/${run.id}`)).status).toBe(204);
    for (const method of ["GET", "PATCH", "DELETE"]) {
      const answer = await send(
        h.app,
        method,
        `/api/flow_runs/${run.id}`,
        method === "PATCH" ? {} : undefined,
      );
      expect(answer.status, method).toBe(404);
      expect(errorOf(answer).code, method).toBe("FLOW_RUN_NOT_FOUND");
    }
  });

  it("answers set_state with ACCEPT (201), ABORT (200), REJECT (201) and WAIT (200)", async () => {
    const flow = await newFlow();
    const run = await h.client.call("createFlowRun", {
      body: { flow_id: flow.id, empirical_policy: { retries: 1, retry_delay: 0 } },
    });
    const path = `/api/flow_runs/${run.id}/set_state`;

    const accepted = await send(h.app, "POST", path, { state: { type: "RUNNING" } });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({
      status: "ACCEPT",
      state: { type: "RUNNING" },
      details: { type: "accept_details" },
    });

    const aborted = await send(h.app, "POST", path, { state: { type: "PENDING" } });
    expect(aborted.status).toBe(200);
    expect(aborted.body).toMatchObject({ status: "ABORT", details: { type: "abort_details" } });

    const rejected = await send(h.app, "POST", path, { state: { type: "FAILED" } });
    expect(rejected.status).toBe(201);
    expect(rejected.body).toMatchObject({
      status: "REJECT",
      state: { type: "SCHEDULED", name: "AwaitingRetry" },
      details: { type: "reject_details" },
    });

    const later = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = await h.client.call("createFlowRun", {
      body: { flow_id: flow.id, state: { type: "SCHEDULED", state_details: { scheduled_time: later } } },
    });
    const waited = await send(h.app, "POST", `/api/flow_runs/${scheduled.id}/set_state`, {
      state: { type: "RUNNING" },
    });
    expect(waited.status).toBe(200);
    expect(waited.body).toMatchObject({ status: "WAIT", details: { type: "wait_details" } });
    expect((waited.body as { details: { delay_seconds: number } }).details.delay_seconds).toBeGreaterThan(
      3000,
    );
  });

  it("answers FLOW_RUN_NOT_FOUND for a state proposal on an unknown run", async () => {
    const answer = await send(
      h.app,
      "POST",
      "/api/flow_runs/0190f1c2-5b7e-7c3a-9d4e-2f6a8b1c0d3e/set_state",
      {
        state: { type: "RUNNING" },
      },
    );
    expect(answer.status).toBe(404);
    expect(errorOf(answer).code).toBe("FLOW_RUN_NOT_FOUND");
  });

  it("lists the state history and reads one state; an unknown state is STATE_NOT_FOUND", async () => {
    const flow = await newFlow();
    const run = await h.client.call("createFlowRun", { body: { flow_id: flow.id } });
    await h.client.call("setFlowRunState", { params: { id: run.id }, body: { state: { type: "RUNNING" } } });
    const history = await h.client.call("readFlowRunStates", { query: { flow_run_id: run.id } });
    expect(history.map((s) => s.type)).toEqual(["PENDING", "RUNNING"]);
    const last = history.at(-1);
    expect(await h.client.call("readFlowRunState", { params: { id: String(last?.id) } })).toEqual(last);
    const missing = await send(h.app, "GET", "/api/flow_run_states/0190f1c2-5b7e-7c3a-9d4e-2f6a8b1c0d3e");
    expect(missing.status).toBe(404);
    expect(errorOf(missing).code).toBe("STATE_NOT_FOUND");
  });

  it("filters by state, counts, pages and bulk-deletes", async () => {
    const flow = await newFlow();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await h.client.call("createFlowRun", { body: { flow_id: flow.id } })).id);
    await h.client.call("setFlowRunState", {
      params: { id: String(ids[0]) },
      body: { state: { type: "RUNNING" } },
    });
    const byFlow = { flows: { id: { any_: [flow.id] } } };
    const running = await h.client.call("filterFlowRuns", {
      body: { ...byFlow, flow_runs: { state: { type: { any_: ["RUNNING"] } } } },
    });
    expect(running.map((r) => r.id)).toEqual([ids[0]]);
    expect(await h.client.call("countFlowRuns", { body: byFlow })).toBe(3);

    const page = await h.client.call("paginateFlowRuns", { body: { ...byFlow, limit: 2, page: 2 } });
    expect(page).toMatchObject({ count: 3, limit: 2, pages: 2, page: 2 });
    expect(page.results).toHaveLength(1);

    const deleted = await h.client.call("bulkDeleteFlowRuns", { body: { ids } });
    expect(deleted.deleted.sort()).toEqual([...ids].sort());
    expect(await h.client.call("countFlowRuns", { body: byFlow })).toBe(0);
  });
});
