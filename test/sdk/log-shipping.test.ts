import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LogCreate } from "../../src/api/logs.js";
import { StewardClient } from "../../src/client/index.js";
import { flow, getRunContext, getRunLogger, task } from "../../src/index.js";
import { configureSdk } from "../../src/sdk/config.js";
import { LogShipper } from "../../src/sdk/log-shipper.js";
import { configureForTest } from "./helpers.js";
import { startTestServer, type TestServer } from "./server.js";

let api: TestServer;

beforeAll(async () => {
  api = await startTestServer();
});
afterAll(async () => {
  await api?.stop();
});

/** A fetch that fails the first `failures` calls whose URL contains `path`, as a dropped connection does. */
function flakyFetch(path: string, failures: number): { fetch: typeof fetch; failed: () => number } {
  let failed = 0;
  const wrapped: typeof fetch = async (input, init) => {
    if (String(input).includes(path) && failed < failures) {
      failed++;
      throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
    }
    return fetch(input, init);
  };
  return { fetch: wrapped, failed: () => failed };
}

async function logsOf(flowRunId: string) {
  return api.client.call("filterLogs", { body: { logs: { flow_run_id: { any_: [flowRunId] } } } });
}

describe("log shipping", () => {
  it("survives an API outage without losing lines, keeping their order", async () => {
    const { console } = configureForTest(
      { STEWARD_API_URL: api.apiUrl, STEWARD_LOGS_BATCH_INTERVAL_MS: "10" },
      api.home,
    );
    const flaky = flakyFetch("/logs/", 4);
    // retries: 0 so each failure reaches the shipper, which must keep the lines and retry itself.
    configureSdk({ client: new StewardClient({ apiUrl: api.apiUrl, fetch: flaky.fetch, retries: 0 }) });
    const note = task({ name: "note" }, (i: number) => getRunLogger().info(`task line ${i}`));
    const chatty = flow({ name: "chatty" }, async () => {
      for (let i = 0; i < 50; i++) {
        getRunLogger().info(`line ${i}`);
        if (i % 10 === 0) await note(i);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      return getRunContext().flowRun?.id;
    });
    const runId = (await chatty()) as string;
    expect(flaky.failed()).toBe(4);
    const messages = (await logsOf(runId)).map((l) => l.message);
    const lines = messages.filter((m) => /^line \d+$/.test(m));
    expect(lines).toEqual(Array.from({ length: 50 }, (_, i) => `line ${i}`));
    expect(messages.filter((m) => m.startsWith("task line"))).toHaveLength(5);
    expect(console.matching("Could not send")).toHaveLength(1);
  });

  it("a LogShipper pointed at a closed port keeps lines until the API is back", async () => {
    configureForTest({ STEWARD_API_URL: api.apiUrl }, api.home);
    const runId = (await flow({ name: "anchor" }, async () => getRunContext().flowRun?.id)()) as string;
    let target = "http://127.0.0.1:9/api"; // nothing listens on the discard port
    const client = new StewardClient({
      apiUrl: api.apiUrl,
      retries: 0,
      fetch: (input, init) => fetch(String(input).replace(api.apiUrl, target), init),
    });
    const shipper = new LogShipper({ client, intervalMs: 5, initialBackoffMs: 5 });
    const line = (i: number): LogCreate => ({
      name: "steward.flow_runs",
      level: 20,
      message: `offline ${i}`,
      timestamp: new Date().toISOString(),
      flow_run_id: runId,
    });
    for (let i = 0; i < 3; i++) shipper.add(line(i));
    expect(await shipper.flush(100)).toBe(false);
    expect(shipper.pending).toBe(3);
    target = api.apiUrl;
    shipper.add(line(3));
    expect(await shipper.flush()).toBe(true);
    const messages = (await logsOf(runId)).map((l) => l.message).filter((m) => m.startsWith("offline"));
    expect(messages).toEqual(["offline 0", "offline 1", "offline 2", "offline 3"]);
    shipper.stop();
  });
});
