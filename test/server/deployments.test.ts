import { describe, expect, it } from "vitest";
import { WorkPoolCreate } from "../../src/api/index.js";
import { BACKENDS } from "./backends.js";
import { errorOf, send, uniqueName, useApp } from "./harness.js";

describe.each(BACKENDS)("deployment routes on $name", (backend) => {
  const h = useApp(backend);

  async function setup() {
    const flowName = uniqueName("flow with spaces");
    const flow = await h.client.call("createFlow", { body: { name: flowName } });
    const pool = await h.store.workPools.create(
      WorkPoolCreate.parse({ name: uniqueName("pool"), type: "process" }),
    );
    return { flow, flowName, pool };
  }

  async function deploy(extra: Record<string, unknown> = {}) {
    const { flow, flowName, pool } = await setup();
    const body = { name: uniqueName("dep 1"), flow_id: flow.id, work_pool_name: pool.name, ...extra };
    const answer = await send(h.app, "POST", "/api/deployments/", body);
    expect(answer.status).toBe(201);
    return { flowName, pool, deployment: answer.body as { id: string; name: string; flow_id: string } };
  }

  it("upserts with 201 then 200, and reads by id and by (URL-encoded) names", async () => {
    const { flow, flowName, pool } = await setup();
    const body = {
      name: uniqueName("nightly run"),
      flow_id: flow.id,
      work_pool_name: pool.name,
      schedules: [{ schedule: { interval: 3600 } }],
    };
    const first = await h.client.callWithStatus("createDeployment", { body });
    expect(first.status).toBe(201);
    expect(first.data).toMatchObject({
      flow_name: flowName,
      work_queue_name: "default",
      status: "NOT_READY",
    });
    const second = await h.client.callWithStatus("createDeployment", { body: { ...body, version: "2" } });
    expect(second.status).toBe(200);
    expect(second.data).toMatchObject({ id: first.data.id, version: "2" });
    expect(await h.client.call("readDeployment", { params: { id: first.data.id } })).toEqual(second.data);
    const byName = await send(
      h.app,
      "GET",
      `/api/deployments/name/${encodeURIComponent(flowName)}/${encodeURIComponent(body.name)}`,
    );
    expect(byName.status).toBe(200);
    expect(byName.body).toEqual(second.data);
  });

  it("answers DEPLOYMENT_NOT_FOUND for unknown names, unknown ids and non-UUID ids", async () => {
    const byName = await send(h.app, "GET", `/api/deployments/name/${uniqueName("f")}/${uniqueName("d")}`);
    expect(byName.status).toBe(404);
    expect(errorOf(byName).code).toBe("DEPLOYMENT_NOT_FOUND");
    expect(errorOf(byName).message).toContain("steward deployment ls");
    for (const [method, path] of [
      ["GET", `/api/deployments/${crypto.randomUUID()}`],
      ["GET", "/api/deployments/not-a-uuid"],
      ["DELETE", "/api/deployments/0123"],
      ["POST", "/api/deployments/nope/create_flow_run"],
      ["GET", `/api/deployments/${crypto.randomUUID()}/schedules`],
      ["POST", `/api/deployments/${crypto.randomUUID()}/pause_deployment`],
      ["POST", `/api/deployments/${crypto.randomUUID()}/create_flow_run`],
    ] as const) {
      const answer = await send(h.app, method, path, method === "POST" ? {} : undefined);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(errorOf(answer).code, `${method} ${path}`).toBe("DEPLOYMENT_NOT_FOUND");
    }
  });

  it("rejects an unknown pool with 404 and how to create it", async () => {
    const flow = await h.client.call("createFlow", { body: { name: uniqueName("flow") } });
    const answer = await send(h.app, "POST", "/api/deployments/", {
      name: "d",
      flow_id: flow.id,
      work_pool_name: "no-such-pool",
    });
    expect(answer.status).toBe(404);
    expect(errorOf(answer)).toMatchObject({
      code: "WORK_POOL_NOT_FOUND",
      message: expect.stringContaining("steward work-pool create --type process no-such-pool"),
    });
  });

  it("rejects malformed and mistyped job variables with 422, naming the field", async () => {
    const { flow, pool } = await setup();
    const base = { name: "d", flow_id: flow.id, work_pool_name: pool.name };
    const malformed = await send(h.app, "POST", "/api/deployments/", { ...base, job_variables: "env=1" });
    expect(malformed.status).toBe(422);
    expect(errorOf(malformed)).toMatchObject({
      code: "VALIDATION_FAILED",
      details: [{ path: "job_variables" }],
    });
    const mistyped = await send(h.app, "POST", "/api/deployments/", {
      ...base,
      job_variables: { stream_output: "no" },
    });
    expect(mistyped.status).toBe(422);
    expect(errorOf(mistyped)).toMatchObject({
      code: "INVALID_JOB_VARIABLES",
      details: [{ path: "stream_output", message: "must be boolean" }],
    });
    // The process-reuse limits: whole numbers with a floor, huge ones refused too.
    for (const [variables, path] of [
      [{ reuse_processes: "yes" }, "reuse_processes"],
      [{ reuse_processes: true, max_runs_per_process: 0 }, "max_runs_per_process"],
      [{ reuse_processes: true, max_runs_per_process: 1e300 }, "max_runs_per_process"],
      [{ max_process_memory_mb: 2.5 }, "max_process_memory_mb"],
      [{ max_process_memory_mb: "512MB" }, "max_process_memory_mb"],
    ] as const) {
      const refused = await send(h.app, "POST", "/api/deployments/", { ...base, job_variables: variables });
      expect(refused.status, JSON.stringify(variables)).toBe(422);
      const error = errorOf(refused) as { code: string; details: { path: string }[] };
      expect(error.code).toBe("INVALID_JOB_VARIABLES");
      expect(new Set(error.details.map((detail) => detail.path))).toEqual(new Set([path]));
    }
  });

  it("creates flow runs, 422 listing each bad parameter", async () => {
    const { deployment, flowName, pool } = await deploy({
      parameter_openapi_schema: {
        type: "object",
        properties: { name: { type: "string" }, n: { type: "integer" } },
        required: ["name", "n"],
      },
    });
    const bad = await send(h.app, "POST", `/api/deployments/${deployment.id}/create_flow_run`, {
      parameters: { name: 5 },
    });
    expect(bad.status).toBe(422);
    expect(errorOf(bad)).toMatchObject({
      code: "INVALID_PARAMETERS",
      message: `Invalid parameters for deployment "${flowName}/${deployment.name}": n: is required; name: must be string`,
      details: [
        { path: "n", message: "is required" },
        { path: "name", message: "must be string" },
      ],
    });
    const run = await h.client.callWithStatus("createFlowRunFromDeployment", {
      params: { id: deployment.id },
      body: { parameters: { name: "Ada", n: 1 }, tags: ["manual"] },
    });
    expect(run.status).toBe(201);
    expect(run.data).toMatchObject({
      deployment_id: deployment.id,
      state_type: "SCHEDULED",
      work_pool_name: pool.name,
      work_queue_name: "default",
      parameters: { name: "Ada", n: 1 },
      tags: ["manual"],
    });
    const badQueue = await send(h.app, "POST", `/api/deployments/${deployment.id}/create_flow_run`, {
      parameters: { name: "Ada", n: 1 },
      work_queue_name: "nope",
    });
    expect(badQueue.status).toBe(404);
    expect(errorOf(badQueue).code).toBe("WORK_QUEUE_NOT_FOUND");
  });

  it("patches only the fields sent, pauses, resumes and deletes", async () => {
    const { deployment } = await deploy({
      description: "first",
      parameters: { a: 1 },
      schedules: [{ schedule: { interval: 60 }, active: false }],
    });
    const path = `/api/deployments/${deployment.id}`;
    expect((await send(h.app, "PATCH", path, { description: "second" })).status).toBe(204);
    const read = await h.client.call("readDeployment", { params: { id: deployment.id } });
    expect(read).toMatchObject({ description: "second", parameters: { a: 1 }, paused: false });
    expect(read.schedules).toHaveLength(1);

    const badPatch = await send(h.app, "PATCH", path, { job_variables: { stream_output: 3 } });
    expect(errorOf(badPatch).code).toBe("INVALID_JOB_VARIABLES");

    expect((await send(h.app, "POST", `${path}/pause_deployment`)).status).toBe(204);
    expect((await h.client.call("readDeployment", { params: { id: deployment.id } })).paused).toBe(true);
    expect((await send(h.app, "POST", `${path}/resume_deployment`)).status).toBe(204);
    expect((await h.client.call("readDeployment", { params: { id: deployment.id } })).paused).toBe(false);

    expect((await send(h.app, "DELETE", path)).status).toBe(204);
    const gone = await send(h.app, "DELETE", path);
    expect(gone.status).toBe(404);
    expect(errorOf(gone).code).toBe("DEPLOYMENT_NOT_FOUND");
  });

  it("lists, filters and counts", async () => {
    const { deployment, pool } = await deploy();
    const filter = { deployments: { work_pool_name: { any_: [pool.name] } } };
    const listed = await h.client.call("filterDeployments", { body: filter });
    expect(listed.map((d) => d.id)).toEqual([deployment.id]);
    expect(await h.client.call("countDeployments", { body: filter })).toBe(1);
    const empty = await send(h.app, "POST", "/api/deployments/filter");
    expect(empty.status).toBe(200);
    const badSort = await send(h.app, "POST", "/api/deployments/filter", { sort: "SIDEWAYS" });
    expect(badSort.status).toBe(422);
  });

  it("manages schedules", async () => {
    const { deployment } = await deploy();
    const base = `/api/deployments/${deployment.id}/schedules`;
    const added = await send(h.app, "POST", base, [{ schedule: { cron: "0 * * * *" }, slug: "hourly" }]);
    expect(added.status).toBe(201);
    const [schedule] = added.body as { id: string }[];
    const patched = await send(h.app, "PATCH", `${base}/${schedule?.id}`, { active: false });
    expect(patched.status).toBe(204);
    const listed = await send(h.app, "GET", base);
    // Only `active` was sent: the slug and parameters stay.
    expect(listed.body).toMatchObject([{ id: schedule?.id, active: false, slug: "hourly" }]);
    const zero = await send(h.app, "POST", base, [{ schedule: { interval: 0 } }]);
    expect(zero.status).toBe(422);
    const unknown = await send(h.app, "DELETE", `${base}/${crypto.randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe("SCHEDULE_NOT_FOUND");
    expect((await send(h.app, "DELETE", `${base}/${schedule?.id}`)).status).toBe(204);
    expect((await send(h.app, "GET", base)).body).toEqual([]);
  });

  it("describes worker types; an unknown one is UNKNOWN_WORKER_TYPE", async () => {
    const info = await h.client.call("readWorkerType", { params: { type: "process" } });
    expect(info).toMatchObject({
      type: "process",
      default_base_job_template: { job_configuration: { env: "{{ env }}" } },
    });
    const unknown = await send(h.app, "GET", "/api/worker_types/docker");
    expect(unknown.status).toBe(422);
    expect(errorOf(unknown)).toMatchObject({
      code: "UNKNOWN_WORKER_TYPE",
      message: 'Unknown work pool type "docker"; known types: process',
    });
  });

  it("hands each claimed run over with its deployment, so the worker need not read it", async () => {
    const { pool, deployment } = await deploy({ job_variables: { env: { FROM: "deployment" } } });
    for (let i = 0; i < 2; i++) {
      await h.client.call("createFlowRunFromDeployment", { params: { id: deployment.id }, body: {} });
    }
    const claimed = await h.client.call("claimFlowRuns", {
      params: { name: pool.name },
      body: { worker_name: "w", limit: 5, wait_seconds: 0 },
    });
    expect(claimed).toHaveLength(2);
    const read = await h.client.call("readDeployment", { params: { id: deployment.id } });
    for (const entry of claimed) {
      expect(entry.flow_run.deployment_id).toBe(deployment.id);
      expect(entry.deployment).toEqual(read);
    }
  });
});
