/**
 * @module The objects the fuzz finds on the server before it starts: a pool with a queue and a
 * worker, a flow with a deployment and a schedule, flow and task runs with states, an event, a log,
 * a webhook, an automation, and API keys (a viewer, a worker of the seeded pool, and one for the
 * fuzz to revoke). Generated requests name them, so valid requests reach the deeper code paths
 * (state proposals, claims, schedules) instead of stopping at a 404, and smaller roles are tried.
 */
import type { FuzzKeys } from "./fuzz-auth.js";
import { LOOPBACK_SINK_URL } from "./fuzz-request.js";

/** Ids and names of the seeded objects. */
export interface Known {
  readonly flowId: string;
  readonly flowName: string;
  readonly deploymentId: string;
  readonly deploymentName: string;
  readonly scheduleId: string;
  readonly flowRunId: string;
  readonly stateId: string;
  readonly taskRunId: string;
  readonly poolName: string;
  readonly queueName: string;
  readonly workerName: string;
  readonly eventId: string;
  readonly webhookId: string;
  readonly automationId: string;
  /**
   * A key made only to be revoked: `/api/api_keys/{id}/revoke` names it, never the viewer's or the
   * worker's key, so the fuzz cannot take its own smaller roles away.
   */
  readonly apiKeyId: string;
}

/** The server the seed talks to: its API URL and its bootstrap key. */
export interface SeedTarget {
  readonly apiUrl: string;
  readonly apiKey: string;
}

/** What the seed made: the objects, and all keys the fuzz sends (the bootstrap key among them). */
export interface Seeded {
  readonly known: Known;
  readonly keys: Required<FuzzKeys>;
}

interface WithId {
  readonly id: string;
}

interface CreatedKey {
  readonly api_key: WithId;
  readonly key: string;
}

/** Creates the seeded objects on `server`, with its bootstrap key. */
export async function seed(server: SeedTarget): Promise<Seeded> {
  const api = caller(server);
  const poolName = "fuzz-pool";
  const queueName = "fuzz-queue";
  const workerName = "fuzz-worker";
  await api("POST", "/work_pools/", { name: poolName, type: "process" });
  await api("POST", `/work_pools/${poolName}/queues`, { name: queueName });
  await api("POST", `/work_pools/${poolName}/workers/heartbeat`, { name: workerName });
  const flow = await api<WithId>("POST", "/flows/", { name: "fuzz-flow" });
  const deployment = await api<WithId>("POST", "/deployments/", {
    name: "fuzz-deployment",
    flow_id: flow.id,
    work_pool_name: poolName,
    work_queue_name: queueName,
    schedules: [{ schedule: { interval: 3600 } }],
  });
  const [schedule] = await api<WithId[]>("GET", `/deployments/${deployment.id}/schedules`);
  const flowRun = await api<WithId>("POST", `/deployments/${deployment.id}/create_flow_run`, {});
  await api("POST", `/flow_runs/${flowRun.id}/set_state`, { state: { type: "PENDING" } });
  const [state] = await api<WithId[]>("GET", `/flow_run_states/?flow_run_id=${flowRun.id}`);
  const taskRun = await api<WithId>("POST", "/task_runs/", {
    name: "fuzz-task",
    task_key: "fuzz-task",
    dynamic_key: "0",
    flow_run_id: flowRun.id,
  });
  const viewer = await api<CreatedKey>("POST", "/api_keys/", { name: "fuzz-viewer", role: "viewer" });
  const worker = await api<CreatedKey>("POST", "/api_keys/", {
    name: "fuzz-worker-key",
    role: "worker",
    pools: [poolName],
  });
  const revocable = await api<CreatedKey>("POST", "/api_keys/", {
    name: "fuzz-revocable",
    role: "developer",
  });
  const known: Known = {
    flowId: flow.id,
    flowName: "fuzz-flow",
    deploymentId: deployment.id,
    deploymentName: "fuzz-deployment",
    scheduleId: required(schedule, "the seeded schedule").id,
    flowRunId: flowRun.id,
    stateId: required(state, "the seeded state").id,
    taskRunId: taskRun.id,
    poolName,
    queueName,
    workerName,
    apiKeyId: revocable.api_key.id,
    ...(await seedEventsAndAutomations(api, flowRun.id)),
  };
  return { known, keys: { admin: server.apiKey, viewer: viewer.key, worker: worker.key } };
}

type Call = <T = unknown>(method: string, path: string, body?: unknown) => Promise<T>;

/** Calls the API of `server` with its bootstrap key; throws on anything but a 2xx. */
function caller(server: SeedTarget): Call {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${server.apiUrl}${path}`, {
      method,
      // Every write says JSON, body or not: the server refuses writes without it.
      headers: {
        authorization: `Bearer ${server.apiKey}`,
        ...(method === "GET" ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`seeding: ${method} ${path} → ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

async function seedEventsAndAutomations(
  api: Call,
  flowRunId: string,
): Promise<Pick<Known, "eventId" | "webhookId" | "automationId">> {
  const eventId = crypto.randomUUID();
  await api("POST", "/events", [
    {
      id: eventId,
      event: "fuzz.seeded",
      resource: { "steward.resource.id": `steward.flow-run.${flowRunId}` },
    },
  ]);
  await api("POST", "/logs/", [
    {
      name: "fuzz",
      level: 20,
      message: "seeded",
      timestamp: new Date().toISOString(),
      flow_run_id: flowRunId,
    },
  ]);
  const webhook = await api<WithId>("POST", "/webhooks/", {
    name: "fuzz-webhook",
    template: { event: "fuzz.webhook", resource: { "steward.resource.id": "fuzz" } },
  });
  const automation = await api<WithId>("POST", "/automations/", {
    name: "fuzz-automation",
    trigger: { type: "event", expect: ["fuzz.*"] },
    actions: [{ type: "do-nothing" }, { type: "call-webhook", url: LOOPBACK_SINK_URL, retries: 0 }],
  });
  return { eventId, webhookId: webhook.id, automationId: automation.id };
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`seeding the fuzz server: ${what} is missing`);
  return value;
}
