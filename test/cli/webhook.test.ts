/** `steward webhook create | ls | inspect | rotate | update | delete` against a real server. */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StewardClient } from "../../src/client/index.js";
import { loadSettings } from "../../src/config/settings.js";
import { startServer } from "../../src/server/index.js";
import { steward, tempHome, waitFor } from "./helpers.js";
import { startTestServer, type TestServer } from "./test-server.js";

let server: TestServer;
const run = (...argv: string[]) => steward(argv, server.env);
const TEMPLATE = JSON.stringify({
  event: "order.created",
  resource: { "steward.resource.id": "order.{{ body.id }}" },
  payload: { total: "{{ body.total }}" },
});

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** The webhook URL printed on the line after `marker`. */
const urlIn = (text: string) => /^\s+(http:\/\/\S+\/api\/hooks\/[\w-]+)$/m.exec(text)?.[1] ?? "";

describe("steward webhook", () => {
  it("creates a webhook whose printed URL turns a request into an event", async () => {
    const created = await run("webhook", "create", "orders", "--template", TEMPLATE, "--description", "shop");
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('Created webhook "orders". Send requests to:');
    const url = urlIn(created.stdout);
    expect(url.startsWith(`${server.apiUrl}/hooks/`)).toBe(true);
    const answer = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: 42, total: 9.5 }),
    });
    expect(answer.status).toBe(204);
    const page = await server.client.call("filterEvents", {
      body: { filter: { resource: { id: ["order.42"] } } },
    });
    expect(page.events[0]).toMatchObject({ event: "order.created", payload: { total: 9.5 } });

    const listed = await run("webhook", "ls");
    expect(listed.stdout).toMatch(/^NAME\s+ENABLED\s+URL\s+DESCRIPTION$/m);
    expect(listed.stdout).toMatch(
      new RegExp(`^orders\\s+yes\\s+${url.replace(/[.?]/g, "\\$&")}\\s+shop$`, "m"),
    );
    const inspected = await run("webhook", "inspect", "orders");
    expect(inspected.stdout).toMatch(/^URL\s+http:\/\/\S+\/api\/hooks\//m);
    expect(inspected.stdout).toContain('"event": "order.created"');
  });

  it("rotates the URL (the old one stops answering), disables, updates and deletes", async () => {
    const created = await run("webhook", "create", "rotating", "--template", TEMPLATE);
    const oldUrl = urlIn(created.stdout);
    const rotated = await run("webhook", "rotate", "rotating");
    expect(rotated.code, rotated.stderr).toBe(0);
    const newUrl = urlIn(rotated.stdout);
    expect(newUrl).not.toBe(oldUrl);
    expect((await fetch(oldUrl, { method: "POST", body: "{}" })).status).toBe(404);
    const post = () =>
      fetch(newUrl, { method: "POST", headers: { "content-type": "application/json" }, body: '{"id": 1}' });
    expect((await post()).status).toBe(204);

    expect((await run("webhook", "update", "rotating", "--disable")).code).toBe(0);
    expect((await post()).status).toBe(404);
    const updated = await run(
      "webhook",
      "update",
      "rotating",
      "--enable",
      "--template",
      '{"event": "x", "resource": {"steward.resource.id": "y"}}',
    );
    expect(updated.code, updated.stderr).toBe(0);
    expect((await post()).status).toBe(204);

    expect((await run("webhook", "delete", "rotating")).code).toBe(0);
    expect((await post()).status).toBe(404);
  });

  it("explains mistakes", async () => {
    const badJson = await run("webhook", "create", "bad", "--template", "{nope");
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toContain("--template is not valid JSON");
    const noResource = await run("webhook", "create", "bad", "--template", '{"event": "x"}');
    expect(noResource.code).toBe(1);
    expect(noResource.stderr).toContain("resource");
    const unknown = await run("webhook", "inspect", "ordres");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Webhook "ordres" not found. Did you mean "orders"?');
    const nothing = await run("webhook", "update", "orders");
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain("Nothing to change");
  });
});

describe("a webhook that runs a deployment", () => {
  it("starts a run of the deployment whose trigger matches, with parameters from the request body", async () => {
    const { home, cleanup } = tempHome();
    const settings = loadSettings({ STEWARD_HOME: home, STEWARD_DATABASE_URL: join(home, "hooks.db") });
    // With its services: the automations engine turns the event into the run.
    const live = await startServer({ settings, host: "127.0.0.1", port: 0, log: () => {} });
    try {
      const env = { STEWARD_HOME: home, STEWARD_API_URL: live.apiUrl };
      const client = new StewardClient({ apiUrl: live.apiUrl });
      const flow = await client.call("createFlow", { body: { name: "orders" } });
      const deployment = await client.call("createDeployment", {
        body: {
          name: "process",
          flow_id: flow.id,
          triggers: [{ expect: ["order.created"], parameters: { order_id: "{{ event.payload.order_id }}" } }],
        },
      });
      const template = JSON.stringify({
        event: "order.created",
        resource: { "steward.resource.id": "order.{{ body.id }}" },
        payload: { order_id: "{{ body.id }}" },
      });
      const created = await steward(["webhook", "create", "orders", "--template", template], env);
      const answer = await fetch(urlIn(created.stdout), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ id: 77 }),
      });
      expect(answer.status).toBe(204);
      const run = await waitFor(async () => {
        const runs = await client.call("filterFlowRuns", {
          body: { flow_runs: { deployment_id: { any_: [deployment.id] } } },
        });
        return runs[0];
      });
      expect(run.parameters).toEqual({ order_id: 77 });
    } finally {
      await live.close();
      cleanup();
    }
  });
});
