/** `steward events emit | ls | stream` against a real server. */
import { EventEmitter } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CapturedStream, steward, waitFor } from "./helpers.js";
import { startTestServer, type TestServer } from "./test-server.js";

let server: TestServer;
const run = (...argv: string[]) => steward(argv, server.env);

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe("steward events emit / ls", () => {
  it("emits an event with labels, related resources and a payload, and lists it", async () => {
    const emitted = await run(
      ...[
        "events",
        "emit",
        "order.shipped",
        "--resource-id",
        "order.1",
        "--resource",
        "steward.resource.name=first",
      ],
      ...["--related", '{"steward.resource.id": "customer.9", "steward.resource.role": "customer"}'],
      ...["--payload", '{"carrier": "DHL"}'],
    );
    expect(emitted.code, emitted.stderr).toBe(0);
    expect(emitted.stdout).toMatch(/^Emitted event "order\.shipped" \(id [0-9a-f-]{36}\) about order\.1\.$/m);
    const id = /id ([0-9a-f-]{36})/.exec(emitted.stdout)?.[1] ?? "";
    const stored = await server.client.call("readEvent", { params: { id } });
    expect(stored).toMatchObject({
      event: "order.shipped",
      resource: { "steward.resource.id": "order.1", "steward.resource.name": "first" },
      related: [{ "steward.resource.id": "customer.9", "steward.resource.role": "customer" }],
      payload: { carrier: "DHL" },
    });

    const listed = await run("events", "ls", "--name", "order.*", "--since", "1h");
    expect(listed.code, listed.stderr).toBe(0);
    const [header, ...rows] = listed.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^OCCURRED\s+EVENT\s+RESOURCE\s+NAME$/);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/order\.shipped\s+order\.1\s+first$/);
    const json = JSON.parse((await run("events", "ls", "--resource-id", "order.1", "--json")).stdout);
    expect(json.map((e: { id: string }) => e.id)).toEqual([id]);
  });

  it("pages past 200 with --limit and says when there are more", async () => {
    await server.client.call("createEvents", {
      body: Array.from({ length: 230 }, (_, i) => ({
        event: "bulk.tick",
        resource: { "steward.resource.id": `bulk.${i}` },
      })),
    });
    const json = JSON.parse(
      (await run("events", "ls", "--name", "bulk.*", "--limit", "220", "--json")).stdout,
    );
    expect(json).toHaveLength(220);
    const few = await run("events", "ls", "--name", "bulk.*", "--limit", "5");
    expect(few.stderr).toContain("Showing 5 of 230 matching events");
  });

  it("selects by literal prefix with --prefix and --exclude-prefix, as Prefect's filter does", async () => {
    await server.client.call("createEvents", {
      body: ["shop.order.placed", "shop.order.draft.saved", "shop.refund", "shop_order.other"].map(
        (event, i) => ({ event, resource: { "steward.resource.id": `shop.${i}` } }),
      ),
    });
    const names = async (...args: string[]) =>
      (JSON.parse((await run("events", "ls", ...args, "--json")).stdout) as { event: string }[])
        .map((e) => e.event)
        .sort();
    expect(await names("--prefix", "shop.order.")).toEqual(["shop.order.draft.saved", "shop.order.placed"]);
    expect(await names("--prefix", "shop.order.", "--exclude-prefix", "shop.order.draft")).toEqual([
      "shop.order.placed",
    ]);
    // Taken literally: `_` is no wildcard.
    expect(await names("--prefix", "shop_")).toEqual(["shop_order.other"]);
    expect(await names("--prefix", "shop.refund", "--prefix", "shop_order")).toEqual([
      "shop.refund",
      "shop_order.other",
    ]);
  });

  it("explains bad options", async () => {
    const noResource = await run("events", "emit", "x");
    expect(noResource.code).toBe(2);
    expect(noResource.stderr).toContain("--resource-id");
    const badPayload = await run("events", "emit", "x", "--resource-id", "r", "--payload", "[1]");
    expect(badPayload.code).toBe(2);
    expect(badPayload.stderr).toContain("--payload must be a JSON object");
    const badRelated = await run("events", "emit", "x", "--resource-id", "r", "--related", '{"a": "b"}');
    expect(badRelated.stderr).toContain('--related needs "steward.resource.id" and "steward.resource.role"');
    const badSince = await run("events", "ls", "--since", "yesterday");
    expect(badSince.code).toBe(2);
    expect(badSince.stderr).toContain("neither a duration");
    const badFilter = await run("events", "ls", "--filter", '{"nope": 1}');
    expect(badFilter.code).toBe(2);
    expect(badFilter.stderr).toContain("--filter is not an event filter");
    const nothing = await run("events", "ls", "--name", "never.*");
    expect(nothing.stderr).toContain("No events match");
  });
});

describe("steward events stream", () => {
  it("prints the backfill, then new matching events, until Ctrl+C", async () => {
    await server.client.call("createEvents", {
      body: [
        {
          event: "live.before",
          resource: { "steward.resource.id": "live.1", "steward.resource.name": "one" },
        },
      ],
    });
    const signals = new EventEmitter();
    const stdout = new CapturedStream();
    const stderr = new CapturedStream();
    const streaming = steward(["events", "stream", "--name", "live.*"], server.env, {
      signals,
      stdout,
      stderr,
    });
    await waitFor(() => (stdout.text.includes("live.before") ? true : undefined));
    expect(stdout.text).toContain("live.before  live.1 (one)");
    await server.client.call("createEvents", {
      body: [
        { event: "other.event", resource: { "steward.resource.id": "live.2" } },
        { event: "live.after", resource: { "steward.resource.id": "live.2" } },
      ],
    });
    await waitFor(() => (stdout.text.includes("live.after") ? true : undefined));
    signals.emit("SIGINT");
    const result = await streaming;
    expect(result.code, result.stderr).toBe(0);
    expect(stdout.text).not.toContain("other.event");
    expect(stdout.text.match(/live\.before/g)).toHaveLength(1);
    expect(stderr.text).toContain("press Ctrl+C to stop");
  });

  it("prints JSON lines with --json and skips the backfill with --no-backfill", async () => {
    await server.client.call("createEvents", {
      body: [{ event: "json.old", resource: { "steward.resource.id": "j" } }],
    });
    const signals = new EventEmitter();
    const stdout = new CapturedStream();
    const streaming = steward(
      ["events", "stream", "--name", "json.*", "--no-backfill", "--json"],
      server.env,
      {
        signals,
        stdout,
      },
    );
    // Emit until the stream (which connects asynchronously) has seen one.
    await waitFor(async () => {
      await server.client.call("createEvents", {
        body: [{ event: "json.new", resource: { "steward.resource.id": "j" } }],
      });
      return stdout.text.includes("json.new") ? true : undefined;
    });
    signals.emit("SIGINT");
    expect((await streaming).code).toBe(0);
    const lines = stdout.text
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { event: string });
    expect(lines.every((e) => e.event === "json.new")).toBe(true);
  });

  it("reports a bad filter from the server at once", async () => {
    const result = await run("events", "stream", "--filter", '{"event": {"name": "not-a-list"}}');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--filter is not an event filter");
  });
});
