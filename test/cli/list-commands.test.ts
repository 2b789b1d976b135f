/**
 * Every list command takes `--limit` and `--sort`: orders are validated (an unknown one fails
 * with the valid ones listed), map to the API's sorts where it has them, and are applied by the
 * CLI over everything fetched where it has not.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { steward, waitFor } from "./helpers.js";
import { startTestServer, type TestServer } from "./test-server.js";

let server: TestServer;
const run = (...argv: string[]) => steward(argv, server.env);

/** The `key` of each item `argv --json` prints, in order. */
async function listed(key: string, ...argv: string[]): Promise<unknown[]> {
  const result = await run(...argv, "--json");
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as Array<Record<string, unknown>>).map((item) => item[key]);
}

/** Returns once the clock has moved on, so the next creation gets a later `created` time. */
async function nextMillisecond(): Promise<void> {
  const now = Date.now();
  await waitFor(() => (Date.now() > now + 1 ? true : undefined));
}

const TEMPLATE = { event: "thing.happened", resource: { "steward.resource.id": "thing.1" } };
const HOUR = 3_600_000;

beforeAll(async () => {
  server = await startTestServer();
  const { client } = server;
  for (const name of ["beta", "alpha", "gamma"]) {
    await client.call("createFlow", { body: { name } });
    await nextMillisecond();
  }
  for (const name of ["pool-b", "pool-a", "pool-c"]) {
    await client.call("createWorkPool", { body: { name } });
    await nextMillisecond();
  }
  for (const [name, priority] of [
    ["zeta", 2],
    ["eta", 3],
  ] as const) {
    await client.call("createWorkQueue", { params: { name: "pool-a" }, body: { name, priority } });
  }
  const flows = await client.call("filterFlows", { body: {} });
  const flowId = (name: string) => flows.find((flow) => flow.name === name)?.id ?? "";
  // FLOW/DEPLOYMENT and the deployment's own name order differently: beta/a < alpha/z by name only.
  for (const [flow, name] of [
    ["alpha", "z"],
    ["beta", "a"],
    ["gamma", "m"],
  ] as const) {
    await client.call("createDeployment", {
      body: { name, flow_id: flowId(flow), work_pool_name: "pool-a" },
    });
    await nextMillisecond();
  }
  await client.call("createDeployment", {
    body: {
      name: "scheduled",
      flow_id: flowId("alpha"),
      schedules: [
        // Anchored half an hour out, so the next hourly run never ties with the next minutely one
        // (both fall on the hour when unanchored, which made "by next run" depend on the clock).
        {
          schedule: { interval: 3600, anchor_date: new Date(Date.now() + 30 * 60_000).toISOString() },
          slug: "hourly",
        },
        { schedule: { cron: "0 0 1 1 *" }, slug: "yearly" },
        { schedule: { interval: 60 }, slug: "minutely" },
      ],
    },
  });
  for (const name of ["hook-a", "hook-c", "hook-b"]) {
    await client.call("createWebhook", { body: { name, template: TEMPLATE } });
    await nextMillisecond();
  }
  for (const name of ["auto-a", "auto-c", "auto-b"]) {
    await client.call("createAutomation", {
      body: { name, trigger: { type: "event" }, actions: [{ type: "do-nothing" }] },
    });
    await nextMillisecond();
  }
  const now = Date.now();
  await client.call("createEvents", {
    body: [2, 3, 1].map((n) => ({
      occurred: new Date(now - HOUR + n * 1000).toISOString(),
      event: `sorted.${n}`,
      resource: { "steward.resource.id": `thing.${n}` },
    })),
  });
});
afterAll(() => server.close());

describe("--sort and --limit", () => {
  it("flow ls: the API's flow orders, newest first by default", async () => {
    expect(await listed("name", "flow", "ls")).toEqual(["gamma", "alpha", "beta"]);
    expect(await listed("name", "flow", "ls", "--sort", "name-asc")).toEqual(["alpha", "beta", "gamma"]);
    expect(await listed("name", "flow", "ls", "--sort", "NAME_DESC", "--limit", "2")).toEqual([
      "gamma",
      "beta",
    ]);
    const limited = await run("flow", "ls", "--limit", "2");
    expect(limited.stderr).toContain("Showing the first 2 flows (--limit N for more).");
  });

  it("deployment ls: by FLOW/DEPLOYMENT by default (sorted by the CLI), or by the API's other orders", async () => {
    const full = (...argv: string[]) =>
      run("deployment", "ls", ...argv).then((r) =>
        r.stdout
          .trimEnd()
          .split("\n")
          .slice(1)
          .map((row) => row.split(/\s+/)[0]),
      );
    expect(await full()).toEqual(["alpha/scheduled", "alpha/z", "beta/a", "gamma/m"]);
    expect(await full("--sort", "name-desc")).toEqual(["gamma/m", "beta/a", "alpha/z", "alpha/scheduled"]);
    expect(await full("--sort", "created-desc", "--limit", "2")).toEqual(["alpha/scheduled", "gamma/m"]);
    expect(await listed("name", "deployment", "ls", "--limit", "1")).toEqual(["scheduled"]);
    const limited = await run("deployment", "ls", "--limit", "3");
    expect(limited.stderr).toContain("Showing 3 of 4 deployments (--limit N for more).");
  });

  it("work-pool ls: by name by default, or by creation (sorted by the CLI)", async () => {
    expect(await listed("name", "work-pool", "ls")).toEqual(["pool-a", "pool-b", "pool-c"]);
    expect(await listed("name", "work-pool", "ls", "--sort", "created-desc")).toEqual([
      "pool-c",
      "pool-a",
      "pool-b",
    ]);
    const limited = await run("work-pool", "ls", "--sort", "name-desc", "--limit", "1");
    expect(limited.stdout.trimEnd().split("\n")).toHaveLength(2);
    expect(limited.stdout).toMatch(/^pool-c\s/m);
    expect(limited.stderr).toContain("Showing 1 of 3 work pools (--limit N for more).");
  });

  it("work-queue ls: by priority by default, or by name", async () => {
    expect(await listed("name", "work-queue", "ls", "--pool", "pool-a")).toEqual(["default", "zeta", "eta"]);
    expect(await listed("name", "work-queue", "ls", "--pool", "pool-a", "--sort", "name-asc")).toEqual([
      "default",
      "eta",
      "zeta",
    ]);
    expect(await listed("name", "work-queue", "ls", "--pool", "pool-a", "--limit", "1")).toEqual(["default"]);
  });

  it("webhook ls and automation ls: by name by default, or by creation", async () => {
    expect(await listed("name", "webhook", "ls")).toEqual(["hook-a", "hook-b", "hook-c"]);
    expect(await listed("name", "webhook", "ls", "--sort", "created-desc", "--limit", "2")).toEqual([
      "hook-b",
      "hook-c",
    ]);
    expect(await listed("name", "automation", "ls")).toEqual(["auto-a", "auto-b", "auto-c"]);
    expect(await listed("name", "automation", "ls", "--sort", "created-desc")).toEqual([
      "auto-b",
      "auto-c",
      "auto-a",
    ]);
    const limited = await run("automation", "ls", "--sort", "name-desc", "--limit", "1");
    expect(limited.stdout).toMatch(/^auto-c\s/m);
    expect(limited.stderr).toContain("Showing the first 1 automations (--limit N for more).");
  });

  it("events ls: newest first by default, or oldest first", async () => {
    expect(await listed("event", "events", "ls", "--name", "sorted.*")).toEqual([
      "sorted.3",
      "sorted.2",
      "sorted.1",
    ]);
    expect(
      await listed("event", "events", "ls", "--name", "sorted.*", "--sort", "occurred-asc", "--limit", "2"),
    ).toEqual(["sorted.1", "sorted.2"]);
  });

  it("deployment schedule ls: in the order added by default, newest first, or by next run", async () => {
    const slugs = (...argv: string[]) =>
      listed("slug", "deployment", "schedule", "ls", "alpha/scheduled", ...argv);
    expect(await slugs()).toEqual(["hourly", "yearly", "minutely"]);
    expect(await slugs("--sort", "created-desc")).toEqual(["minutely", "yearly", "hourly"]);
    expect(await slugs("--sort", "next-run-asc", "--limit", "2")).toEqual(["minutely", "hourly"]);
  });

  it("every list command lists its orders in --help and rejects an unknown one, naming them", async () => {
    const commands = [
      ["flow", "ls"],
      ["flow-run", "ls"],
      ["task-run", "ls"],
      ["deployment", "ls"],
      ["deployment", "schedule", "ls", "alpha/scheduled"],
      ["work-pool", "ls"],
      ["work-queue", "ls", "--pool", "pool-a"],
      ["webhook", "ls"],
      ["automation", "ls"],
      ["events", "ls"],
    ];
    for (const argv of commands) {
      const help = (await run(...argv, "--help")).stdout.replace(/\s+/g, " ");
      expect(help, argv.join(" ")).toMatch(/--limit <n>/);
      expect(help, argv.join(" ")).toMatch(/--sort <order> Order: [a-z-]+(, [a-z-]+)+\./);
      const bad = await run(...argv, "--sort", "sideways");
      expect(bad.code, argv.join(" ")).toBe(2);
      expect(bad.stderr, argv.join(" ")).toMatch(
        /argument 'sideways' is invalid\. Unknown sort order\. Valid orders: [a-z-]+(, [a-z-]+)+\./,
      );
      const zero = await run(...argv, "--limit", "0");
      expect(zero.code, argv.join(" ")).toBe(2);
    }
  });
});
