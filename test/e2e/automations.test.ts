/**
 * Events, deployment triggers and automations end to end, through real `steward` processes: a
 * webhook call that runs a deployment with parameters from its body, an automation that cancels
 * Late runs, proactive and compound triggers, a failing call-webhook action, and a server restart
 * in the middle of a `within` window.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, makeHome, StewardProcess, startServerProcess, steward, waitFor } from "./harness.js";

interface StoredEvent {
  id: string;
  event: string;
  occurred: string;
  resource: Record<string, string>;
  related: Record<string, string>[];
  payload: Record<string, unknown>;
}

interface Automation {
  id: string;
  name: string;
}

/** Events about automation `id` (its firings and action results), oldest first. */
async function automationEvents(apiUrl: string, id: string, name?: string): Promise<StoredEvent[]> {
  const page = await api<{ events: StoredEvent[] }>(apiUrl, "POST", "/events/filter", {
    filter: {
      resource: { id: [`steward.automation.${id}`] },
      ...(name === undefined ? {} : { event: { name: [name] } }),
    },
    order: "ASC",
    limit: 200,
  });
  return page.events;
}

const firings = (apiUrl: string, id: string) => automationEvents(apiUrl, id, "steward.automation.triggered");

async function emit(apiUrl: string, event: string, resourceId: string, payload: object = {}): Promise<void> {
  await api(apiUrl, "POST", "/events", [{ event, resource: { "steward.resource.id": resourceId }, payload }]);
}

async function createAutomation(apiUrl: string, body: object): Promise<Automation> {
  return api<Automation>(apiUrl, "POST", "/automations/", body);
}

/**
 * An automation that fires on `sentinel` events, and a way to wait until the engine has handled
 * everything emitted before a given point: emit a sentinel and wait for its firing. Absence checks
 * ("did not fire") use it instead of sleeping.
 */
async function sentinel(apiUrl: string): Promise<() => Promise<void>> {
  const watcher = await createAutomation(apiUrl, {
    name: `sentinel-${Math.random().toString(36).slice(2)}`,
    trigger: { type: "event", expect: ["test.sentinel"] },
    actions: [{ type: "do-nothing" }],
  });
  let seen = 0;
  return async () => {
    await emit(apiUrl, "test.sentinel", "test.sentinel");
    seen++;
    await waitFor(async () => (await firings(apiUrl, watcher.id)).length >= seen, {
      timeoutMs: 20_000,
      what: "the sentinel automation to fire",
    });
  };
}

describe("events and automations through real processes", () => {
  const { home, cleanup } = makeHome();
  const scratch = mkdtempSync(join(tmpdir(), "steward-e2e-events-"));
  const running: StewardProcess[] = [];
  let apiUrl = "";
  let env: NodeJS.ProcessEnv = {};
  let port = 0;
  let server: StewardProcess;
  const serverEnv = {
    STEWARD_SERVER_LATE_RUNS_AFTER_SECONDS: "1",
    STEWARD_SERVER_SERVICES_INTERVAL_SECONDS: "1",
  };

  beforeAll(async () => {
    const started = await startServerProcess(home, serverEnv);
    ({ apiUrl, port } = started);
    server = started.process;
    running.push(server);
    env = { STEWARD_HOME: home, STEWARD_API_URL: apiUrl };
  });
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop("SIGKILL")));
    cleanup();
  });

  it("a webhook call runs a deployment with parameters taken from the request body", async () => {
    const pool = await steward(["work-pool", "create", "--type", "process", "hooks-pool"], env);
    expect(pool.code, pool.stderr + pool.stdout).toBe(0);
    running.push(new StewardProcess(["worker", "start", "--pool", "hooks-pool"], env));
    const out = join(scratch, "orders.txt");
    const trigger = {
      expect: ["shop.order.placed"],
      parameters: { out, label: "{{ event.payload.customer }}" },
    };
    const deployed = await steward(
      [
        "deploy",
        "test/fixtures/worker-flows.ts:record",
        "--name",
        "on-order",
        "--pool",
        "hooks-pool",
        "--trigger",
        JSON.stringify(trigger),
      ],
      env,
    );
    expect(deployed.code, deployed.stderr + deployed.stdout).toBe(0);

    const template = {
      event: "shop.order.placed",
      resource: { "steward.resource.id": "shop.order.{{ body.order_id }}" },
      payload: { customer: "{{ body.customer.name }}", total: "{{ body.total }}" },
    };
    const created = await steward(
      ["webhook", "create", "orders", "--template", JSON.stringify(template)],
      env,
    );
    expect(created.code, created.stderr + created.stdout).toBe(0);
    const url = /https?:\/\/\S+\/hooks\/[\w-]+/.exec(created.stdout)?.[0];
    expect(url, created.stdout).toBeDefined();

    const response = await fetch(url ?? "", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ order_id: 42, customer: { name: "Ada" }, total: 19.5 }),
    });
    expect(response.status).toBe(204);
    const line = await waitFor(
      () => {
        try {
          return readFileSync(out, "utf8")
            .split("\n")
            .find((l) => l.startsWith("Ada "));
        } catch {
          return undefined;
        }
      },
      { timeoutMs: 30_000, what: "the triggered run to record its label" },
    );
    expect(line.split(" ")[0]).toBe("Ada");

    // The stored event kept the body's types where a placeholder stood alone.
    const page = await api<{ events: StoredEvent[] }>(apiUrl, "POST", "/events/filter", {
      filter: { event: { name: ["shop.order.*"] } },
    });
    expect(page.events[0]?.resource["steward.resource.id"]).toBe("shop.order.42");
    expect(page.events[0]?.payload).toEqual({ customer: "Ada", total: 19.5 });

    // An unknown slug and a rotated one answer 404 alike.
    expect((await fetch(`${apiUrl}/hooks/not-a-slug`, { method: "POST", body: "{}" })).status).toBe(404);
    const rotated = await steward(["webhook", "rotate", "orders"], env);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect((await fetch(url ?? "", { method: "POST", body: "{}" })).status).toBe(404);
  });

  it("an automation cancels runs that go Late", async () => {
    const pool = await steward(["work-pool", "create", "--type", "process", "idle-pool"], env);
    expect(pool.code, pool.stderr + pool.stdout).toBe(0);
    const deployed = await steward(
      ["deploy", "test/fixtures/worker-flows.ts:record", "--name", "nobody-runs", "--pool", "idle-pool"],
      env,
    );
    expect(deployed.code, deployed.stderr + deployed.stdout).toBe(0);
    const deployment = await api<{ id: string }>(apiUrl, "GET", "/deployments/name/record/nobody-runs");
    await createAutomation(apiUrl, {
      name: "cancel-late-runs",
      trigger: {
        type: "event",
        expect: ["steward.flow-run.Late"],
        match_related: { "steward.resource.id": `steward.deployment.${deployment.id}` },
      },
      actions: [{ type: "cancel-flow-run" }],
    });
    const run = await api<{ id: string }>(apiUrl, "POST", `/deployments/${deployment.id}/create_flow_run`, {
      parameters: { out: join(scratch, "never.txt") },
      state: {
        type: "SCHEDULED",
        state_details: { scheduled_time: new Date(Date.now() - 60_000).toISOString() },
      },
    });
    await waitFor(
      async () =>
        (await api<{ state_type: string }>(apiUrl, "GET", `/flow_runs/${run.id}`)).state_type === "CANCELLED",
      { timeoutMs: 30_000, what: "the Late run to be cancelled" },
    );
    const states = await api<{ name: string }[]>(apiUrl, "GET", `/flow_run_states/?flow_run_id=${run.id}`);
    expect(states.map((s) => s.name)).toContain("Late");
  });

  it("a proactive trigger fires when the expected event does not arrive in time, and not when it does", async () => {
    const proactive = (key: string) =>
      createAutomation(apiUrl, {
        name: `heartbeat-${key}`,
        trigger: {
          type: "event",
          posture: "Proactive",
          after: [`job.${key}.started`],
          expect: [`job.${key}.heartbeat`],
          within: 10,
        },
        actions: [{ type: "do-nothing" }],
      });
    const silent = await proactive("silent");
    const beating = await proactive("beating");
    // The silent job starts last, so its window ends last: once it has fired, the other window
    // has ended and been judged too.
    await emit(apiUrl, "job.beating.started", "job.beating");
    await emit(apiUrl, "job.beating.heartbeat", "job.beating");
    await emit(apiUrl, "job.silent.started", "job.silent");
    const fired = await waitFor(
      async () => {
        const list = await firings(apiUrl, silent.id);
        return list.length > 0 ? list : undefined;
      },
      { timeoutMs: 30_000, what: "the silent job's automation to fire" },
    );
    expect(fired).toHaveLength(1);
    // The job that sent its heartbeat in time stays quiet.
    expect(await firings(apiUrl, beating.id)).toHaveLength(0);
  });

  it("a compound trigger with require: all fires only once every part has fired", async () => {
    const settled = await sentinel(apiUrl);
    const compound = await createAutomation(apiUrl, {
      name: "both-parts",
      trigger: {
        type: "compound",
        require: "all",
        within: 60,
        triggers: [
          { type: "event", expect: ["part.one"] },
          { type: "event", expect: ["part.two"] },
        ],
      },
      actions: [{ type: "do-nothing" }],
    });
    await emit(apiUrl, "part.one", "parts");
    await settled();
    expect(await firings(apiUrl, compound.id)).toHaveLength(0);
    await emit(apiUrl, "part.two", "parts");
    await waitFor(async () => (await firings(apiUrl, compound.id)).length === 1, {
      timeoutMs: 20_000,
      what: "the compound automation to fire",
    });
  });

  describe("a failing call-webhook action", () => {
    let hits = 0;
    let receiver: Server;
    let receiverUrl = "";
    beforeAll(async () => {
      receiver = createServer((request, response) => {
        hits++;
        request.resume();
        response.writeHead(500).end("receiver is down");
      });
      await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
      const address = receiver.address();
      receiverUrl = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}/hook`;
    });
    afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

    it("is retried with backoff and its failure is recorded", async () => {
      const automation = await createAutomation(apiUrl, {
        name: "call-a-broken-webhook",
        trigger: { type: "event", expect: ["alarm.raised"] },
        actions: [
          {
            type: "call-webhook",
            url: receiverUrl,
            payload: { alarm: "{{ event.resource.id }}" },
            retries: 2,
            retry_delay_seconds: 0.2,
          },
        ],
      });
      await emit(apiUrl, "alarm.raised", "alarm.disk-full");
      const failed = await waitFor(
        async () => (await automationEvents(apiUrl, automation.id, "steward.automation.action.failed"))[0],
        { timeoutMs: 30_000, what: "the action's failure to be recorded" },
      );
      expect(hits).toBe(3);
      expect(failed.payload.attempts).toBe(3);
      expect(JSON.stringify(failed.payload)).toContain("500");
      expect(
        await automationEvents(apiUrl, automation.id, "steward.automation.action.executed"),
      ).toHaveLength(0);
    });
  });

  it("a server restart in the middle of a `within` window neither loses nor double-fires a trigger", async () => {
    const reactive = await createAutomation(apiUrl, {
      name: "two-errors-in-a-minute",
      trigger: { type: "event", expect: ["app.error"], threshold: 2, within: 60 },
      actions: [{ type: "do-nothing" }],
    });
    const proactive = await createAutomation(apiUrl, {
      name: "batch-finishes-in-12s",
      trigger: {
        type: "event",
        posture: "Proactive",
        after: ["batch.started"],
        expect: ["batch.done"],
        within: 12,
      },
      actions: [{ type: "do-nothing" }],
    });
    const settledBefore = await sentinel(apiUrl);
    await emit(apiUrl, "app.error", "app");
    await emit(apiUrl, "batch.started", "batch");
    await settledBefore();

    await server.stop("SIGTERM");
    const restarted = await startServerProcess(home, serverEnv, port);
    server = restarted.process;
    running.push(server);

    // The count made before the restart is kept: one more error fires it, once.
    await emit(apiUrl, "app.error", "app");
    await waitFor(async () => (await firings(apiUrl, reactive.id)).length === 1, {
      timeoutMs: 20_000,
      what: "the reactive automation to fire after the restart",
    });
    // The window opened before the restart ends after it, and fires once.
    await waitFor(async () => (await firings(apiUrl, proactive.id)).length === 1, {
      timeoutMs: 40_000,
      what: "the proactive automation to fire after the restart",
    });
    const settledAfter = await sentinel(apiUrl);
    await settledAfter();
    expect(await firings(apiUrl, reactive.id)).toHaveLength(1);
    expect(await firings(apiUrl, proactive.id)).toHaveLength(1);
  });
});
