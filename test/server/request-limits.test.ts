/**
 * Issue 15, items 1–3: no caller can widen a filter, crash the server with a 500 or send an
 * unbounded body. Each row is one hole that was open; both backends.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { BACKENDS } from "./backends.js";
import { errorOf, send, uniqueName, useApp } from "./harness.js";

interface Hole {
  readonly what: string;
  readonly method: string;
  readonly path: () => string;
  readonly body: () => unknown;
  /** A path that `details` must name. */
  readonly field: string;
}

function deep(levels: number, shape: "object" | "array"): string {
  return shape === "object"
    ? '{"a":'.repeat(levels) + "1" + "}".repeat(levels)
    : "[".repeat(levels) + "]".repeat(levels);
}

describe.each(BACKENDS)("request limits ($name)", (backend) => {
  const h = useApp(backend);
  const ids = { deploymentA: "", deploymentB: "", runsOfA: [] as string[], runOfB: "", taskOfA: "" };

  beforeAll(async () => {
    const pool = uniqueName("pool");
    expect((await send(h.app, "POST", "/api/work_pools/", { name: pool })).status).toBe(201);
    const flow = (await send(h.app, "POST", "/api/flows/", { name: uniqueName("flow") })).body as {
      id: string;
    };
    const deploy = async (name: string) =>
      (
        (await send(h.app, "POST", "/api/deployments/", { name, flow_id: flow.id, work_pool_name: pool }))
          .body as {
          id: string;
        }
      ).id;
    ids.deploymentA = await deploy("a");
    ids.deploymentB = await deploy("b");
    const run = async (deployment: string) =>
      (
        (await send(h.app, "POST", `/api/deployments/${deployment}/create_flow_run`, {})).body as {
          id: string;
        }
      ).id;
    ids.runsOfA = [await run(ids.deploymentA), await run(ids.deploymentA)];
    ids.runOfB = await run(ids.deploymentB);
    const task = await send(h.app, "POST", "/api/task_runs/", {
      name: "t",
      flow_run_id: ids.runsOfA[0],
      task_key: "t",
      dynamic_key: "0",
    });
    ids.taskOfA = (task.body as { id: string }).id;
  });

  it("answers only that deployment's runs for Prefect's cross-resource key", async () => {
    const body = { deployments: { id: { any_: [ids.deploymentA] } } };
    const runs = (await send(h.app, "POST", "/api/flow_runs/filter", body)).body as { id: string }[];
    expect(runs.map((r) => r.id).sort()).toEqual([...ids.runsOfA].sort());
  });

  it("selects the same rows for one Prefect filter body on every route", async () => {
    const body = {
      deployments: { id: { any_: [ids.deploymentA] }, name: { like_: "a" } },
      work_pools: { type: { any_: ["process"] } },
      work_pool_queues: { name: { any_: ["default"] } },
      flow_runs: { state: { type: { any_: ["SCHEDULED"] } } },
    };
    const runs = (await send(h.app, "POST", "/api/flow_runs/filter", body)).body as { id: string }[];
    expect(runs.map((r) => r.id).sort()).toEqual([...ids.runsOfA].sort());
    expect((await send(h.app, "POST", "/api/flow_runs/count", body)).body).toBe(2);
    const page = (await send(h.app, "POST", "/api/flow_runs/paginate", body)).body as { count: number };
    expect(page.count).toBe(2);
    const tasks = (await send(h.app, "POST", "/api/task_runs/filter", body)).body as { id: string }[];
    expect(tasks.map((t) => t.id)).toEqual([ids.taskOfA]);
    const deployments = (await send(h.app, "POST", "/api/deployments/filter", body)).body as { id: string }[];
    expect(deployments.map((d) => d.id)).toEqual([ids.deploymentA]);
    const none = { ...body, work_pool_queues: { name: { any_: ["no-such-queue"] } } };
    expect((await send(h.app, "POST", "/api/flow_runs/count", none)).body).toBe(0);
    expect((await send(h.app, "POST", "/api/deployments/count", none)).body).toBe(0);
    expect((await send(h.app, "POST", "/api/task_runs/count", none)).body).toBe(0);
  });

  it("reads Prefect's event prefix filter like the wildcard form", async () => {
    const prefix = (await send(h.app, "POST", "/api/events/filter", {
      filter: { event: { prefix: ["steward.flow-run."] } },
    })) as { status: number; body: { events: { id: string }[] } };
    const wildcard = (await send(h.app, "POST", "/api/events/filter", {
      filter: { event: { name: ["steward.flow-run.*"] } },
    })) as { status: number; body: { events: { id: string }[] } };
    expect(prefix.status).toBe(200);
    expect(prefix.body.events.length).toBeGreaterThan(0);
    expect(prefix.body.events.map((e) => e.id)).toEqual(wildcard.body.events.map((e) => e.id));
    const excluded = (await send(h.app, "POST", "/api/events/filter", {
      filter: { event: { prefix: ["steward."], exclude_prefix: ["steward.flow-run."] } },
    })) as { body: { events: { event: string }[] } };
    expect(excluded.body.events.some((e) => e.event.startsWith("steward.flow-run."))).toBe(false);
  });

  const long = "x".repeat(50_001);
  const holes: Hole[] = [
    {
      what: "a misspelt nested key",
      method: "POST",
      path: () => "/api/flow_runs/filter",
      body: () => ({ flow_runs: { nmae: { any_: ["x"] } } }),
      field: "flow_runs.nmae",
    },
    {
      what: "an unknown top-level key",
      method: "POST",
      path: () => "/api/deployments/filter",
      body: () => ({ deploymnets: {} }),
      field: "deploymnets",
    },
    ...["flows", "flow_runs", "task_runs", "deployments"].flatMap((resource) =>
      (resource === "deployments" ? ["filter", "count"] : ["filter", "count", "paginate"]).map((route) => ({
        what: `a 50,001-char like_ on /${resource}/${route}`,
        method: "POST",
        path: () => `/api/${resource}/${route}`,
        body: () => ({ [resource]: { name: { like_: long } } }),
        field: `${resource}.name.like_`,
      })),
    ),
    {
      what: "an any_ list of 1,001 ids",
      method: "POST",
      path: () => "/api/flow_runs/filter",
      body: () => ({ flow_runs: { id: { any_: Array.from({ length: 1001 }, () => ids.runOfB) } } }),
      field: "flow_runs.id.any_",
    },
    {
      what: "a work_queue_name with / on PATCH",
      method: "PATCH",
      path: () => `/api/deployments/${ids.deploymentA}`,
      body: () => ({ work_queue_name: "a/b" }),
      field: "work_queue_name",
    },
    {
      what: "a 101-char work_queue_name on POST",
      method: "POST",
      path: () => "/api/deployments/",
      body: () => ({ name: "c", flow_id: ids.deploymentA, work_queue_name: "q".repeat(101) }),
      field: "work_queue_name",
    },
    {
      what: "an object 100,000 levels deep",
      method: "POST",
      path: () => "/api/flows/filter",
      body: () => deep(100_000, "object"),
      field: "a.a.a.a.a.a.a.a",
    },
  ];

  it.each(holes)("answers 422 naming the field for $what", async (hole) => {
    const answer = await send(h.app, hole.method, hole.path(), hole.body());
    expect(answer.status).toBe(422);
    const error = errorOf(answer);
    expect(error.code).toBe("VALIDATION_FAILED");
    expect((error.details as { path: string }[]).map((d) => d.path)).toContain(hole.field);
    expect(error.message).toContain(hole.field.split(".")[0]);
  });

  it("answers 422 for a deep array and a deep webhook body too", async () => {
    expect((await send(h.app, "POST", "/api/flows/filter", deep(65, "array"))).status).toBe(422);
    expect((await send(h.app, "POST", "/api/flows/filter", deep(64, "array"))).status).not.toBe(500);
  });

  it("maps a schema error thrown inside the store to 422, not 500", async () => {
    const before = h.logged.length;
    const answer = await send(h.app, "POST", `/api/deployments/${ids.deploymentA}/create_flow_run`, {
      work_queue_name: "bad%name",
    });
    expect(answer.status).toBe(422);
    expect(h.logged.length).toBe(before);
  });
});
