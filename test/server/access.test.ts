/**
 * Every route of the OpenAPI document, called with every role: 401 without a key, 403 with too
 * small a role, and never 401 or 403 for a role the route declares (the answer may still be a
 * 404 or 422: the walk sends made-up ids and empty bodies). Then the keys themselves: hashes only,
 * revoke at once, expiry, worker pools, the bootstrap key and the limit on bad keys.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import { mayCall, type Principal, type Role, ROLES, type RouteAccess } from "../../src/core/access.js";
import { createApp } from "../../src/server/app.js";
import { Authenticator } from "../../src/server/auth/authenticator.js";
import type { Store } from "../../src/server/storage/store.js";
import { BACKENDS } from "./backends.js";
import { errorOf, keysForEveryRole, send } from "./harness.js";

const BOOTSTRAP = "bootstrap-admin-key-for-tests";

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly access: RouteAccess;
}

/** The operations of the document the server publishes, each with the access it declares. */
async function operations(app: Hono, key: string): Promise<Operation[]> {
  expect((await app.request("/api/openapi.json")).status).toBe(401);
  const response = await app.request("/api/openapi.json", { headers: { authorization: `Bearer ${key}` } });
  expect(response.status).toBe(200);
  const document = (await response.json()) as {
    paths: Record<string, Record<string, { "x-steward-access": RouteAccess }>>;
  };
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      access: op["x-steward-access"],
    })),
  );
}

/** A concrete URL for a path template: made-up ids and names. */
function concrete(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) =>
    name === "id" || name.endsWith("_id") ? randomUUID() : `walk-${name}`,
  );
}

/** Sends `op` with an empty JSON body where it takes one, and the key if any (GETs too). */
async function call(app: Hono, op: Operation, key: string | undefined) {
  const headers: Record<string, string> = {};
  if (key !== undefined) headers.authorization = `Bearer ${key}`;
  const hasBody = !["GET", "DELETE"].includes(op.method);
  if (hasBody || op.method === "DELETE") headers["content-type"] = "application/json";
  const response = await app.request(concrete(op.path), {
    method: op.method,
    headers,
    body: hasBody ? "{}" : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text };
}

describe.each(BACKENDS)("access control ($name)", (backend) => {
  let store: Store;
  let app: Hono;
  let cleanup: () => Promise<void>;
  let databaseUrl = "";
  let keys = new Map<Role, string>();

  beforeAll(async () => {
    const opened = await backend.open();
    store = opened.store;
    cleanup = opened.cleanup;
    databaseUrl = opened.databaseUrl;
    keys = await keysForEveryRole(store, "walk");
    app = createApp({
      store,
      version: "0.0.0-test",
      authenticator: new Authenticator({ store, bootstrapKey: BOOTSTRAP, log: () => {} }),
    });
    return () => cleanup();
  });

  it("answers every route with every role as the route declares: 401, 403 or through", async () => {
    const ops = await operations(app, BOOTSTRAP);
    expect(ops.length).toBeGreaterThan(90);
    const wrong: string[] = [];
    for (const op of ops) {
      if (op.path.includes("/events/stream") || op.path.includes("/changes/stream")) continue;
      const label = `${op.method} ${op.path}`;
      const anonymous = await call(app, op, undefined);
      if (op.access.role === "open" ? [401, 403].includes(anonymous.status) : anonymous.status !== 401) {
        wrong.push(`${label} without a key: ${anonymous.status}`);
      }
      for (const role of ROLES) {
        const principal: Principal = { kind: "api-key", name: role, role, pools: [] };
        const answer = await call(app, op, keys.get(role));
        const allowed = mayCall(principal, op.access);
        if (allowed ? [401, 403].includes(answer.status) : answer.status !== 403) {
          wrong.push(`${label} as ${role}: ${answer.status} ${answer.body.slice(0, 160)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("streams need a viewer key too", async () => {
    const without = await app.request("/api/changes/stream");
    expect(without.status).toBe(401);
    const controller = new AbortController();
    const viewer = await app.request("/api/changes/stream", {
      headers: { authorization: `Bearer ${keys.get("viewer")}` },
      signal: controller.signal,
    });
    expect(viewer.status).toBe(200);
    controller.abort();
    await viewer.body?.cancel().catch(() => undefined);
  });

  it("keeps only hashes: the key is in no column, and the listing shows its prefix", async () => {
    const created = await store.apiKeys.create({
      name: "hash-only",
      role: "viewer",
      expires_in_seconds: null,
      pools: [],
    });
    expect(created.key).toMatch(/^stw_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(created.api_key.prefix).toBe(created.key.slice(0, 12));
    const listed = await send(
      app,
      "POST",
      "/api/api_keys/filter",
      { names: ["hash-only"] },
      admin(BOOTSTRAP),
    );
    expect(JSON.stringify(listed.body)).not.toContain(created.key.slice(13));
    if (backend.name === "sqlite") {
      const file = databaseUrl.replace(/^sqlite:/, "");
      const bytes = ["", "-wal"].map((suffix) => readIfThere(`${file}${suffix}`)).join("");
      expect(bytes).toContain(created.api_key.prefix);
      expect(bytes).not.toContain(created.key);
    }
  });

  it("stops a revoked key at its next request, and an expired one", async () => {
    const made = await send(
      app,
      "POST",
      "/api/api_keys/",
      { name: "short", role: "viewer" },
      admin(BOOTSTRAP),
    );
    expect(made.status).toBe(201);
    const { key, api_key } = made.body as { key: string; api_key: { id: string } };
    expect((await send(app, "POST", "/api/flows/filter", {}, admin(key))).status).toBe(200);
    const revoked = await send(
      app,
      "POST",
      `/api/api_keys/${api_key.id}/revoke`,
      undefined,
      admin(BOOTSTRAP),
    );
    expect(revoked.status).toBe(200);
    expect((revoked.body as { revoked: string | null }).revoked).not.toBeNull();
    const after = await send(app, "POST", "/api/flows/filter", {}, admin(key));
    expect(after.status).toBe(401);
    expect(after.headers.get("www-authenticate")).toContain("Bearer");

    let now = Date.now();
    const clockApp = createApp({
      store,
      version: "0.0.0-test",
      now: () => now,
      authenticator: new Authenticator({ store, now: () => now, log: () => {} }),
    });
    const expiring = await store.apiKeys.create({
      name: "expiring",
      role: "viewer",
      expires_in_seconds: 60,
      pools: [],
    });
    expect((await send(clockApp, "POST", "/api/flows/filter", {}, admin(expiring.key))).status).toBe(200);
    now += 61_000;
    expect((await send(clockApp, "POST", "/api/flows/filter", {}, admin(expiring.key))).status).toBe(401);
  });

  it("refuses only pools' worker keys outside their pools", async () => {
    const bootstrap = admin(BOOTSTRAP);
    for (const name of ["scope-a", "scope-b"]) {
      expect((await send(app, "POST", "/api/work_pools/", { name, type: "process" }, bootstrap)).status).toBe(
        201,
      );
    }
    const { key } = await store.apiKeys.create({
      name: "scoped",
      role: "worker",
      expires_in_seconds: null,
      pools: ["scope-a"],
    });
    const claim = { worker_name: "w", wait_seconds: 0 };
    expect((await send(app, "POST", "/api/work_pools/scope-a/claim", claim, admin(key))).status).toBe(200);
    const other = await send(app, "POST", "/api/work_pools/scope-b/claim", claim, admin(key));
    expect(other.status).toBe(403);
    expect(errorOf(other).message).toContain('serves the work pools "scope-a" only');
    const read = (pool: string) => app.request(`/api/work_pools/${pool}`, { headers: admin(key) });
    expect((await read("scope-a")).status).toBe(200);
    expect((await read("scope-b")).status).toBe(403);
    // Its flow-run filter is narrowed to its pools, whatever it asks.
    const filtered = await send(
      app,
      "POST",
      "/api/flow_runs/filter",
      { work_pools: { name: { any_: ["scope-b"] } } },
      admin(key),
    );
    expect(filtered.status).toBe(200);
    expect(filtered.body).toEqual([]);
    // And it cannot create anything that is not a report of its runs.
    expect((await send(app, "POST", "/api/work_pools/", { name: "scope-c" }, admin(key))).status).toBe(403);
  });

  it("refuses keys-admin to everyone but admins, the bootstrap key included as one", async () => {
    const body = { name: "by-developer", role: "admin" };
    const developer = await send(app, "POST", "/api/api_keys/", body, admin(keys.get("developer") ?? ""));
    expect(developer.status).toBe(403);
    expect(errorOf(developer).message).toContain('the key "walk-developer" (role developer)');
    const byAdmin = await send(
      app,
      "POST",
      "/api/api_keys/",
      { ...body, name: "by-admin" },
      admin(keys.get("admin") ?? ""),
    );
    expect(byAdmin.status).toBe(201);
    const poolsOnViewer = await send(
      app,
      "POST",
      "/api/api_keys/",
      { name: "x", role: "viewer", pools: ["a"] },
      admin(BOOTSTRAP),
    );
    expect(poolsOnViewer.status).toBe(422);
  });
});

describe("the limit on bad keys", () => {
  it("answers 429 after repeated bad keys from one address, while a working key still passes", async () => {
    const lines: string[] = [];
    await withSqliteApp(
      async (app) => {
        const bad = "stw_0badc0de_" + "x".repeat(43);
        const statuses: number[] = [];
        for (let i = 0; i < 25; i++)
          statuses.push((await send(app, "POST", "/api/flows/filter", {}, admin(bad))).status);
        expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
        expect(statuses.slice(20)).toEqual(Array(5).fill(429));
        const limited = await send(app, "POST", "/api/flows/filter", {}, admin(bad));
        expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
        expect((await send(app, "POST", "/api/flows/filter", {}, admin(BOOTSTRAP))).status).toBe(200);
        // Logged by prefix only, once per rejection before the limit, never the key.
        expect(lines).toHaveLength(20);
        expect(lines[0]).toBe("auth: rejected API key stw_0badc0de from unknown");
        expect(lines.join("\n")).not.toContain("x".repeat(43));
      },
      bootstrapAuth((line) => lines.push(line)),
    );
  });

  it("is off for a store without keys and no bootstrap key: everyone is the anonymous admin", async () => {
    await withSqliteApp(async (app) => {
      expect((await send(app, "POST", "/api/flows/filter", {})).status).toBe(200);
      // The first key turns it on, at once for this server.
      const made = await send(app, "POST", "/api/api_keys/", { name: "first", role: "admin" });
      expect(made.status).toBe(201);
      expect((await send(app, "POST", "/api/flows/filter", {})).status).toBe(401);
      const { key } = made.body as { key: string };
      expect((await send(app, "POST", "/api/flows/filter", {}, admin(key))).status).toBe(200);
    });
  });
});

/**
 * Runs `test` against an app over a fresh SQLite store, with the authenticator `auth` makes
 * (none: the app's own, auth on only once a key exists), and removes the store afterwards.
 */
async function withSqliteApp(
  test: (app: Hono, store: Store) => Promise<void>,
  auth?: (store: Store) => Authenticator,
): Promise<void> {
  const backend = BACKENDS[0];
  if (backend === undefined) throw new Error("no backend");
  const opened = await backend.open();
  try {
    const app = createApp({
      store: opened.store,
      version: "0.0.0-test",
      authenticator: auth?.(opened.store),
    });
    await test(app, opened.store);
  } finally {
    await opened.cleanup();
  }
}

/** An authenticator with the test's bootstrap key, logging to `log`. */
function bootstrapAuth(log: (line: string) => void = () => {}): (store: Store) => Authenticator {
  return (store) => new Authenticator({ store, bootstrapKey: BOOTSTRAP, log });
}

/** JSON write headers with the key. */
function admin(key: string): Record<string, string> {
  return { "content-type": "application/json", authorization: `Bearer ${key}` };
}

/** A file's bytes as latin1 text, or "" when it does not exist. */
function readIfThere(path: string): string {
  try {
    return readFileSync(path).toString("latin1");
  } catch {
    return "";
  }
}

describe("UI sessions", () => {
  it("trade a key for an HttpOnly cookie; writes need the CSRF token; sign-out and revoke end them", async () => {
    await withSqliteApp(async (app, store) => {
      const json = { "content-type": "application/json" };
      const before = await (await app.request("/api/auth/session")).json();
      expect(before).toEqual({ auth_enabled: true, principal: null, csrf_token: null, expires: null });

      const { key } = await store.apiKeys.create({
        name: "ui",
        role: "developer",
        expires_in_seconds: null,
        pools: [],
      });
      const wrong = await app.request("/api/auth/login", {
        method: "POST",
        headers: json,
        body: '{"key": "nope"}',
      });
      expect(wrong.status).toBe(401);
      const login = await app.request("/api/auth/login", {
        method: "POST",
        headers: json,
        body: JSON.stringify({ key }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get("set-cookie") ?? "";
      expect(cookie).toMatch(
        /^steward_session=[\w-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/,
      );
      const { csrf_token, principal } = (await login.json()) as { csrf_token: string; principal: unknown };
      expect(principal).toEqual({ kind: "api-key", name: "ui", role: "developer" });
      const session = cookie.split(";")[0] ?? "";

      const read = await app.request("/api/flows/filter", {
        method: "POST",
        headers: { ...json, cookie: session, "x-steward-csrf": csrf_token },
        body: "{}",
      });
      expect(read.status).toBe(200);
      const noToken = await app.request("/api/flows/", {
        method: "POST",
        headers: { ...json, cookie: session },
        body: '{"name": "f"}',
      });
      expect(noToken.status).toBe(403);
      expect(((await noToken.json()) as { error: { code: string } }).error.code).toBe("CSRF_FAILED");
      const withToken = await app.request("/api/flows/", {
        method: "POST",
        headers: { ...json, cookie: session, "x-steward-csrf": csrf_token },
        body: '{"name": "f"}',
      });
      expect(withToken.status).toBe(201);
      const info = await (await app.request("/api/auth/session", { headers: { cookie: session } })).json();
      expect(info).toMatchObject({ auth_enabled: true, principal: { name: "ui" }, csrf_token });
      // The database holds no usable token.
      const token = session.split("=")[1] ?? "";
      expect(await store.sessions.read(token)).toBeUndefined();

      const logout = await app.request("/api/auth/logout", {
        method: "POST",
        headers: { ...json, cookie: session },
      });
      expect(logout.status).toBe(204);
      expect(logout.headers.get("set-cookie")).toContain("Max-Age=0");
      expect(
        (
          await app.request("/api/flows/paginate", {
            method: "POST",
            headers: { ...json, cookie: session, "x-steward-csrf": csrf_token },
            body: "{}",
          })
        ).status,
      ).toBe(401);

      // A session of a key that is then revoked ends with it.
      const again = await app.request("/api/auth/login", {
        method: "POST",
        headers: json,
        body: JSON.stringify({ key }),
      });
      const second = (again.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      const [listed] = await store.apiKeys.filter({ names: ["ui"], include_inactive: false });
      const revoke = await app.request(`/api/api_keys/${listed?.id}/revoke`, {
        method: "POST",
        headers: admin(BOOTSTRAP),
      });
      expect(revoke.status).toBe(200);
      expect((await app.request("/api/version", { headers: { cookie: second } })).status).toBe(401);
    }, bootstrapAuth());
  });
});

describe("a flow run's own key", () => {
  it("reaches its run, its subflows and their task runs and logs, and nothing else", async () => {
    await withSqliteApp(async (app, store) => {
      const as = (key: string) => ({
        post: (path: string, body: unknown) =>
          app.request(path, { method: "POST", headers: admin(key), body: JSON.stringify(body) }),
        get: (path: string) => app.request(path, { headers: { authorization: `Bearer ${key}` } }),
      });
      const boot = as(BOOTSTRAP);
      const flow = (await (await boot.post("/api/flows/", { name: "keyed" })).json()) as { id: string };
      const own = (await (await boot.post("/api/flow_runs/", { flow_id: flow.id })).json()) as { id: string };
      const other = (await (await boot.post("/api/flow_runs/", { flow_id: flow.id })).json()) as {
        id: string;
      };
      const worker = await store.apiKeys.create({
        name: "w",
        role: "worker",
        expires_in_seconds: null,
        pools: [],
      });
      const minted = await as(worker.key).post(`/api/flow_runs/${own.id}/run_key`, {});
      expect(minted.status).toBe(201);
      const { key } = (await minted.json()) as { key: string };
      expect(key).toMatch(/^stwr_/);
      const run = as(key);

      expect((await run.get(`/api/flow_runs/${own.id}`)).status).toBe(200);
      expect(
        (await run.post(`/api/flow_runs/${own.id}/set_state`, { state: { type: "RUNNING" } })).status,
      ).toBe(201);
      expect((await run.get(`/api/flow_runs/${other.id}`)).status).toBe(403);
      expect(
        (await run.post(`/api/flow_runs/${other.id}/set_state`, { state: { type: "RUNNING" } })).status,
      ).toBe(403);
      expect((await run.post("/api/flow_runs/filter", {})).status).toBe(403);
      expect(
        (await run.post("/api/work_pools/any/claim", { worker_name: "x", wait_seconds: 0 })).status,
      ).toBe(403);
      expect((await run.post("/api/flow_runs/", { flow_id: flow.id })).status).toBe(403);

      const task = await run.post("/api/task_runs/", {
        name: "t",
        flow_run_id: own.id,
        task_key: "t",
        dynamic_key: "0",
      });
      expect(task.status).toBe(201);
      const { id: taskId } = (await task.json()) as { id: string };
      const subflow = await run.post("/api/flow_runs/", { flow_id: flow.id, parent_task_run_id: taskId });
      expect(subflow.status).toBe(201);
      const { id: subflowId } = (await subflow.json()) as { id: string };
      expect(
        (await run.post(`/api/flow_runs/${subflowId}/set_state`, { state: { type: "RUNNING" } })).status,
      ).toBe(201);
      const log = (flowRunId: string) => [
        { name: "l", level: 20, message: "m", timestamp: new Date().toISOString(), flow_run_id: flowRunId },
      ];
      expect((await run.post("/api/logs/", log(subflowId))).status).toBe(204);
      expect((await run.post("/api/logs/", log(other.id))).status).toBe(403);
      expect(
        (
          await run.post("/api/task_runs/", {
            name: "t",
            flow_run_id: other.id,
            task_key: "t",
            dynamic_key: "0",
          })
        ).status,
      ).toBe(403);

      const login = await app.request("/api/auth/login", {
        method: "POST",
        headers: admin(BOOTSTRAP),
        body: JSON.stringify({ key }),
      });
      expect(login.status).toBe(403);
    }, bootstrapAuth());
  });
});

describe("auth never falls open", () => {
  it("stays on after every key is revoked", async () => {
    await withSqliteApp(async (app) => {
      const made = await send(app, "POST", "/api/api_keys/", { name: "only", role: "admin" });
      const { key, api_key } = made.body as { key: string; api_key: { id: string } };
      expect(
        (await send(app, "POST", `/api/api_keys/${api_key.id}/revoke`, undefined, admin(key))).status,
      ).toBe(200);
      expect((await send(app, "POST", "/api/flows/filter", {})).status).toBe(401);
      expect((await send(app, "POST", "/api/flows/filter", {}, admin(key))).status).toBe(401);
    });
  });
});
