/**
 * The limits on schedules (issue 15, item 4) through the API, on every route that writes one:
 * a schedule tighter than STEWARD_SERVER_SCHEDULER_MIN_INTERVAL_SECONDS and more schedules than
 * STEWARD_SERVER_SCHEDULER_MAX_SCHEDULES are a 422 naming the setting. `steward deploy` and
 * steward.yaml send the same bodies to the same routes.
 */
import { describe, expect, it } from "vitest";
import { WorkPoolCreate } from "../../src/api/index.js";
import { BACKENDS } from "./backends.js";
import { errorOf, type RawAnswer, send, uniqueName, useApp } from "./harness.js";

const MIN_SETTING = "STEWARD_SERVER_SCHEDULER_MIN_INTERVAL_SECONDS";
const MAX_SETTING = "STEWARD_SERVER_SCHEDULER_MAX_SCHEDULES";

describe.each(BACKENDS)("schedule limits on $name", (backend) => {
  const h = useApp(backend);

  async function body(extra: Record<string, unknown> = {}) {
    const flow = await h.client.call("createFlow", { body: { name: uniqueName("flow") } });
    const pool = await h.store.workPools.create(
      WorkPoolCreate.parse({ name: uniqueName("pool"), type: "process" }),
    );
    return { name: uniqueName("dep"), flow_id: flow.id, work_pool_name: pool.name, ...extra };
  }

  const every = (seconds: number, count: number) =>
    Array.from({ length: count }, () => ({ schedule: { interval: seconds } }));

  function expectRefused(answer: RawAnswer, setting: string) {
    expect(answer.status).toBe(422);
    expect(errorOf(answer).code).toBe("VALIDATION_FAILED");
    expect(errorOf(answer).message).toContain(setting);
  }

  it("two dozen 1-second schedules: 422 naming the minimum interval, and nothing stored", async () => {
    const request = await body({ schedules: every(1, 24) });
    const answer = await send(h.app, "POST", "/api/deployments/", request);
    expectRefused(answer, MIN_SETTING);
    expect(errorOf(answer).details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: "schedules[0].schedule" })]),
    );
    const cron = await send(h.app, "POST", "/api/deployments/", {
      ...request,
      schedules: [{ schedule: { cron: "*/2 * * * * *" } }],
    });
    expectRefused(cron, MIN_SETTING);
    const missing = await send(
      h.app,
      "GET",
      `/api/deployments/name/${encodeURIComponent((await h.client.call("readFlow", { params: { id: request.flow_id } })).name)}/${encodeURIComponent(request.name)}`,
    );
    expect(missing.status).toBe(404);
  });

  it("update, add and patch of schedules refuse a tight interval too", async () => {
    const created = await send(h.app, "POST", "/api/deployments/", await body({ schedules: every(60, 1) }));
    expect(created.status).toBe(201);
    const id = (created.body as { id: string; schedules: { id: string }[] }).id;
    const scheduleId = (created.body as { schedules: { id: string }[] }).schedules[0]?.id ?? "";
    expectRefused(
      await send(h.app, "PATCH", `/api/deployments/${id}`, { schedules: every(1, 1) }),
      MIN_SETTING,
    );
    expectRefused(await send(h.app, "POST", `/api/deployments/${id}/schedules`, every(5, 1)), MIN_SETTING);
    expectRefused(
      await send(h.app, "PATCH", `/api/deployments/${id}/schedules/${scheduleId}`, {
        schedule: { interval: 9 },
      }),
      MIN_SETTING,
    );
    // At the minimum it is accepted.
    const ok = await send(h.app, "PATCH", `/api/deployments/${id}/schedules/${scheduleId}`, {
      schedule: { interval: 10 },
    });
    expect(ok.status).toBeLessThan(300);
  });

  it("more than 20 schedules on a deployment: 422 naming the cap, on create, update and add", async () => {
    expectRefused(
      await send(h.app, "POST", "/api/deployments/", await body({ schedules: every(60, 21) })),
      MAX_SETTING,
    );
    const created = await send(h.app, "POST", "/api/deployments/", await body({ schedules: every(60, 20) }));
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    expectRefused(await send(h.app, "POST", `/api/deployments/${id}/schedules`, every(60, 1)), MAX_SETTING);
    expectRefused(
      await send(h.app, "PATCH", `/api/deployments/${id}`, { schedules: every(60, 21) }),
      MAX_SETTING,
    );
    expect((await h.store.deployments.schedules(id))?.length).toBe(20);
  });
});
