/**
 * Authentication with real processes, on SQLite and on PostgreSQL: a server with a bootstrap admin
 * key, keys made with `steward api-key`, a worker whose key serves one pool only, a viewer who may
 * read but not run, a revoke that bites at once, a database that never holds a key, and a server
 * that will not listen on a network address without auth.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  authedApi,
  type BackendName,
  call,
  createDatabase,
  startServerWith,
  stewardWithin,
  type TestDatabase,
} from "./auth-harness.js";
import type { AuditRecord } from "../../src/api/audit.js";
import { type ApiFlowRun, makeHome, StewardProcess, steward, waitFor } from "./harness.js";

/** An event as the API lists it (the parts checked here). */
interface ApiEvent {
  readonly event: string;
  readonly resource: Record<string, string>;
}

const KEY_PATTERN = /^stw_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/;
const BOOTSTRAP = `bootstrap-${randomBytes(24).toString("hex")}`;
// A worker that heartbeats every second notices a revoked key within a second or two.
const CLIENT_ENV = { STEWARD_WORKER_HEARTBEAT_SECONDS: "1", STEWARD_FLOW_RUN_HEARTBEAT_SECONDS: "1" };
// Nothing from the environment of whoever runs the tests may turn auth on or off behind their back.
const NO_KEYS = { STEWARD_API_KEY: "", STEWARD_SERVER_API_KEY: "" };

interface ApiKeyRecord {
  name: string;
  role: string;
  prefix: string;
  pools: string[];
  revoked: string | null;
}
interface ApiError {
  error: { code: string; message: string };
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

describe.each<BackendName>(["SQLite", "PostgreSQL"])("API keys and roles on %s", (backend) => {
  const { home, cleanup } = makeHome();
  const running: StewardProcess[] = [];
  /** Every server and worker started, stopped ones too, for the check of what they printed. */
  const started: StewardProcess[] = [];
  const databases: TestDatabase[] = [];
  const homes: (() => void)[] = [cleanup];
  let database: TestDatabase;
  let server: StewardProcess;
  let apiUrl = "";
  let poolAWorker: StewardProcess | undefined;
  /** The run the pool-a worker completed in the test of worker keys. */
  let linesRunId = "";
  /** The created keys by name. */
  const keys: Record<string, string> = {};
  const key = (name: string): string => {
    const found = keys[name];
    if (found === undefined) throw new Error(`no key "${name}": the first test did not create it`);
    return found;
  };
  /** `steward ARGS…` against the server with `key` (none: no key at all). */
  const cli = (apiKey: string | undefined, args: string[]) =>
    steward(args, {
      ...NO_KEYS,
      STEWARD_HOME: home,
      STEWARD_API_URL: apiUrl,
      ...CLIENT_ENV,
      ...(apiKey === undefined ? {} : { STEWARD_API_KEY: apiKey }),
    });
  const ok = (result: { code: number | null; stdout: string; stderr: string }) => {
    expect(result.code, result.stderr + result.stdout).toBe(0);
    return result;
  };
  const track = (process: StewardProcess) => {
    running.push(process);
    started.push(process);
  };
  const newDatabase = async (dbHome: string) => {
    const created = await createDatabase(backend, dbHome);
    databases.push(created);
    return created;
  };
  const stopped = async (process: StewardProcess) => {
    const result = await process.stop("SIGTERM");
    const index = running.indexOf(process);
    if (index >= 0) running.splice(index, 1);
    return result;
  };

  beforeAll(async () => {
    database = await newDatabase(home);
    const launched = await startServerWith([], {
      ...NO_KEYS,
      STEWARD_HOME: home,
      ...database.env,
      STEWARD_SERVER_API_KEY: BOOTSTRAP,
    });
    server = launched.process;
    track(server);
    apiUrl = launched.apiUrl;
    expect(server.stdout).toContain("Auth: on");
  });
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop("SIGKILL")));
    for (const db of databases) await db.drop();
    for (const remove of homes) remove();
  });

  it("the bootstrap key makes keys with the CLI: each printed once, on one line; ls shows prefixes only", async () => {
    const [dev, workerA, viewer] = await Promise.all([
      cli(BOOTSTRAP, ["api-key", "create", "dev", "--role", "developer"]),
      cli(BOOTSTRAP, ["api-key", "create", "worker-a", "--role", "worker", "--pool", "pool-a"]),
      cli(BOOTSTRAP, ["api-key", "create", "viewer", "--role", "viewer", "--json"]),
    ]);
    for (const [name, result] of [
      ["dev", ok(dev)],
      ["worker-a", ok(workerA)],
    ] as const) {
      // stdout is the key and nothing else, so `KEY=$(steward api-key create …)` works.
      expect(result.stdout).toMatch(/^stw_\S+\n$/);
      keys[name] = result.stdout.trim();
      expect(keys[name]).toMatch(KEY_PATTERN);
      expect(result.stderr).toMatch(/only time the key is shown/);
    }
    expect(workerA.stderr).toContain('Created the worker key "worker-a" for the pools pool-a');
    const created = JSON.parse(ok(viewer).stdout) as { key: string; api_key: ApiKeyRecord };
    expect(created.api_key).toMatchObject({ name: "viewer", role: "viewer", pools: [], revoked: null });
    expect(created.key).toMatch(KEY_PATTERN);
    expect(created.api_key.prefix).toBe(created.key.slice(0, 12));
    keys.viewer = created.key;
    expect(new Set(Object.values(keys)).size).toBe(3);

    const [listing, listingJson] = await Promise.all([
      cli(BOOTSTRAP, ["api-key", "ls"]),
      cli(BOOTSTRAP, ["api-key", "ls", "--json"]),
    ]);
    const listed = ok(listing).stdout;
    const rows = listed.trim().split("\n");
    expect(rows[0]).toMatch(/^NAME\s+ROLE\s+PREFIX\s+POOLS/);
    expect(rows.find((row) => row.startsWith("dev "))).toMatch(/developer\s+stw_[0-9a-f]{8}…/);
    expect(rows.find((row) => row.startsWith("worker-a "))).toMatch(/worker\s+stw_[0-9a-f]{8}…\s+pool-a/);
    expect(rows.find((row) => row.startsWith("viewer "))).toMatch(/viewer\s+stw_[0-9a-f]{8}…/);
    for (const secret of Object.values(keys)) {
      expect(listed).toContain(`${secret.slice(0, 12)}…`);
      expect(listed).not.toContain(secret);
    }

    const json = ok(listingJson).stdout;
    const records = JSON.parse(json) as ApiKeyRecord[];
    expect(records.map((r) => [r.name, r.role, r.prefix, r.pools]).sort()).toEqual(
      [
        ["dev", "developer", key("dev").slice(0, 12), []],
        ["viewer", "viewer", key("viewer").slice(0, 12), []],
        ["worker-a", "worker", key("worker-a").slice(0, 12), ["pool-a"]],
      ].sort(),
    );
    for (const secret of Object.values(keys)) expect(json).not.toContain(secret);

    // Keys are for admins only: a developer cannot make itself an admin key.
    const escalation = await cli(key("dev"), ["api-key", "create", "sneaky", "--role", "admin"]);
    expect(escalation.code).not.toBe(0);
    expect(escalation.stderr).toMatch(/403/);
    expect(escalation.stderr).toContain("role developer");
  });

  it("without a key the API answers 401 with WWW-Authenticate; health and ready stay open", async () => {
    const anonymous = await call<ApiError>(apiUrl, undefined, "POST", "/flow_runs/filter", {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
    expect(anonymous.body.error.code).toBe("UNAUTHENTICATED");
    const madeUp = `stw_00000000_${"A".repeat(43)}`;
    const wrong = await call<ApiError>(apiUrl, madeUp, "GET", "/work_pools/pool-a");
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
    expect((await call(apiUrl, undefined, "GET", "/health")).status).toBe(200);
    expect((await call(apiUrl, undefined, "GET", "/ready")).status).toBe(200);

    // The CLI without a key says what to set.
    const keyless = await cli(undefined, ["flow-run", "ls"]);
    expect(keyless.code).not.toBe(0);
    expect(keyless.stderr).toMatch(/401/);
    expect(keyless.stderr).toContain("STEWARD_API_KEY");
  });

  it("a worker whose key serves pool-a runs a deployment to COMPLETED, the run reporting with that key", async () => {
    await Promise.all(
      ["pool-a", "pool-b"].map((pool) =>
        cli(key("dev"), ["work-pool", "create", "--type", "process", pool]).then(ok),
      ),
    );
    const entry = (name: string) => `test/fixtures/worker-flows.ts:${name}`;
    await Promise.all([
      cli(key("dev"), ["deploy", entry("numberedLines"), "--name", "lines", "--pool", "pool-a"]).then(ok),
      cli(key("dev"), ["deploy", entry("record"), "--name", "elsewhere", "--pool", "pool-b"]).then(ok),
    ]);

    const worker = new StewardProcess(["worker", "start", "--pool", "pool-a"], {
      ...NO_KEYS,
      STEWARD_HOME: home,
      STEWARD_API_URL: apiUrl,
      ...CLIENT_ENV,
      STEWARD_API_KEY: key("worker-a"),
    });
    track(worker);
    poolAWorker = worker;
    await waitFor(
      async () => {
        const workers = await authedApi<{ status: string }[]>(
          apiUrl,
          key("dev"),
          "POST",
          "/work_pools/pool-a/workers/filter",
        );
        return workers.some((w) => w.status === "ONLINE");
      },
      { timeoutMs: 30_000, what: "the pool-a worker to be ONLINE" },
    );

    // --watch prints the states and logs the API has: they got there only with the worker's key,
    // which the run's own process was given (auth is on; nothing else could have sent them).
    const watched = ok(
      await stewardWithin(
        [
          "deployment",
          "run",
          "numbered-lines/lines",
          "--param",
          "lines=3",
          "--param",
          "intervalMs=10",
          "--watch",
        ],
        { ...NO_KEYS, STEWARD_HOME: home, STEWARD_API_URL: apiUrl, STEWARD_API_KEY: key("dev") },
        45_000,
      ),
    );
    expect(watched.stdout).toMatch(/Running/);
    expect(watched.stdout).toMatch(/completed: .*Completed/);
    const runId = /\(([0-9a-f-]{36})\)/.exec(watched.stdout)?.[1] ?? "";
    linesRunId = runId;
    const run = await authedApi<ApiFlowRun>(apiUrl, key("dev"), "GET", `/flow_runs/${runId}`);
    expect(run.state_type).toBe("COMPLETED");
    const logs = await authedApi<{ message: string }[]>(apiUrl, key("dev"), "POST", "/logs/filter", {
      logs: { flow_run_id: { any_: [runId] } },
      limit: 200,
    });
    expect(logs.map((l) => l.message)).toEqual(expect.arrayContaining(["line 1", "line 2", "line 3"]));
    expect(worker.stdout + worker.stderr).toMatch(/finished in state Completed/);
    expect(worker.stdout + worker.stderr).not.toMatch(
      /FORBIDDEN|UNAUTHENTICATED|not allowed|does not work|refused/,
    );
  }, 90_000);

  it("the audit trail and the events name the key behind each write of that run", async () => {
    expect(linesRunId).not.toBe("");
    const records = await authedApi<AuditRecord[]>(apiUrl, key("viewer"), "POST", "/audit/filter", {
      resource_id: linesRunId,
    });
    const byAction = (action: string) => records.filter((r) => r.action === action);
    expect(
      byAction("createFlowRunFromDeployment").map((r) => [r.actor.kind, r.actor.name, r.actor.role]),
    ).toEqual([["api-key", "dev", "developer"]]);
    // The worker claimed the run (PENDING, in the events below) and got the run's key; the run's
    // own process moved it to RUNNING and COMPLETED.
    expect(byAction("createFlowRunKey").map((r) => [r.actor.name, r.actor.role])).toEqual([
      ["worker-a", "worker"],
    ]);
    const states = byAction("setFlowRunState").map((r) => [r.actor.kind, r.actor.id, r.actor.role, r.detail]);
    const worker = records.find((r) => r.actor.name === "worker-a")?.actor.id;
    expect(worker).toBeDefined();
    expect(states.reverse()).toEqual([
      ["run", linesRunId, "run", 'RUNNING "Running" → ACCEPT'],
      ["run", linesRunId, "run", 'COMPLETED "Completed" → ACCEPT'],
    ]);
    expect(records.every((r) => r.address === null)).toBe(true);

    const { events } = await authedApi<{ events: ApiEvent[] }>(
      apiUrl,
      key("viewer"),
      "POST",
      "/events/filter",
      {
        filter: { resource: { id: [`steward.flow-run.${linesRunId}`] } },
        order: "ASC",
      },
    );
    const actors = events.map((e) => [
      e.event,
      e.resource["steward.resource.actor-kind"],
      e.resource["steward.resource.actor-role"],
    ]);
    expect(actors).toEqual([
      ["steward.flow-run.Scheduled", "api-key", "developer"],
      ["steward.flow-run.Pending", "api-key", "worker"],
      ["steward.flow-run.Running", "run", "run"],
      ["steward.flow-run.Completed", "run", "run"],
    ]);
    expect(events[1]?.resource["steward.resource.actor"]).toBe("worker-a");

    // The deployment's page: who deployed it.
    const deployment = await authedApi<{ id: string }>(
      apiUrl,
      key("dev"),
      "GET",
      "/deployments/name/numbered-lines/lines",
    );
    const deployed = await authedApi<AuditRecord[]>(apiUrl, BOOTSTRAP, "POST", "/audit/filter", {
      resource_id: deployment.id,
      action: "createDeployment",
    });
    expect(deployed.map((r) => [r.actor.name, r.status])).toEqual([["dev", 201]]);
    expect(deployed[0]?.address).toMatch(/127\.0\.0\.1/);
  });

  it("a flow with tasks run by a worker key records its task runs with the run's own key", async () => {
    ok(await cli(key("dev"), ["deploy", "flows/hello.ts:hello", "--name", "tasks", "--pool", "pool-a"]));
    const watched = ok(
      await stewardWithin(
        ["deployment", "run", "hello/tasks", "--param", "name=Ada", "--watch"],
        { ...NO_KEYS, STEWARD_HOME: home, STEWARD_API_URL: apiUrl, STEWARD_API_KEY: key("dev") },
        45_000,
      ),
    );
    const runId = /\(([0-9a-f-]{36})\)/.exec(watched.stdout)?.[1] ?? "";
    const tasks = await waitFor(
      async () => {
        const count = await authedApi<number>(apiUrl, key("dev"), "POST", "/task_runs/count", {
          flow_runs: { id: { any_: [runId] } },
          task_runs: { state: { type: { any_: ["COMPLETED"] } } },
        });
        return count >= 2 ? count : undefined;
      },
      { timeoutMs: 20_000, what: "the run's two task runs to be recorded" },
    );
    expect(tasks).toBe(2);
    // The worker's own key never reached the run: nothing was refused along the way.
    const output = (poolAWorker?.stdout ?? "") + (poolAWorker?.stderr ?? "");
    expect(output).not.toMatch(/Dropped|FORBIDDEN|not allowed/);
  }, 90_000);

  it("a viewer lists runs but cannot trigger one", async () => {
    const [refused, listing] = await Promise.all([
      cli(key("viewer"), ["deployment", "run", "numbered-lines/lines"]),
      cli(key("viewer"), ["flow-run", "ls", "--json"]),
    ]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/403/);
    expect(refused.stderr).toContain("role viewer");
    expect(refused.stdout).not.toMatch(/Created flow run/);

    const listed = JSON.parse(ok(listing).stdout) as ApiFlowRun[];
    // The two runs of the tests above, both finished; the refused trigger added none.
    expect(listed.map((r) => r.state_type)).toEqual(["COMPLETED", "COMPLETED"]);
  });

  it("the pool-a worker key cannot claim or read pool-b's runs, and a pool-b worker with it says why", async () => {
    const deployment = await authedApi<{ id: string }>(
      apiUrl,
      key("dev"),
      "GET",
      "/deployments/name/record/elsewhere",
    );
    const waiting = await authedApi<ApiFlowRun>(
      apiUrl,
      key("dev"),
      "POST",
      `/deployments/${deployment.id}/create_flow_run`,
      { parameters: { out: join(home, "never.txt") } },
    );
    const workerKey = key("worker-a");
    const claim = await call<ApiError>(apiUrl, workerKey, "POST", "/work_pools/pool-b/claim", {
      worker_name: "intruder",
      wait_seconds: 0,
    });
    expect(claim.status).toBe(403);
    expect(claim.body.error.message).toContain('"pool-a"');
    expect((await call(apiUrl, workerKey, "GET", `/flow_runs/${waiting.id}`)).status).toBe(403);
    const visible = await authedApi<ApiFlowRun[]>(apiUrl, workerKey, "POST", "/flow_runs/filter", {});
    expect(visible.map((r) => r.id)).not.toContain(waiting.id);
    expect(visible.length).toBeGreaterThan(0);
    // Its own pool answers (nothing is due there).
    const own = await call(apiUrl, workerKey, "POST", "/work_pools/pool-a/claim", {
      worker_name: "w",
      wait_seconds: 0,
    });
    expect(own.status).toBe(200);

    const wrongPool = await stewardWithin(["worker", "start", "--pool", "pool-b"], {
      ...NO_KEYS,
      STEWARD_HOME: home,
      STEWARD_API_URL: apiUrl,
      STEWARD_API_KEY: workerKey,
    });
    expect(wrongPool.code).not.toBe(0);
    expect(wrongPool.stderr).toMatch(/403/);
    expect(wrongPool.stderr).toContain('serves the work pools "pool-a" only');
    expect(wrongPool.stderr).toContain("pool-b");
    const still = await authedApi<ApiFlowRun>(apiUrl, key("dev"), "GET", `/flow_runs/${waiting.id}`);
    expect(still.state_type).toBe("SCHEDULED");
  });

  it("a revoked key stops working at once, even for a worker that is running", async () => {
    const workerKey = key("worker-a");
    // Used just before, so the server has it cached: the revoke must not wait for that to expire.
    expect((await call(apiUrl, workerKey, "GET", "/work_pools/pool-a")).status).toBe(200);
    const revoked = ok(await cli(BOOTSTRAP, ["api-key", "revoke", "worker-a"]));
    expect(revoked.stdout).toMatch(/Revoked the key "worker-a" \(stw_[0-9a-f]{8}…\)/);
    const after = await call<ApiError>(apiUrl, workerKey, "GET", "/work_pools/pool-a");
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("UNAUTHENTICATED");

    // The worker that runs with it hears so at its next heartbeat (every second here), and says why.
    await waitFor(
      () =>
        /Heartbeat to work pool 'pool-a' failed \(This API key does not work/.test(poolAWorker?.stderr ?? ""),
      { timeoutMs: 20_000, what: "the running worker to report its key refused" },
    );
    // It would go on trying (and its address would soon be limited for bad keys): stop it.
    if (poolAWorker) await stopped(poolAWorker);

    const [activeListing, allListing] = await Promise.all([
      cli(BOOTSTRAP, ["api-key", "ls"]),
      cli(BOOTSTRAP, ["api-key", "ls", "--all"]),
    ]);
    const active = ok(activeListing).stdout;
    expect(active).not.toMatch(/^worker-a /m);
    const all = ok(allListing).stdout;
    expect(all).toMatch(/^worker-a .*revoked/m);
  });

  it("the database holds only hashes and prefixes of keys; no log line holds a key", async () => {
    const contents = await database.contents();
    expect(Object.keys(keys)).toHaveLength(3);
    for (const [name, secret] of Object.entries(keys)) {
      expect(contents.includes(secret), `${name}'s key is in the database`).toBe(false);
      expect(contents, `${name}'s hash`).toContain(sha256(secret));
      expect(contents, `${name}'s prefix`).toContain(secret.slice(0, 12));
    }
    expect(contents.includes(BOOTSTRAP)).toBe(false);
    expect(started.length).toBeGreaterThanOrEqual(2);
    const output = started.map((p) => p.stdout + p.stderr).join("\n");
    for (const secret of [...Object.values(keys), BOOTSTRAP]) expect(output.includes(secret)).toBe(false);
  });

  it("`steward config view` shows STEWARD_API_KEY by its prefix only, from the env and from a profile", async () => {
    const [view, viewJson] = await Promise.all([
      cli(key("dev"), ["config", "view"]),
      cli(key("dev"), ["config", "view", "--json"]),
    ]);
    const fromEnv = ok(view).stdout;
    expect(fromEnv).toContain(`STEWARD_API_KEY=${key("dev").slice(0, 12)}… (hidden)`);
    expect(fromEnv).not.toContain(key("dev"));
    const json = JSON.parse(ok(viewJson).stdout) as {
      settings: Record<string, string>;
    };
    expect(json.settings.STEWARD_API_KEY).toBe(`${key("dev").slice(0, 12)}… (hidden)`);

    // A profile keeps a key; the CLI then needs no env var, and still shows only the prefix.
    const profileHome = mkdtempSync(join(tmpdir(), "steward-e2e-profile-"));
    homes.push(() => rmSync(profileHome, { recursive: true, force: true }));
    const inProfile = { STEWARD_HOME: profileHome, STEWARD_API_URL: apiUrl };
    ok(await steward(["config", "set", `STEWARD_API_KEY=${key("viewer")}`], { ...NO_KEYS, ...inProfile }));
    const profileEnv = { ...inProfile, STEWARD_API_KEY: undefined, STEWARD_SERVER_API_KEY: "" };
    const shown = ok(await steward(["config", "view"], profileEnv)).stdout;
    expect(shown).toContain(`STEWARD_API_KEY=${key("viewer").slice(0, 12)}… (hidden)`);
    expect(shown).not.toContain(key("viewer"));
    ok(await steward(["flow-run", "ls"], profileEnv));
  });

  it("a server on 0.0.0.0 refuses to start without auth, unless --insecure-no-auth or a bootstrap key", async () => {
    const { home: emptyHome, cleanup: removeEmpty } = makeHome();
    homes.push(removeEmpty);
    const empty = await newDatabase(emptyHome);
    const env = { ...NO_KEYS, STEWARD_HOME: emptyHome, ...empty.env };

    const refused = await stewardWithin(["server", "start", "--host", "0.0.0.0", "--port", "0"], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("Refusing to listen on 0.0.0.0 without authentication");
    expect(refused.stderr).toContain("STEWARD_SERVER_API_KEY");
    expect(refused.stderr).toContain("--insecure-no-auth");

    const insecure = await startServerWith(["--host", "0.0.0.0", "--insecure-no-auth"], env);
    track(insecure.process);
    expect(insecure.process.stdout).toContain("Auth: OFF (--insecure-no-auth)");
    expect((await call(insecure.apiUrl, undefined, "POST", "/flow_runs/filter", {})).status).toBe(200);
    await stopped(insecure.process);

    const withKey = await startServerWith(["--host", "0.0.0.0"], {
      ...env,
      STEWARD_SERVER_API_KEY: BOOTSTRAP,
    });
    track(withKey.process);
    expect(withKey.process.stdout).toContain("Auth: on");
    expect((await call(withKey.apiUrl, undefined, "POST", "/flow_runs/filter", {})).status).toBe(401);
    expect((await call(withKey.apiUrl, BOOTSTRAP, "POST", "/flow_runs/filter", {})).status).toBe(200);
    await stopped(withKey.process);
  });

  it("keys in the database alone turn auth on: a restart on 0.0.0.0 without the bootstrap key serves them", async () => {
    await stopped(server);
    const restarted = await startServerWith(["--host", "0.0.0.0"], {
      ...NO_KEYS,
      STEWARD_HOME: home,
      ...database.env,
    });
    track(restarted.process);
    expect(restarted.process.stdout).toContain("Auth: on");
    expect((await call(restarted.apiUrl, undefined, "POST", "/flow_runs/filter", {})).status).toBe(401);
    expect((await call(restarted.apiUrl, BOOTSTRAP, "POST", "/flow_runs/filter", {})).status).toBe(401);
    expect((await call(restarted.apiUrl, key("viewer"), "POST", "/flow_runs/filter", {})).status).toBe(200);
    expect((await call(restarted.apiUrl, key("worker-a"), "GET", "/work_pools/pool-a")).status).toBe(401);
  });
});
