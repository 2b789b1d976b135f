/**
 * Events: how fast a server accepts and stores events while 20 automations evaluate them, and how
 * soon an event starts the deployment run its trigger asks for.
 *
 *   npm run bench:events                                   # 100,000 events, 200 trigger samples
 *   STEWARD_BENCH_EVENTS=5000 STEWARD_BENCH_SAMPLES=20 npm run bench:events
 *
 * One `steward server start` on SQLite (a child process, as users run it). Ingest: 4 clients post
 * batches of 100 events (`POST /api/events`, answered once the batch is stored) until all are
 * accepted; the rate is events / wall time. 19 automations count those events in buckets (by name,
 * resource, related resource; none fires during the load) and a 20th is a deployment trigger. After
 * the load, a marker event measures how far behind the automations were. Latency: trigger events
 * posted one at a time; for each, event occurred → the flow run it triggered was created (both on this
 * machine's clock). Targets: ≥ 5,000 events/s on SQLite, trigger p50 < 50 ms.
 */
import { api, makeHome, startServerProcess, waitFor } from "../test/e2e/harness.js";

const EVENTS = Number(process.env.STEWARD_BENCH_EVENTS ?? 100_000);
const SAMPLES = Number(process.env.STEWARD_BENCH_SAMPLES ?? 200);
const BATCH = 100;
const CLIENTS = 4;

interface FlowRunRow {
  id: string;
  created: string;
  parameters: Record<string, unknown>;
}

const { home, cleanup } = makeHome();
const server = await startServerProcess(home, { STEWARD_LOGGING_LEVEL: "WARNING" });
const apiUrl = server.apiUrl;

try {
  const deploymentId = await createDeployment();
  await createAutomations(deploymentId);

  console.log(`\nEvents: ${EVENTS.toLocaleString("en-US")} events, 20 automations enabled (SQLite)\n`);
  const started = performance.now();
  await ingest();
  const ingestSeconds = (performance.now() - started) / 1000;
  const stored = await api<{ total: number }>(apiUrl, "POST", "/events/filter", {
    filter: { event: { name: ["bench.load.*"] } },
    limit: 1,
  });
  const rate = EVENTS / ingestSeconds;
  console.log(
    `  ingest     ${EVENTS.toLocaleString("en-US")} events in ${ingestSeconds.toFixed(2)} s = ${Math.round(rate).toLocaleString("en-US")} events/s accepted and stored (${stored.total.toLocaleString("en-US")} found)   target ≥ 5,000 ${rate >= 5000 ? "PASS" : "FAIL"}`,
  );
  const lagMs = await triggerLatency(deploymentId, "drain");
  console.log(`  backlog    the automations were ${lagMs.toFixed(0)} ms behind when the load ended`);

  const latencies: number[] = [];
  for (let i = 0; i < SAMPLES; i++) latencies.push(await triggerLatency(deploymentId, `sample-${i}`));
  latencies.sort((a, b) => a - b);
  const p50 = percentile(latencies, 0.5);
  console.log(
    `  trigger    event → deployment run created, ${SAMPLES} samples: p50 ${p50.toFixed(1)} ms  p95 ${percentile(latencies, 0.95).toFixed(1)} ms  max ${(latencies.at(-1) ?? 0).toFixed(1)} ms   target p50 < 50 ms ${p50 < 50 ? "PASS" : "FAIL"}`,
  );
} finally {
  await server.process.stop();
  cleanup();
}

async function createDeployment(): Promise<string> {
  const flow = await api<{ id: string }>(apiUrl, "POST", "/flows/", { name: "bench-events" });
  const deployment = await api<{ id: string }>(apiUrl, "POST", "/deployments/", {
    name: "on-order",
    flow_id: flow.id,
    entrypoint: "flows/orders.ts:handleOrder",
  });
  return deployment.id;
}

/** 19 automations that count the load without firing, and the deployment trigger. */
async function createAutomations(deploymentId: string): Promise<void> {
  const counting = [
    { expect: ["bench.load.*"] },
    { expect: ["bench.load.*"], for_each: ["steward.resource.id"] },
    { expect: ["bench.load.a"], match: { "steward.resource.id": "bench.item.*" } },
    { expect: ["bench.load.b"], for_each: ["related:customer:steward.resource.id"] },
    { expect: ["bench.load.*"], match_related: { "steward.resource.role": "customer" } },
  ];
  for (let i = 0; i < 19; i++) {
    await api(apiUrl, "POST", "/automations/", {
      name: `counting-${i}`,
      trigger: {
        type: "event",
        ...counting[i % counting.length],
        threshold: 1_000_000_000,
        within: 3600,
      },
      actions: [{ type: "do-nothing" }],
    });
  }
  await api(apiUrl, "POST", "/automations/", {
    name: "run-on-order",
    trigger: {
      type: "event",
      expect: ["bench.order.placed"],
      match: { "steward.resource.id": "bench.order.*" },
    },
    actions: [
      {
        type: "run-deployment",
        source: "selected",
        deployment_id: deploymentId,
        parameters: { order: "{{ event.payload.order }}" },
      },
    ],
  });
}

async function ingest(): Promise<void> {
  let next = 0;
  const client = async () => {
    while (next < EVENTS) {
      const from = next;
      next = Math.min(EVENTS, next + BATCH);
      const batch = [];
      for (let i = from; i < next; i++) {
        batch.push({
          event: i % 2 === 0 ? "bench.load.a" : "bench.load.b",
          resource: {
            "steward.resource.id": `bench.item.${i % 1000}`,
            "steward.resource.name": `item ${i % 1000}`,
          },
          related: [
            { "steward.resource.id": `bench.customer.${i % 50}`, "steward.resource.role": "customer" },
          ],
          payload: { i },
        });
      }
      await api(apiUrl, "POST", "/events", batch);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
}

/** Posts one trigger event and waits for its run; event occurred → run created, in ms. */
async function triggerLatency(deploymentId: string, order: string): Promise<number> {
  const occurred = Date.now();
  await api(apiUrl, "POST", "/events", [
    {
      event: "bench.order.placed",
      occurred: new Date(occurred).toISOString(),
      resource: { "steward.resource.id": `bench.order.${order}` },
      payload: { order },
    },
  ]);
  const run = await waitFor(
    async () => {
      const runs = await api<FlowRunRow[]>(apiUrl, "POST", "/flow_runs/filter", {
        flow_runs: { deployment_id: { any_: [deploymentId] } },
        sort: "ID_DESC",
        limit: 5,
      });
      return runs.find((r) => r.parameters.order === order);
    },
    { timeoutMs: 60_000, intervalMs: 2, what: `the run triggered by order ${order}` },
  );
  return Date.parse(run.created) - occurred;
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
