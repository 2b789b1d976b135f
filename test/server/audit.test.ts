/**
 * The audit trail through the API: every write records the key that made it (name, role, kind),
 * the route, the resource and what it created; the events those writes cause carry the same actor;
 * telemetry and refused writes are not recorded; only admins see addresses; and a record that
 * cannot be stored never fails the write it describes.
 */
import type { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import type { AuditRecord, Event } from "../../src/api/index.js";
import type { Role } from "../../src/core/access.js";
import { createApp } from "../../src/server/app.js";
import { Authenticator } from "../../src/server/auth/authenticator.js";
import type { Store } from "../../src/server/storage/store.js";
import { BACKENDS } from "./backends.js";
import { keysForEveryRole, send, uniqueName } from "./harness.js";

const BOOTSTRAP = "bootstrap-admin-key-for-audit-tests";

describe.each(BACKENDS)("the audit trail ($name)", (backend) => {
  let store: Store;
  let app: Hono;
  let keys = new Map<Role, string>();
  const logged: string[] = [];

  const as = (role: Role | "bootstrap", method: string, path: string, body?: unknown) =>
    send(app, method, `/api${path}`, body ?? (method === "GET" ? undefined : {}), {
      "content-type": "application/json",
      authorization: `Bearer ${role === "bootstrap" ? BOOTSTRAP : keys.get(role)}`,
    });
  const audit = async (role: Role | "bootstrap", query: Record<string, unknown>) => {
    const answer = await as(role, "POST", "/audit/filter", query);
    expect(answer.status).toBe(200);
    return answer.body as AuditRecord[];
  };

  beforeAll(async () => {
    const opened = await backend.open();
    store = opened.store;
    keys = await keysForEveryRole(store, "audit");
    app = createApp({
      store,
      version: "0.0.0-test",
      checkResponses: true,
      authenticator: new Authenticator({ store, bootstrapKey: BOOTSTRAP, log: () => {} }),
      log: (line) => logged.push(line),
    });
    return () => opened.cleanup();
  });

  async function deploymentByDeveloper() {
    const flow = await as("developer", "POST", "/flows/", { name: uniqueName("flow") });
    const pool = uniqueName("pool");
    expect((await as("developer", "POST", "/work_pools/", { name: pool, type: "process" })).status).toBe(201);
    const dep = await as("developer", "POST", "/deployments/", {
      name: uniqueName("dep"),
      flow_id: (flow.body as { id: string }).id,
      work_pool_name: pool,
      entrypoint: "flows/etl.ts:etl",
    });
    expect(dep.status).toBe(201);
    return { pool, deploymentId: (dep.body as { id: string }).id };
  }

  it("records who created, changed and ran a deployment, and who cancelled its run", async () => {
    const { deploymentId, pool } = await deploymentByDeveloper();
    expect(
      (await as("developer", "PATCH", `/deployments/${deploymentId}`, { description: "nightly" })).status,
    ).toBe(204);
    const run = await as("operator", "POST", `/deployments/${deploymentId}/create_flow_run`, {});
    expect(run.status).toBe(201);
    const runId = (run.body as { id: string }).id;
    const cancel = await as("operator", "POST", `/flow_runs/${runId}/set_state`, {
      state: { type: "CANCELLED" },
    });
    expect(cancel.status).toBe(201);

    const ofDeployment = await audit("viewer", { resource_id: deploymentId });
    expect(ofDeployment.map((r) => [r.action, r.actor.name, r.actor.role, r.actor.kind])).toEqual([
      ["createFlowRunFromDeployment", "audit-operator", "operator", "api-key"],
      ["updateDeployment", "audit-developer", "developer", "api-key"],
      ["createDeployment", "audit-developer", "developer", "api-key"],
    ]);
    const [ran, updated, created] = ofDeployment;
    expect(ran).toMatchObject({ resource_kind: "deployment", resource_id: deploymentId, result_id: runId });
    expect(ran?.summary).toMatch(/^Run a deployment/);
    expect(updated).toMatchObject({
      method: "PATCH",
      path: "/deployments/{id}",
      detail: "fields: description",
      status: 204,
    });
    expect(created?.status).toBe(201);
    expect(created?.actor.id).toMatch(/^[0-9a-f-]{36}$/);

    // The run's page: its creation (through result_id) and the cancel, with the state proposed.
    const ofRun = await audit("viewer", { resource_id: runId });
    expect(ofRun.map((r) => r.action)).toEqual(["setFlowRunState", "createFlowRunFromDeployment"]);
    expect(ofRun[0]).toMatchObject({ resource_kind: "flow-run", detail: "CANCELLED → ACCEPT" });

    // The same actors on the events the writes caused.
    const events = await as("viewer", "POST", "/events/filter", {
      filter: { any_resource: { id: [`steward.flow-run.${runId}`, `steward.deployment.${deploymentId}`] } },
      order: "ASC",
    });
    const actors = (events.body as { events: Event[] }).events.map((e) => [
      e.event,
      e.resource["steward.resource.actor"],
    ]);
    expect(actors).toEqual(
      expect.arrayContaining([
        ["steward.deployment.created", "audit-developer"],
        ["steward.deployment.updated", "audit-developer"],
        ["steward.flow-run.Scheduled", "audit-operator"],
        ["steward.flow-run.Cancelled", "audit-operator"],
      ]),
    );

    // A label filter finds what one key did.
    const byLabel = await as("viewer", "POST", "/events/filter", {
      filter: { resource: { labels: { "steward.resource.actor": "audit-operator" } } },
    });
    const operatorEvents = (byLabel.body as { events: Event[] }).events.map((e) => e.event);
    expect(operatorEvents).toEqual(expect.arrayContaining(["steward.flow-run.Cancelled"]));
    expect(operatorEvents).not.toContain("steward.deployment.created");

    // Pools go by name; filters by actor and action.
    const ofPool = await audit("viewer", { resource_id: pool });
    expect(ofPool.map((r) => [r.action, r.resource_kind])).toEqual([["createWorkPool", "work-pool"]]);
    const byOperator = await audit("viewer", { actor_name: "audit-operator", action: "setFlowRunState" });
    expect(byOperator.map((r) => r.resource_id)).toContain(runId);
  });

  it("leaves out telemetry and refused writes, and shows addresses to admins only", async () => {
    const { pool } = await deploymentByDeveloper();
    expect(
      (await as("worker", "POST", `/work_pools/${pool}/workers/heartbeat`, { name: "w-1" })).status,
    ).toBe(204);
    expect(
      (
        await as("worker", "POST", `/work_pools/${pool}/claim`, {
          worker_name: "w-1",
          limit: 1,
          wait_seconds: 0,
        })
      ).status,
    ).toBe(200);
    expect(
      (await as("viewer", "POST", "/work_pools/", { name: uniqueName("nope"), type: "process" })).status,
    ).toBe(403);
    expect(await audit("viewer", { resource_id: `${pool}/w-1` })).toEqual([]);
    expect(await audit("viewer", { actor_name: "audit-worker" })).toEqual([]);
    expect(await audit("viewer", { actor_name: "audit-viewer" })).toEqual([]);

    const [forViewer] = await audit("viewer", { resource_id: pool });
    expect(forViewer?.address).toBeNull();
    const [forAdmin] = await audit("bootstrap", { resource_id: pool });
    expect(forAdmin?.address).toEqual(expect.any(String));
    expect((await as("bootstrap", "POST", "/audit/filter", { limit: 500 })).status).toBe(422);
    expect((await as("bootstrap", "POST", "/audit/filter", { actor: "x" })).status).toBe(422);
  });

  it("records the bootstrap key's writes, and answers a write even when its record cannot be stored", async () => {
    const name = uniqueName("boot-pool");
    expect((await as("bootstrap", "POST", "/work_pools/", { name, type: "process" })).status).toBe(201);
    const [record] = await audit("admin", { resource_id: name });
    expect(record?.actor).toEqual({
      kind: "bootstrap",
      id: null,
      name: "STEWARD_SERVER_API_KEY",
      role: "admin",
    });

    const failing: Store = {
      ...store,
      audit: { ...store.audit, record: async () => Promise.reject(new Error("disk I/O error")) },
    };
    const broken = createApp({
      store: failing,
      version: "0.0.0-test",
      authenticator: new Authenticator({ store, bootstrapKey: BOOTSTRAP, log: () => {} }),
      log: (line) => logged.push(line),
    });
    const answer = await send(
      broken,
      "POST",
      "/api/work_pools/",
      { name: uniqueName("p"), type: "process" },
      {
        "content-type": "application/json",
        authorization: `Bearer ${BOOTSTRAP}`,
      },
    );
    expect(answer.status).toBe(201);
    expect(
      logged.some((line) => /audit: could not record POST \/api\/work_pools\/ .*disk I\/O error/.test(line)),
    ).toBe(true);
  });

  it("records sign-ins to the UI by the key or user that signed in, never the secret", async () => {
    const signIn = await send(app, "POST", "/api/auth/login", { key: keys.get("operator") });
    expect(signIn.status).toBe(200);
    const refused = await send(app, "POST", "/api/auth/login", { key: "stw_00000000_nope" });
    expect(refused.status).toBe(401);
    const records = await audit("admin", { action: "login" });
    expect(records.map((r) => [r.actor.kind, r.actor.name, r.actor.role, r.resource_kind, r.detail])).toEqual(
      [["api-key", "audit-operator", "operator", "session", null]],
    );
    expect(JSON.stringify(records)).not.toContain(keys.get("operator"));
  });

  it("ages records out with retention, oldest first", async () => {
    const before = (await audit("admin", { limit: 200 })).length;
    expect(before).toBeGreaterThan(0);
    expect(await store.audit.deleteBefore(Date.parse("2000-01-01T00:00:00Z"))).toBe(0);
    expect(await store.audit.deleteBefore(Date.now() + 60_000)).toBeGreaterThanOrEqual(before);
    // The filter call just made is itself not a write: nothing is left.
    expect(await audit("admin", {})).toEqual([]);
  });
});
