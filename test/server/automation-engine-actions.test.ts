/**
 * Actions of fired automations, run by the executor through a real store on SQLite and PostgreSQL:
 * run-deployment with templated parameters, cancel-flow-run on a Late run, call-webhook retried
 * against a local HTTP server, notifications, and failures recorded as events.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeploymentCreate, SetStateRequest } from "../../src/api/index.js";
import type { ActionJob } from "../../src/server/storage/automations/engine-store.js";
import type { Store } from "../../src/server/storage/store.js";
import { makeFlow, makeRun, TARGETS, uniqueName, useStore } from "../storage/harness.js";
import {
  automationEvents,
  drain,
  emit,
  engineOn,
  executorOn,
  makeAutomation,
  until,
} from "./automation-engine-helpers.js";

/** A local HTTP server answering each request with the next status of `statuses` (the last repeats). */
async function recordingServer(statuses: number[]) {
  const requests: { body: unknown; headers: Record<string, unknown> }[] = [];
  const server: Server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk: Buffer) => (text += chunk.toString()));
    request.on("end", () => {
      requests.push({ body: JSON.parse(text || "null"), headers: request.headers });
      const status = statuses[Math.min(requests.length - 1, statuses.length - 1)] ?? 200;
      response
        .writeHead(status, { "content-type": "text/plain" })
        .end(status < 300 ? "ok" : `boom ${requests.length}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Fires the automation's actions and runs the executor until every job of it has finished. */
async function fireAndRun(
  store: Store,
  automationId: string,
  engine: ReturnType<typeof engineOn>,
): Promise<ActionJob[]> {
  await drain(engine);
  const executor = executorOn(store);
  await executor.start();
  let jobs: ActionJob[] = [];
  try {
    await until(async () => {
      jobs = await store.automationEngine.jobs(automationId);
      return jobs.length > 0 && jobs.every((job) => job.status === "SUCCEEDED" || job.status === "FAILED");
    });
  } finally {
    await executor.stop();
  }
  return jobs;
}

describe.each(TARGETS)("automation actions on $name", (target) => {
  const ctx = useStore(target);
  const clock = { now: Date.now() };
  const servers: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    await drain(engineOn(ctx.store, clock));
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  const engine = () => {
    clock.now = Date.now();
    return engineOn(ctx.store, clock);
  };

  it("runs a deployment with parameters templated from the event", async () => {
    const flowId = await makeFlow(ctx.store);
    const { value: deployment } = await ctx.store.deployments.upsert(
      DeploymentCreate.parse({ name: uniqueName("dep"), flow_id: flowId }),
    );
    const name = uniqueName("order");
    const automation = await makeAutomation(ctx.store, { type: "event", expect: [name] }, [
      {
        type: "run-deployment",
        deployment_id: deployment.id,
        parameters: {
          n: "{{ event.payload.n }}",
          who: "{{ event.resource.name }}",
          note: "for {{ automation.name }}",
        },
      },
    ]);
    const running = engine();
    await drain(running);
    await emit(ctx.store, name, Date.now(), "shop.order.1", {
      resource: { "steward.resource.id": "shop.order.1", "steward.resource.name": "ada" },
      payload: { n: 7 },
    });
    const [job] = await fireAndRun(ctx.store, automation.id, running);
    expect(job?.status).toBe("SUCCEEDED");
    const runId = (job?.result as { flow_run_id: string }).flow_run_id;
    const run = await ctx.store.flowRuns.read(runId);
    expect(run?.deployment_id).toBe(deployment.id);
    expect(run?.parameters).toEqual({ n: 7, who: "ada", note: `for ${automation.name}` });
    const [executed] = await automationEvents(ctx.store, automation.id, "steward.automation.action.executed");
    expect(executed?.payload).toMatchObject({ action_index: 0, action_type: "run-deployment", attempts: 1 });
  });

  it("infers the deployment from the event's related resources", async () => {
    const flowId = await makeFlow(ctx.store);
    const { value: deployment } = await ctx.store.deployments.upsert(
      DeploymentCreate.parse({ name: uniqueName("dep"), flow_id: flowId }),
    );
    const name = uniqueName("ping");
    const automation = await makeAutomation(ctx.store, { type: "event", expect: [name] }, [
      { type: "run-deployment", source: "inferred" },
    ]);
    const running = engine();
    await drain(running);
    await emit(ctx.store, name, Date.now(), "x.1", {
      related: [
        {
          "steward.resource.id": `steward.deployment.${deployment.id}`,
          "steward.resource.role": "deployment",
        },
      ],
    });
    const [job] = await fireAndRun(ctx.store, automation.id, running);
    expect(job?.status).toBe("SUCCEEDED");
  });

  it("cancels a run that goes Late", async () => {
    const flowId = await makeFlow(ctx.store);
    const run = await makeRun(ctx.store, flowId, { state: { type: "SCHEDULED", name: "Scheduled" } });
    const automation = await makeAutomation(
      ctx.store,
      {
        type: "event",
        expect: ["steward.flow-run.Late"],
        match: { "steward.resource.id": `steward.flow-run.${run.id}` },
      },
      [{ type: "cancel-flow-run" }],
    );
    const running = engine();
    await drain(running);
    await ctx.store.flowRuns.setState(
      run.id,
      SetStateRequest.parse({ state: { type: "SCHEDULED", name: "Late" }, force: true }),
    );
    const [job] = await fireAndRun(ctx.store, automation.id, running);
    expect(job?.status).toBe("SUCCEEDED");
    expect((await ctx.store.flowRuns.read(run.id))?.state_type).toBe("CANCELLED");
  });

  it("retries a failing call-webhook and records every attempt", async () => {
    const server = await recordingServer([500, 502, 200]);
    servers.push(server);
    const name = uniqueName("hook");
    const automation = await makeAutomation(ctx.store, { type: "event", expect: [name] }, [
      {
        type: "call-webhook",
        url: server.url,
        headers: { "x-token": "t" },
        payload: { id: "{{ event.resource.id }}", n: "{{ event.payload.n }}" },
        retries: 3,
        retry_delay_seconds: 0.01,
      },
    ]);
    const running = engine();
    await drain(running);
    await emit(ctx.store, name, Date.now(), "svc.1", { payload: { n: 3 } });
    const [job] = await fireAndRun(ctx.store, automation.id, running);
    expect(job?.status).toBe("SUCCEEDED");
    expect(job?.attempts).toBe(3);
    expect(job?.attemptLog.map((attempt) => attempt.status)).toEqual([500, 502, 200]);
    expect(job?.attemptLog[0]?.excerpt).toBe("boom 1");
    expect(server.requests.map((request) => request.body)).toEqual(Array(3).fill({ id: "svc.1", n: 3 }));
    expect(server.requests[0]?.headers["x-token"]).toBe("t");
    const [executed] = await automationEvents(ctx.store, automation.id, "steward.automation.action.executed");
    expect(executed?.payload).toMatchObject({
      action_type: "call-webhook",
      attempts: 3,
      result: { status: 200, body: "ok" },
    });
  });

  it("records a call-webhook that keeps failing as a failed event after its retries", async () => {
    const server = await recordingServer([503]);
    servers.push(server);
    const name = uniqueName("hook");
    const automation = await makeAutomation(ctx.store, { type: "event", expect: [name] }, [
      { type: "call-webhook", url: server.url, retries: 2, retry_delay_seconds: 0.01 },
    ]);
    const running = engine();
    await drain(running);
    await emit(ctx.store, name, Date.now());
    const [job] = await fireAndRun(ctx.store, automation.id, running);
    expect(job?.status).toBe("FAILED");
    expect(job?.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
    // The default payload is the triggering event.
    expect(server.requests[0]?.body).toMatchObject({ event: name });
    const [failed] = await automationEvents(ctx.store, automation.id, "steward.automation.action.failed");
    expect(failed?.payload).toMatchObject({ action_type: "call-webhook", attempts: 3 });
    expect(String(failed?.payload.reason)).toContain("HTTP 503");
  });

  it("sends Slack and generic webhook notifications", async () => {
    const server = await recordingServer([200]);
    servers.push(server);
    const name = uniqueName("note");
    const automation = await makeAutomation(ctx.store, { type: "event", expect: [name] }, [
      {
        type: "send-notification",
        destination: { type: "slack", url: server.url },
        subject: "S {{ automation.name }}",
        body: "B {{ event.event }}",
      },
      {
        type: "send-notification",
        destination: { type: "webhook", url: server.url, headers: { "x-k": "v" } },
        body: "B2",
      },
    ]);
    const running = engine();
    await drain(running);
    await emit(ctx.store, name, Date.now());
    const jobs = await fireAndRun(ctx.store, automation.id, running);
    expect(jobs.map((job) => job.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    const bodies = server.requests.map((request) => request.body as Record<string, unknown>);
    expect(bodies).toContainEqual({ text: `*S ${automation.name}*\nB ${name}` });
    const generic = bodies.find((body) => "subject" in body);
    expect(generic).toMatchObject({
      subject: `Automation ${automation.name} fired`,
      body: "B2",
      event: { event: name },
    });
  });

  it("fails with a clear reason when the target is gone", async () => {
    const name = uniqueName("gone");
    const automation = await makeAutomation(ctx.store, { type: "event", expect: [name] }, [
      { type: "pause-deployment", deployment_id: "0190d7a0-0000-7000-8000-000000000000" },
      { type: "cancel-flow-run" },
    ]);
    const running = engine();
    await drain(running);
    await emit(ctx.store, name, Date.now());
    const jobs = await fireAndRun(ctx.store, automation.id, running);
    expect(jobs.map((job) => job.status)).toEqual(["FAILED", "FAILED"]);
    const reasons = (
      await automationEvents(ctx.store, automation.id, "steward.automation.action.failed")
    ).map((event) => event.payload.reason);
    expect(reasons).toContain("deployment 0190d7a0-0000-7000-8000-000000000000 no longer exists");
    expect(reasons).toContain("the triggering event names no flow-run to act on");
  });
});
