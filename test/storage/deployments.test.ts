import { describe, expect, it } from "vitest";
import {
  DeploymentCreate,
  type DeploymentCreate as DeploymentCreateInput,
  DeploymentFlowRunCreate,
  type DeploymentFlowRunCreate as RunInput,
  DeploymentQuery,
  DeploymentScheduleCreate,
  DeploymentUpdate,
  FlowRunCreate,
  FlowRunQuery,
  WorkPoolCreate,
} from "../../src/api/index.js";
import type { Store } from "../../src/server/storage/store.js";
import { iso, makeFlow, TARGETS, type TestClock, uniqueName, useStore } from "./harness.js";

const MINUTE = 60_000;

/** Resolves once `condition()` holds; fails after `timeoutMs`. */
async function waitUntil(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A parameter schema as the SDK sends it: `name` (string) and `n` (integer) required. */
const PARAMETER_SCHEMA = {
  title: "Parameters",
  type: "object",
  properties: { name: { type: "string" }, n: { type: "integer" }, mode: { type: "string" } },
  required: ["name", "n"],
};

describe.each(TARGETS)("deployments on $name", (target) => {
  const clock: TestClock = { now: Date.parse("2030-01-01T00:00:00Z") };
  const ctx = useStore(target, clock);

  async function makePool(store: Store, body: Partial<Parameters<typeof WorkPoolCreate.parse>[0]> = {}) {
    return store.workPools.create(
      WorkPoolCreate.parse({ name: uniqueName("pool"), type: "process", ...body }),
    );
  }

  async function deploy(body: Partial<DeploymentCreateInput> & { flow_id: string }) {
    return ctx.store.deployments.upsert(DeploymentCreate.parse({ name: uniqueName("dep"), ...body }));
  }

  async function setup(body: Partial<DeploymentCreateInput> = {}) {
    const flowName = uniqueName("flow");
    const flowId = await makeFlow(ctx.store, flowName);
    const pool = await makePool(ctx.store);
    const { value } = await deploy({ flow_id: flowId, work_pool_name: pool.name, ...body });
    return { flowId, flowName, pool, deployment: value };
  }

  const run = (id: string, body: RunInput = {}) =>
    ctx.store.deployments.createFlowRun(id, DeploymentFlowRunCreate.parse(body));

  /** A run of the deployment made as the scheduler would (or in another state), at `startsAt`. */
  async function scheduledRun(
    flowId: string,
    deploymentId: string,
    startsAt: number,
    options: { auto?: boolean; type?: "SCHEDULED" | "PENDING" | "COMPLETED" } = {},
  ) {
    const state =
      (options.type ?? "SCHEDULED") === "SCHEDULED"
        ? { type: "SCHEDULED" as const, state_details: { scheduled_time: iso(startsAt) } }
        : { type: options.type ?? "PENDING" };
    const { value } = await ctx.store.flowRuns.create(FlowRunCreate.parse({ flow_id: flowId, state }), {
      deployment_id: deploymentId,
      auto_scheduled: options.auto ?? true,
    });
    return value.id;
  }

  const runIds = async (deploymentId: string) =>
    (
      await ctx.store.flowRuns.filter(
        FlowRunQuery.parse({ flow_runs: { deployment_id: { any_: [deploymentId] } } }),
      )
    ).map((r) => r.id);

  it("creates with created=true, updates with created=false, and replaces the schedules", async () => {
    const flowId = await makeFlow(ctx.store);
    const pool = await makePool(ctx.store);
    const name = uniqueName("nightly");
    const first = await deploy({
      flow_id: flowId,
      name,
      work_pool_name: pool.name,
      version: "1",
      tags: ["a"],
      parameters: { x: 1 },
      pull_steps: [{ set_working_directory: { directory: "/srv/app" } }],
      schedules: [{ schedule: { interval: 60 }, slug: "minutely" }, { schedule: { cron: "0 2 * * *" } }],
    });
    expect(first.created).toBe(true);
    expect(first.value).toMatchObject({
      name,
      flow_id: flowId,
      version: "1",
      tags: ["a"],
      parameters: { x: 1 },
      enforce_parameter_schema: true,
      paused: false,
      status: "NOT_READY",
      last_polled: null,
      concurrency_options: { collision_strategy: "ENQUEUE" },
      pull_steps: [{ set_working_directory: { directory: "/srv/app" } }],
    });
    expect(first.value.schedules.map((s) => [s.schedule, s.slug, s.active])).toEqual([
      [{ interval: 60 }, "minutely", true],
      [{ cron: "0 2 * * *", day_or: true }, null, true],
    ]);

    clock.now += 1000;
    const second = await deploy({
      flow_id: flowId,
      name,
      work_pool_name: pool.name,
      version: "2",
      schedules: [{ schedule: { rrule: "FREQ=DAILY" }, active: false }],
    });
    expect(second.created).toBe(false);
    expect(second.value.id).toBe(first.value.id);
    expect(second.value).toMatchObject({ version: "2", tags: [], parameters: {} });
    expect(second.value.updated > first.value.updated).toBe(true);
    expect(second.value.schedules.map((s) => [s.schedule, s.active])).toEqual([
      [{ rrule: "FREQ=DAILY" }, false],
    ]);
    expect(await ctx.store.deployments.read(first.value.id)).toEqual(second.value);
  });

  it("routes to the pool's default queue, or creates a named queue in the pool", async () => {
    const { pool, deployment, flowId } = await setup();
    expect(deployment.work_pool_name).toBe(pool.name);
    expect(deployment.work_queue_name).toBe("default");
    expect(deployment.work_queue_id).toBe(pool.default_queue_id);

    const { value: named } = await deploy({
      flow_id: flowId,
      work_pool_name: pool.name,
      work_queue_name: "critical",
    });
    const queue = await ctx.store.workQueues.read(pool.name, "critical");
    expect(queue).toBeDefined();
    expect(named).toMatchObject({ work_queue_name: "critical", work_queue_id: queue?.id });
    const queues = (await ctx.store.workQueues.list(pool.name)) ?? [];
    expect(queues.map((q) => [q.name, q.priority])).toEqual([
      ["default", 1],
      ["critical", 2],
    ]);

    // The same queue is reused, not created again.
    const { value: again } = await deploy({
      flow_id: flowId,
      work_pool_name: pool.name,
      work_queue_name: "critical",
    });
    expect(again.work_queue_id).toBe(queue?.id);
  });

  it("answers WORK_POOL_NOT_FOUND for an unknown pool, saying how to create it", async () => {
    const flowId = await makeFlow(ctx.store);
    const poolName = uniqueName("missing");
    await expect(deploy({ flow_id: flowId, work_pool_name: poolName })).rejects.toMatchObject({
      code: "WORK_POOL_NOT_FOUND",
      message: expect.stringContaining(`steward work-pool create --type process ${poolName}`),
    });
    await expect(deploy({ flow_id: crypto.randomUUID(), work_pool_name: poolName })).rejects.toMatchObject({
      code: "FLOW_NOT_FOUND",
    });
  });

  it("allows a deployment without a pool, and rejects a queue without one", async () => {
    const flowId = await makeFlow(ctx.store);
    const { value } = await deploy({ flow_id: flowId, job_variables: { anything: 1 } });
    expect(value).toMatchObject({ work_pool_name: null, work_queue_name: null, work_queue_id: null });
    const created = await run(value.id);
    expect(created).toMatchObject({ work_pool_name: null, work_queue_name: null, state_type: "SCHEDULED" });
    await expect(deploy({ flow_id: flowId, work_queue_name: "q" })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: [{ path: "work_pool_name", message: "is required with work_queue_name" }],
    });
  });

  it("validates job variables against the pool's template, listing each bad variable", async () => {
    const flowId = await makeFlow(ctx.store);
    const pool = await makePool(ctx.store);
    await expect(
      deploy({
        flow_id: flowId,
        work_pool_name: pool.name,
        job_variables: { stream_output: "yes", env: { FOO: 1 } },
      }),
    ).rejects.toMatchObject({
      code: "INVALID_JOB_VARIABLES",
      status: 422,
      message: expect.stringContaining("stream_output: must be boolean"),
      details: expect.arrayContaining([
        { path: "stream_output", message: "must be boolean" },
        { path: "env.FOO", message: "must be string or null" },
      ]),
    });
    const ok = await deploy({
      flow_id: flowId,
      work_pool_name: pool.name,
      job_variables: { "env.FOO": "1" },
    });
    expect(ok.value.job_variables).toEqual({ "env.FOO": "1" });
  });

  it("checks the default parameters against the schema when enforced, ignoring required", async () => {
    const flowId = await makeFlow(ctx.store);
    const base = { flow_id: flowId, parameter_openapi_schema: PARAMETER_SCHEMA };
    await expect(deploy({ ...base, parameters: { n: "one" } })).rejects.toMatchObject({
      code: "INVALID_PARAMETERS",
      details: [{ path: "n", message: "must be integer" }],
    });
    expect((await deploy({ ...base, parameters: { n: 1 } })).created).toBe(true);
    expect(
      (await deploy({ ...base, parameters: { n: "one" }, enforce_parameter_schema: false })).created,
    ).toBe(true);
    await expect(deploy({ ...base, parameter_openapi_schema: { type: "nonsense" } })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
  });

  it("creates SCHEDULED runs routed through the deployment's queue and pool", async () => {
    const { deployment, pool, flowName } = await setup({ version: "7" });
    const created = await run(deployment.id);
    expect(created).toMatchObject({
      flow_id: deployment.flow_id,
      flow_name: flowName,
      deployment_id: deployment.id,
      deployment_version: "7",
      work_pool_id: pool.id,
      work_pool_name: pool.name,
      work_queue_id: pool.default_queue_id,
      work_queue_name: "default",
      state_type: "SCHEDULED",
      auto_scheduled: false,
      created_by: null,
      next_scheduled_start_time: iso(clock.now),
    });
    const later = await run(deployment.id, {
      state: { type: "SCHEDULED", state_details: { scheduled_time: iso(clock.now + 10 * MINUTE) } },
    });
    expect(later.next_scheduled_start_time).toBe(iso(clock.now + 10 * MINUTE));
  });

  it("merges parameters (shallow), tags (union) and labels over the deployment's", async () => {
    const { deployment } = await setup({
      parameters: { a: 1, nested: { x: 1 } },
      tags: ["etl", "prod"],
      labels: { team: "data" },
    });
    const created = await run(deployment.id, {
      parameters: { b: 2, nested: { y: 2 } },
      tags: ["prod", "manual"],
      labels: { who: "ada" },
      job_variables: { env: { RUN: "1" } },
      name: "by-hand",
    });
    expect(created).toMatchObject({
      name: "by-hand",
      parameters: { a: 1, b: 2, nested: { y: 2 } },
      tags: ["etl", "prod", "manual"],
      labels: { team: "data", who: "ada" },
      job_variables: { env: { RUN: "1" } },
    });
  });

  it("enforces the parameter schema on runs, listing each bad field", async () => {
    const { deployment, flowName } = await setup({
      parameter_openapi_schema: PARAMETER_SCHEMA,
      parameters: { mode: "fast" },
    });
    const subject = `deployment "${flowName}/${deployment.name}"`;
    await expect(run(deployment.id, { parameters: { name: 5 } })).rejects.toMatchObject({
      code: "INVALID_PARAMETERS",
      status: 422,
      message: `Invalid parameters for ${subject}: n: is required; name: must be string`,
      details: [
        { path: "n", message: "is required" },
        { path: "name", message: "must be string" },
      ],
    });
    const ok = await run(deployment.id, { parameters: { name: "Ada", n: 3 } });
    expect(ok.parameters).toEqual({ mode: "fast", name: "Ada", n: 3 });
    const unchecked = await run(deployment.id, { parameters: { name: 5 }, enforce_parameter_schema: false });
    expect(unchecked.parameters).toEqual({ mode: "fast", name: 5 });
  });

  it("skips the parameter check when the deployment does not enforce it", async () => {
    const { deployment } = await setup({
      parameter_openapi_schema: PARAMETER_SCHEMA,
      enforce_parameter_schema: false,
    });
    expect((await run(deployment.id, { parameters: { name: 5 } })).parameters).toEqual({ name: 5 });
    await expect(
      run(deployment.id, { parameters: { name: 5 }, enforce_parameter_schema: true }),
    ).rejects.toMatchObject({ code: "INVALID_PARAMETERS" });
  });

  it("validates a run's merged job variables with required enforced", async () => {
    const flowId = await makeFlow(ctx.store);
    const pool = await makePool(ctx.store, {
      base_job_template: {
        job_configuration: { image: "{{ image }}", env: "{{ env }}" },
        variables: {
          type: "object",
          properties: {
            image: { type: "string" },
            env: { type: "object", additionalProperties: { type: "string" }, default: { POOL: "1" } },
          },
          required: ["image"],
        },
      },
    });
    const { value } = await deploy({
      flow_id: flowId,
      work_pool_name: pool.name,
      job_variables: { env: { D: "1" } },
    });
    await expect(run(value.id)).rejects.toMatchObject({
      code: "INVALID_JOB_VARIABLES",
      details: [{ path: "image", message: "is required" }],
    });
    await expect(run(value.id, { job_variables: { image: "app", env: { R: 2 } } })).rejects.toMatchObject({
      code: "INVALID_JOB_VARIABLES",
      details: [{ path: "env.R", message: "must be string" }],
    });
    const ok = await run(value.id, { job_variables: { image: "app:1" } });
    expect(ok.job_variables).toEqual({ image: "app:1" });
  });

  it("overrides the queue per run; an unknown queue is WORK_QUEUE_NOT_FOUND", async () => {
    const { deployment, pool, flowId } = await setup();
    await deploy({ flow_id: flowId, work_pool_name: pool.name, work_queue_name: "fast" });
    const fast = await ctx.store.workQueues.read(pool.name, "fast");
    const created = await run(deployment.id, { work_queue_name: "fast" });
    expect(created).toMatchObject({ work_queue_name: "fast", work_queue_id: fast?.id });
    await expect(run(deployment.id, { work_queue_name: "nope" })).rejects.toMatchObject({
      code: "WORK_QUEUE_NOT_FOUND",
    });
  });

  it("honours idempotency keys and still runs paused deployments", async () => {
    const { deployment } = await setup();
    const first = await run(deployment.id, { idempotency_key: "once" });
    const again = await run(deployment.id, { idempotency_key: "once", parameters: { other: true } });
    expect(again.id).toBe(first.id);
    expect(await ctx.store.deployments.setPaused(deployment.id, true)).toBe(true);
    expect((await run(deployment.id)).state_type).toBe("SCHEDULED");
    await expect(run(crypto.randomUUID())).rejects.toMatchObject({ code: "DEPLOYMENT_NOT_FOUND" });
    await expect(run("not-a-uuid")).rejects.toMatchObject({ code: "DEPLOYMENT_NOT_FOUND" });
  });

  it("wakes claim long-polls when a run is created or the deployment resumes", async () => {
    const { deployment } = await setup();
    let wakeUps = 0;
    const stop = ctx.store.claims.onChange(() => {
      wakeUps += 1;
    });
    try {
      await run(deployment.id);
      await waitUntil(() => wakeUps > 0, "a wake-up after create_flow_run");
      const before = wakeUps;
      await ctx.store.deployments.setPaused(deployment.id, false);
      await waitUntil(() => wakeUps > before, "a wake-up after resuming");
    } finally {
      stop();
    }
  });

  it("pausing removes future auto-scheduled runs and keeps the others", async () => {
    const { deployment, flowId } = await setup();
    const future = await scheduledRun(flowId, deployment.id, clock.now + 5 * MINUTE);
    const overdue = await scheduledRun(flowId, deployment.id, clock.now - 5 * MINUTE);
    const manual = await scheduledRun(flowId, deployment.id, clock.now + 5 * MINUTE, { auto: false });
    const claimed = await scheduledRun(flowId, deployment.id, clock.now, { type: "PENDING" });
    expect(await ctx.store.deployments.setPaused(deployment.id, true)).toBe(true);
    expect((await runIds(deployment.id)).sort()).toEqual([overdue, manual, claimed].sort());
    expect((await ctx.store.deployments.read(deployment.id))?.paused).toBe(true);

    const later = await scheduledRun(flowId, deployment.id, clock.now + 5 * MINUTE);
    expect(await ctx.store.deployments.setPaused(deployment.id, false)).toBe(true);
    expect(await runIds(deployment.id)).toContain(later);
    expect(future).not.toBe(later);
    expect(await ctx.store.deployments.setPaused(crypto.randomUUID(), true)).toBe(false);
  });

  it("an upsert or update removes future auto-scheduled runs that never ran", async () => {
    const { deployment, flowId, pool } = await setup();
    const first = await scheduledRun(flowId, deployment.id, clock.now + MINUTE);
    await deploy({ flow_id: flowId, name: deployment.name, work_pool_name: pool.name });
    expect(await runIds(deployment.id)).not.toContain(first);
    const second = await scheduledRun(flowId, deployment.id, clock.now + MINUTE);
    expect(await ctx.store.deployments.update(deployment.id, DeploymentUpdate.parse({}))).toBe(true);
    expect(await runIds(deployment.id)).not.toContain(second);
  });

  it("updates only what the patch holds, re-checking what it changes", async () => {
    const { deployment, pool } = await setup({
      description: "before",
      parameters: { a: 1 },
      schedules: [{ schedule: { interval: 60 } }],
    });
    // What the PATCH route hands over: only the fields the client sent.
    expect(await ctx.store.deployments.update(deployment.id, { description: "after" })).toBe(true);
    const read = await ctx.store.deployments.read(deployment.id);
    expect(read).toMatchObject({ description: "after", parameters: { a: 1 }, work_pool_name: pool.name });
    expect(read?.schedules).toHaveLength(1);

    await expect(
      ctx.store.deployments.update(deployment.id, { job_variables: { stream_output: 1 } }),
    ).rejects.toMatchObject({ code: "INVALID_JOB_VARIABLES" });

    const other = await makePool(ctx.store);
    expect(await ctx.store.deployments.update(deployment.id, { work_pool_name: other.name })).toBe(true);
    expect(await ctx.store.deployments.read(deployment.id)).toMatchObject({
      work_pool_name: other.name,
      work_queue_name: "default",
      work_queue_id: other.default_queue_id,
    });
    expect(await ctx.store.deployments.update(deployment.id, { schedules: [] })).toBe(true);
    expect((await ctx.store.deployments.read(deployment.id))?.schedules).toEqual([]);
    expect(await ctx.store.deployments.update(crypto.randomUUID(), { description: "x" })).toBe(false);
    expect(await ctx.store.deployments.update("nope", { description: "x" })).toBe(false);
  });

  it("reads by flow name and deployment name", async () => {
    const { deployment, flowName } = await setup();
    expect(await ctx.store.deployments.readByName(flowName, deployment.name)).toEqual(deployment);
    expect(await ctx.store.deployments.readByName(flowName, "nope")).toBeUndefined();
    expect(await ctx.store.deployments.readByName("nope", deployment.name)).toBeUndefined();
  });

  it("deletes a deployment with its schedules and unstarted runs; other runs keep their history", async () => {
    const { deployment, flowId } = await setup({ schedules: [{ schedule: { interval: 300 } }] });
    const waiting = await scheduledRun(flowId, deployment.id, clock.now + MINUTE, { auto: false });
    const done = await scheduledRun(flowId, deployment.id, 0, { type: "COMPLETED" });
    expect(await ctx.store.deployments.delete(deployment.id)).toBe(true);
    expect(await ctx.store.deployments.read(deployment.id)).toBeUndefined();
    expect(await ctx.store.deployments.schedules(deployment.id)).toBeUndefined();
    expect(await ctx.store.flowRuns.read(waiting)).toBeUndefined();
    expect((await ctx.store.flowRuns.read(done))?.deployment_id).toBe(deployment.id);
    expect(await ctx.store.deployments.delete(deployment.id)).toBe(false);
    expect(await ctx.store.deployments.delete("not-a-uuid")).toBe(false);
  });

  it("filters, sorts and counts", async () => {
    const flowName = uniqueName("listed");
    const flowId = await makeFlow(ctx.store, flowName);
    const pool = await makePool(ctx.store);
    const prefix = uniqueName("d");
    const names = [`${prefix}-b`, `${prefix}-a`, `${prefix}-c`];
    for (const name of names) {
      clock.now += 1000;
      await deploy({ flow_id: flowId, name, work_pool_name: pool.name, paused: name.endsWith("c") });
    }
    const query = (body: object) => DeploymentQuery.parse(body);
    const namesOf = async (body: object) =>
      (await ctx.store.deployments.filter(query(body))).map((d) => d.name);
    const byFlow = { flows: { name: { any_: [flowName] } } };
    expect(await namesOf(byFlow)).toEqual([...names].sort());
    expect(await namesOf({ ...byFlow, sort: "NAME_DESC" })).toEqual([...names].sort().reverse());
    expect(await namesOf({ ...byFlow, sort: "CREATED_DESC" })).toEqual([...names].reverse());
    expect(await namesOf({ ...byFlow, limit: 1, offset: 1 })).toEqual([`${prefix}-b`]);
    expect(await namesOf({ deployments: { name: { like_: `${prefix.toUpperCase()}-A` } } })).toEqual([
      `${prefix}-a`,
    ]);
    expect(
      await namesOf({ deployments: { work_pool_name: { any_: [pool.name] }, paused: { eq_: true } } }),
    ).toEqual([`${prefix}-c`]);
    expect(await namesOf({ ...byFlow, deployments: { paused: { eq_: false } } })).toHaveLength(2);
    expect(await namesOf({ deployments: { work_queue_name: { any_: [] } } })).toEqual([]);
    expect(await ctx.store.deployments.count(query(byFlow))).toBe(3);
    expect(await ctx.store.deployments.count(query({ flows: { id: { any_: [flowId] } } }))).toBe(3);
    const [listed] = await ctx.store.deployments.filter(query({ ...byFlow, limit: 1 }));
    expect(listed?.flow_name).toBe(flowName);
  });

  it("adds, updates and deletes schedules", async () => {
    const { deployment, flowId } = await setup({ schedules: [{ schedule: { interval: 60 }, slug: "one" }] });
    const schedules = ctx.store.deployments;
    const parse = (body: object) => DeploymentScheduleCreate.parse(body);
    const added = await schedules.addSchedules(deployment.id, [
      parse({ schedule: { cron: "*/5 * * * *" }, slug: "two", parameters: { p: 1 } }),
    ]);
    expect(added).toMatchObject([
      { slug: "two", parameters: { p: 1 }, active: true, deployment_id: deployment.id },
    ]);
    expect((await schedules.schedules(deployment.id))?.map((s) => s.slug)).toEqual(["one", "two"]);
    await expect(
      schedules.addSchedules(deployment.id, [parse({ schedule: { interval: 5 }, slug: "one" })]),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });

    const auto = await scheduledRun(flowId, deployment.id, clock.now + MINUTE);
    const id = added[0]?.id ?? "";
    expect(await schedules.updateSchedule(deployment.id, id, { active: false, max_scheduled_runs: 5 })).toBe(
      true,
    );
    expect(await runIds(deployment.id)).not.toContain(auto);
    expect((await schedules.schedules(deployment.id))?.[1]).toMatchObject({
      active: false,
      max_scheduled_runs: 5,
      parameters: { p: 1 },
    });
    await expect(schedules.updateSchedule(deployment.id, id, { slug: "one" })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
    expect(await schedules.updateSchedule(deployment.id, crypto.randomUUID(), { active: true })).toBe(false);
    expect(await schedules.deleteSchedule(deployment.id, id)).toBe(true);
    expect(await schedules.deleteSchedule(deployment.id, id)).toBe(false);
    expect(await schedules.deleteSchedule(deployment.id, "nope")).toBe(false);
    expect((await schedules.schedules(deployment.id))?.map((s) => s.slug)).toEqual(["one"]);
    await expect(
      schedules.addSchedules(crypto.randomUUID(), [parse({ schedule: { interval: 5 } })]),
    ).rejects.toMatchObject({
      code: "DEPLOYMENT_NOT_FOUND",
    });
  });

  it("keeps a deployment whose queue was deleted, without the queue id", async () => {
    const { pool, flowId } = await setup();
    const { value } = await deploy({ flow_id: flowId, work_pool_name: pool.name, work_queue_name: "doomed" });
    expect(await ctx.store.workQueues.delete(pool.name, "doomed")).toBe(true);
    const read = await ctx.store.deployments.read(value.id);
    expect(read).toMatchObject({ work_queue_id: null, work_queue_name: "doomed", work_pool_name: pool.name });
    // Its runs fall back to the pool's default queue.
    expect((await run(value.id)).work_queue_name).toBe("default");
  });
});
