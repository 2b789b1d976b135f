import { describe, expect, it } from "vitest";
import { FlowRunCreate, FlowRunQuery, TaskRunCreate } from "../../src/api/index.js";
import { isStewardError } from "../../src/core/errors.js";
import { iso, makeFlow, makeRun, TARGETS, uniqueName, useStore } from "./harness.js";

describe.each(TARGETS)("flow runs on $name", (target) => {
  const ctx = useStore(target);
  const ids = async (body: object) =>
    (await ctx.store.flowRuns.filter(FlowRunQuery.parse(body))).map((run) => run.id);

  it("creates a PENDING run with a generated name, its flow's name and its first state", async () => {
    const flowName = uniqueName("creator");
    const flowId = await makeFlow(ctx.store, flowName);
    const run = await makeRun(ctx.store, flowId);
    expect(run.name).toMatch(/^[a-z]+-[a-z]+$/);
    expect(run).toMatchObject({
      flow_id: flowId,
      flow_name: flowName,
      state_type: "PENDING",
      state_name: "Pending",
    });
    expect(run.state?.state_details.flow_run_id).toBe(run.id);
    expect(run.expected_start_time).toBe(run.state?.timestamp);
    expect(await ctx.store.flowRuns.states(run.id)).toEqual([run.state]);
    expect(await ctx.store.flowRuns.readState(run.state?.id ?? "")).toEqual(run.state);
  });

  it("round-trips parameters, context, tags, labels, policy and job variables", async () => {
    const flowId = await makeFlow(ctx.store);
    const parameters = { s: "text", n: 1.5, nested: { list: [1, "two", null, true] }, empty: {} };
    const run = await makeRun(ctx.store, flowId, {
      name: "explicit",
      parameters,
      context: { origin: "test" },
      tags: ["b", "a"],
      labels: { team: "data", tier: 2, on: true },
      empirical_policy: { retries: 3, retry_delay: 10 },
      job_variables: { env: { A: "1" } },
      flow_version: "1.2.3",
    });
    const read = await ctx.store.flowRuns.read(run.id);
    expect(read).toEqual(run);
    expect(read).toMatchObject({
      name: "explicit",
      parameters,
      context: { origin: "test" },
      tags: ["b", "a"],
      labels: { team: "data", tier: 2, on: true },
      empirical_policy: { retries: 3, retry_delay: 10, retry_type: null, pause_keys: [], resuming: false },
      job_variables: { env: { A: "1" } },
      flow_version: "1.2.3",
      auto_scheduled: false,
      created_by: null,
    });
  });

  it("stores server-side fields passed as extras", async () => {
    const flowId = await makeFlow(ctx.store);
    const deploymentId = "0195c1a2-0000-7000-8000-0000000000d1";
    const { value } = await ctx.store.flowRuns.create(FlowRunCreate.parse({ flow_id: flowId }), {
      deployment_id: deploymentId,
      work_queue_name: "default",
      auto_scheduled: true,
      created_by: { id: null, type: "SCHEDULE", display_value: "every 60s" },
    });
    expect(value).toMatchObject({
      deployment_id: deploymentId,
      work_queue_name: "default",
      auto_scheduled: true,
      created_by: { id: null, type: "SCHEDULE", display_value: "every 60s" },
    });
  });

  it("is idempotent by (flow_id, idempotency_key)", async () => {
    const flowId = await makeFlow(ctx.store);
    const otherFlow = await makeFlow(ctx.store);
    const body = { flow_id: flowId, idempotency_key: "schedule-2025-01-01T00:00" };
    const first = await ctx.store.flowRuns.create(FlowRunCreate.parse(body));
    const again = await ctx.store.flowRuns.create(FlowRunCreate.parse({ ...body, name: "ignored" }));
    const elsewhere = await ctx.store.flowRuns.create(FlowRunCreate.parse({ ...body, flow_id: otherFlow }));
    expect(first.created).toBe(true);
    expect(again).toEqual({ value: first.value, created: false });
    expect(elsewhere.created).toBe(true);
    expect(await ctx.store.flowRuns.states(first.value.id)).toHaveLength(1);
  });

  it("settles concurrent creates with the same idempotency key on one run", async () => {
    const flowId = await makeFlow(ctx.store);
    const body = FlowRunCreate.parse({ flow_id: flowId, idempotency_key: "race" });
    const results = await Promise.all(Array.from({ length: 10 }, () => ctx.store.flowRuns.create(body)));
    expect(new Set(results.map((r) => r.value.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it("rejects an unknown flow with FLOW_NOT_FOUND", async () => {
    const error = await makeRun(ctx.store, "0195c1a2-0000-7000-8000-0000000000f0").catch((e: unknown) => e);
    expect(isStewardError(error) && error.code).toBe("FLOW_NOT_FOUND");
  });

  it("starts in the state given at creation, with its scheduled time", async () => {
    const flowId = await makeFlow(ctx.store);
    const at = Date.now() + 3_600_000;
    const run = await makeRun(ctx.store, flowId, {
      state: { type: "SCHEDULED", state_details: { scheduled_time: iso(at) } },
    });
    expect(run).toMatchObject({
      state_type: "SCHEDULED",
      state_name: "Scheduled",
      expected_start_time: iso(at),
      next_scheduled_start_time: iso(at),
    });
    expect(run.state?.state_details.scheduled_time).toBe(iso(at));
  });

  it("answers a create with the run exactly as a read finds it, whatever its first state", async () => {
    // The create's answer is built from what it wrote, not read back: it must not drift from reads.
    const flowId = await makeFlow(ctx.store, uniqueName("answer"));
    const firsts = [
      undefined,
      { type: "RUNNING" as const, name: "Running" },
      { type: "SCHEDULED" as const, state_details: { scheduled_time: iso(Date.now() + 60_000) } },
      { type: "COMPLETED" as const, message: "done", data: { n: 1 } },
    ];
    for (const state of firsts) {
      const run = await makeRun(ctx.store, flowId, {
        tags: ["a"],
        parameters: { x: 1 },
        empirical_policy: { retries: 2, retry_delay: 5 },
        ...(state && { state }),
      });
      // estimated_run_time counts the time spent RUNNING up to the moment of the answer.
      const read = await ctx.store.flowRuns.read(run.id);
      expect({ ...read, estimated_run_time: 0 }).toEqual({ ...run, estimated_run_time: 0 });
      expect(await ctx.store.flowRuns.states(run.id)).toEqual([run.state]);
    }
    const running = await makeRun(ctx.store, flowId, { state: { type: "RUNNING" } });
    expect(running).toMatchObject({ run_count: 1, start_time: running.state?.timestamp });
  });

  it("updates fields, merging the policy, and says when nothing matched", async () => {
    const flowId = await makeFlow(ctx.store);
    const run = await makeRun(ctx.store, flowId, { empirical_policy: { retries: 2 } });
    const ok = await ctx.store.flowRuns.update(run.id, {
      name: "renamed",
      empirical_policy: { retry_delay: 5 },
      infrastructure_pid: "host:123",
      tags: ["t"],
    });
    expect(ok).toBe(true);
    expect(await ctx.store.flowRuns.read(run.id)).toMatchObject({
      name: "renamed",
      empirical_policy: { retries: 2, retry_delay: 5 },
      infrastructure_pid: "host:123",
      tags: ["t"],
    });
    expect(await ctx.store.flowRuns.update("0195c1a2-0000-7000-8000-0000000000f1", { name: "x" })).toBe(
      false,
    );
  });

  it("filters by state type and name, tags, flow name, times and parent task run", async () => {
    const flowName = uniqueName("filtered");
    const flowId = await makeFlow(ctx.store, flowName);
    const tag = uniqueName("tag");
    const t0 = Date.parse("2030-01-01T00:00:00Z");
    const scheduled = await makeRun(ctx.store, flowId, {
      tags: [tag, "nightly"],
      state: { type: "SCHEDULED", state_details: { scheduled_time: iso(t0) } },
    });
    const late = await makeRun(ctx.store, flowId, {
      tags: [tag],
      state: { type: "SCHEDULED", name: "Late", state_details: { scheduled_time: iso(t0 + 60_000) } },
    });
    const running = await makeRun(ctx.store, flowId, { tags: [tag, "nightly"], state: { type: "RUNNING" } });
    const parent = await makeRun(ctx.store, flowId, { tags: [tag], state: { type: "RUNNING" } });
    const { value: tracker } = await ctx.store.taskRuns.create(
      TaskRunCreate.parse({ name: "sub", flow_run_id: parent.id, task_key: "sub", dynamic_key: "0" }),
    );
    const child = await makeRun(ctx.store, flowId, { tags: [tag], parent_task_run_id: tracker.id });
    const mine = { tags: { all_: [tag] } };
    const sorted = (list: string[]) => [...list].sort();

    expect(sorted(await ids({ flow_runs: { ...mine, state: { type: { any_: ["SCHEDULED"] } } } }))).toEqual(
      sorted([scheduled.id, late.id]),
    );
    expect(await ids({ flow_runs: { ...mine, state: { name: { any_: ["Late"] } } } })).toEqual([late.id]);
    expect(
      sorted(await ids({ flow_runs: { ...mine, state: { type: { not_any_: ["SCHEDULED", "PENDING"] } } } })),
    ).toEqual(sorted([running.id, parent.id]));
    expect(sorted(await ids({ flow_runs: { tags: { all_: [tag, "nightly"] } } }))).toEqual(
      sorted([scheduled.id, running.id]),
    );
    expect(await ids({ flow_runs: mine, flows: { name: { any_: [uniqueName("other")] } } })).toEqual([]);
    expect(await ids({ flow_runs: mine, flows: { name: { any_: [flowName] } } })).toHaveLength(5);
    expect(
      await ids({
        flow_runs: { ...mine, expected_start_time: { after_: iso(t0 + 1), before_: iso(t0 + 60_000) } },
      }),
    ).toEqual([late.id]);
    expect(
      sorted(await ids({ flow_runs: { ...mine, next_scheduled_start_time: { is_null_: false } } })),
    ).toEqual(sorted([scheduled.id, late.id]));
    expect(sorted(await ids({ flow_runs: { ...mine, start_time: { is_null_: false } } }))).toEqual(
      sorted([running.id, parent.id]),
    );
    expect(await ids({ flow_runs: { ...mine, parent_task_run_id: { is_null_: false } } })).toEqual([
      child.id,
    ]);
    expect(await ids({ flow_runs: { ...mine, parent_task_run_id: { is_null_: true } } })).toHaveLength(4);
    expect(await ids({ flow_runs: { ...mine, deployment_id: { is_null_: true } } })).toHaveLength(5);
    expect(await ids({ flow_runs: mine, task_runs: { name: { any_: ["sub"] } } })).toEqual([parent.id]);
    expect(await ctx.store.flowRuns.count(FlowRunQuery.parse({ flow_runs: mine }))).toBe(5);
  });

  it("sorts by every enum with ids breaking ties, and pages", async () => {
    const flowId = await makeFlow(ctx.store);
    const tag = uniqueName("sorts");
    const t0 = Date.parse("2031-01-01T00:00:00Z");
    const at = (minutes: number) => ({
      type: "SCHEDULED" as const,
      state_details: { scheduled_time: iso(t0 + minutes * 60_000) },
    });
    const b = await makeRun(ctx.store, flowId, { name: "b", tags: [tag], state: at(2) });
    const a = await makeRun(ctx.store, flowId, { name: "a", tags: [tag], state: at(3) });
    const c = await makeRun(ctx.store, flowId, { name: "c", tags: [tag], state: at(1) });
    const list = (sort: string, extra: object = {}) =>
      ids({ flow_runs: { tags: { all_: [tag] } }, sort, ...extra });

    expect(await list("ID_DESC")).toEqual([c.id, a.id, b.id]);
    expect(await list("NAME_ASC")).toEqual([a.id, b.id, c.id]);
    expect(await list("NAME_DESC")).toEqual([c.id, b.id, a.id]);
    expect(await list("EXPECTED_START_TIME_ASC")).toEqual([c.id, b.id, a.id]);
    expect(await list("EXPECTED_START_TIME_DESC")).toEqual([a.id, b.id, c.id]);
    expect(await list("NEXT_SCHEDULED_START_TIME_ASC")).toEqual([c.id, b.id, a.id]);
    expect(await list("START_TIME_ASC")).toEqual([c.id, b.id, a.id]);
    expect(await list("START_TIME_DESC")).toEqual([a.id, b.id, c.id]);
    expect(await list("END_TIME_DESC")).toEqual([c.id, a.id, b.id]);
    expect(await list("NAME_ASC", { limit: 2, offset: 1 })).toEqual([b.id, c.id]);
    expect(await list("NAME_ASC", { limit: 0 })).toEqual([]);
  });

  it("filters by work pool name, work queue name and auto_scheduled", async () => {
    const flowId = await makeFlow(ctx.store);
    const create = async (work_pool_name: string, work_queue_name: string, auto_scheduled: boolean) =>
      (
        await ctx.store.flowRuns.create(FlowRunCreate.parse({ flow_id: flowId }), {
          work_pool_name,
          work_queue_name,
          auto_scheduled,
        })
      ).value.id;
    const a = await create("pool-a", "default", true);
    const b = await create("pool-a", "fast", false);
    const c = await create("pool-b", "default", false);
    const ids = async (flow_runs: object) =>
      (await ctx.store.flowRuns.filter(FlowRunQuery.parse({ flows: { id: { any_: [flowId] } }, flow_runs })))
        .map((run) => run.id)
        .sort();

    expect(await ids({ work_pool_name: { any_: ["pool-a"] } })).toEqual([a, b].sort());
    expect(await ids({ work_queue_name: { any_: ["default"] } })).toEqual([a, c].sort());
    expect(await ids({ auto_scheduled: { eq_: true } })).toEqual([a]);
    expect(await ids({ auto_scheduled: { eq_: false }, work_pool_name: { any_: ["pool-b"] } })).toEqual([c]);
  });
});
