/** `steward automation ls | inspect | create -f | update -f | pause | resume | delete` against a real server. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { steward } from "./helpers.js";
import { startTestServer, type TestServer } from "./test-server.js";

let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), "steward-automation-files-"));
const run = (...argv: string[]) => steward(argv, server.env, { cwd: dir });

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const LATE_YAML = `name: cancel-late
description: Cancel runs that go Late
trigger:
  type: event
  expect: ["steward.flow-run.Late"]
  match: { "steward.resource.id": "steward.flow-run.*" }
actions:
  - type: cancel-flow-run
`;

describe("steward automation", () => {
  it("creates from YAML and JSON files (one or a list), lists and inspects them", async () => {
    writeFileSync(join(dir, "late.yaml"), LATE_YAML);
    const created = await run("automation", "create", "-f", "late.yaml");
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^Created automation "cancel-late" \(id [0-9a-f-]{36}\)\.$/m);
    writeFileSync(
      join(dir, "many.json"),
      JSON.stringify([
        {
          name: "no-heartbeat",
          trigger: { type: "event", posture: "Proactive", expect: ["app.heartbeat"], within: "10m" },
          actions: [
            {
              type: "send-notification",
              destination: { type: "slack", url: "https://hooks.slack.com/services/x" },
            },
          ],
        },
        { name: "noop", trigger: { type: "event" }, actions: [{ type: "do-nothing" }] },
      ]),
    );
    const many = await run("automation", "create", "-f", "many.json");
    expect(many.code, many.stderr).toBe(0);
    expect(many.stdout.match(/Created automation/g)).toHaveLength(2);

    const listed = await run("automation", "ls");
    expect(listed.stdout).toMatch(/^NAME\s+ENABLED\s+TRIGGER\s+ACTIONS\s+ID$/m);
    expect(listed.stdout).toMatch(
      /^cancel-late\s+yes\s+on steward\.flow-run\.Late where steward\.resource\.id=.*\s+cancel-flow-run\s+[0-9a-f-]{36}$/m,
    );
    expect(listed.stdout).toMatch(
      /^no-heartbeat\s+yes\s+when missing app\.heartbeat \(1 within 10m\)\s+send-notification/m,
    );

    const inspected = await run("automation", "inspect", "cancel-late");
    expect(inspected.code, inspected.stderr).toBe(0);
    expect(inspected.stdout).toMatch(/^Description\s+Cancel runs that go Late$/m);
    expect(inspected.stdout).toContain("1. cancel-flow-run");
    expect(inspected.stdout).toContain("Recent activity");
    expect(inspected.stderr).toContain("It has not fired yet.");
  });

  it("shows recent firings and action results on inspect", async () => {
    const [automation] = await server.client.call("filterAutomations", {
      body: { name: { any_: ["noop"] } },
    });
    const resource = {
      "steward.resource.id": `steward.automation.${automation?.id}`,
      "steward.resource.name": "noop",
    };
    await server.client.call("createEvents", {
      body: [
        {
          event: "steward.automation.triggered",
          resource,
          payload: { triggering_event: { event: "x.y", resource_id: "thing.1" } },
        },
        {
          event: "steward.automation.action.failed",
          resource,
          payload: { action_index: 0, action_type: "do-nothing", reason: "boom" },
        },
      ],
    });
    const inspected = await run("automation", "inspect", automation?.id ?? "");
    expect(inspected.stdout).toMatch(/steward\.automation\.triggered\s+by x\.y on thing\.1/);
    expect(inspected.stdout).toMatch(/steward\.automation\.action\.failed\s+action 1 \(do-nothing\): boom/);
    const json = JSON.parse((await run("automation", "inspect", "noop", "--json")).stdout);
    expect(json.recent_events).toHaveLength(2);
  });

  it("updates from a file, pauses, resumes and deletes", async () => {
    writeFileSync(join(dir, "late2.yaml"), LATE_YAML.replace("Cancel runs that go Late", "Changed"));
    expect((await run("automation", "update", "cancel-late", "-f", "late2.yaml")).code).toBe(0);
    const read = async () =>
      (await server.client.call("filterAutomations", { body: { name: { any_: ["cancel-late"] } } }))[0];
    expect((await read())?.description).toBe("Changed");
    expect((await run("automation", "pause", "cancel-late")).stdout).toContain(
      'Paused automation "cancel-late".',
    );
    expect((await read())?.enabled).toBe(false);
    expect((await run("automation", "resume", "cancel-late")).code).toBe(0);
    expect((await read())?.enabled).toBe(true);
    expect((await run("automation", "delete", "cancel-late")).code).toBe(0);
    expect(await read()).toBeUndefined();
  });

  it("explains a bad file and an unknown name", async () => {
    writeFileSync(
      join(dir, "bad.yaml"),
      "name: bad\ntrigger: { type: event, posture: Proactive, within: 5 }\nactions: []\n",
    );
    const bad = await run("automation", "create", "-f", "bad.yaml");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("is not a valid automation:");
    expect(bad.stderr).toContain("trigger");
    expect(bad.stderr).toContain("actions");
    const missing = await run("automation", "create", "-f", "nope.yaml");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Cannot read");
    const unknown = await run("automation", "inspect", "no-hartbeat");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Automation "no-hartbeat" not found. Did you mean "no-heartbeat"?');
  });
});
