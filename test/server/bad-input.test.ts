import { describe, expect, it } from "vitest";
import { BACKENDS } from "./backends.js";
import { errorOf, send, useApp } from "./harness.js";

const UNKNOWN = "0190f1c2-5b7e-7c3a-9d4e-2f6a8b1c0d3e";
const JSON_HEADERS = { "content-type": "application/json" };

interface Case {
  readonly what: string;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly status: number;
  readonly code: string;
  /** Paths that `details` must list, for VALIDATION_FAILED answers. */
  readonly fields?: readonly string[];
}

const CASES: readonly Case[] = [
  {
    what: "malformed JSON",
    method: "POST",
    path: "/api/flows/",
    body: '{"name": ',
    status: 400,
    code: "MALFORMED_JSON",
  },
  {
    what: "a non-JSON content type",
    method: "POST",
    path: "/api/flows/",
    body: "name=etl",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
  },
  {
    what: "a number for a string",
    method: "POST",
    path: "/api/flows/",
    body: { name: 5 },
    status: 422,
    code: "VALIDATION_FAILED",
    fields: ["name"],
  },
  {
    what: "a missing required field",
    method: "POST",
    path: "/api/flows/",
    body: {},
    status: 422,
    code: "VALIDATION_FAILED",
    fields: ["name"],
  },
  {
    what: "an unknown field",
    method: "POST",
    path: "/api/flows/",
    body: { name: "x", nmae: "y" },
    status: 422,
    code: "VALIDATION_FAILED",
  },
  {
    what: "a JSON null body",
    method: "POST",
    path: "/api/flows/",
    body: "null",
    status: 422,
    code: "VALIDATION_FAILED",
  },
  {
    what: "an unknown state type in a filter",
    method: "POST",
    path: "/api/flow_runs/filter",
    body: { flow_runs: { state: { type: { any_: ["RUNNIN"] } } } },
    status: 422,
    code: "VALIDATION_FAILED",
    fields: ["flow_runs.state.type.any_[0]"],
  },
  {
    what: "an upcoming filter without its time",
    method: "POST",
    path: "/api/flow_runs/paginate",
    body: { flow_runs: { upcoming: { eq_: true } } },
    status: 422,
    code: "VALIDATION_FAILED",
    fields: ["flow_runs.upcoming.at_"],
  },
  {
    what: "an upcoming filter with a word for a boolean, a bad time and an unknown key",
    method: "POST",
    path: "/api/flow_runs/count",
    body: { flow_runs: { upcoming: { eq_: "yes", at_: "tomorrow", before_: 1 } } },
    status: 422,
    code: "VALIDATION_FAILED",
    fields: ["flow_runs.upcoming.eq_", "flow_runs.upcoming.at_"],
  },
  {
    what: "limit 201",
    method: "POST",
    path: "/api/flow_runs/filter",
    body: { limit: 201 },
    status: 422,
    code: "VALIDATION_FAILED",
    fields: ["limit"],
  },
  {
    what: "limit -1",
    method: "POST",
    path: "/api/flows/filter",
    body: { limit: -1 },
    status: 422,
    code: "VALIDATION_FAILED",
    fields: ["limit"],
  },
  {
    what: "page 0",
    method: "POST",
    path: "/api/task_runs/paginate",
    body: { page: 0 },
    status: 422,
    code: "VALIDATION_FAILED",
    fields: ["page"],
  },
  {
    what: "an unknown proposed state type",
    method: "POST",
    path: `/api/flow_runs/${UNKNOWN}/set_state`,
    body: { state: { type: "RUNNIN" } },
    status: 422,
    code: "VALIDATION_FAILED",
    fields: ["state.type"],
  },
  {
    what: "a log batch that is not an array",
    method: "POST",
    path: "/api/logs/",
    body: { message: "x" },
    status: 422,
    code: "VALIDATION_FAILED",
    fields: [""],
  },
  {
    what: "an empty bulk delete",
    method: "POST",
    path: "/api/flows/bulk_delete",
    body: { ids: [] },
    status: 422,
    code: "VALIDATION_FAILED",
    fields: ["ids"],
  },
  {
    what: "a missing query parameter",
    method: "GET",
    path: "/api/flow_run_states/",
    status: 422,
    code: "VALIDATION_FAILED",
    fields: ["flow_run_id"],
  },
  {
    what: "a non-UUID query parameter",
    method: "GET",
    path: "/api/task_run_states/?task_run_id=7",
    status: 422,
    code: "VALIDATION_FAILED",
    fields: ["task_run_id"],
  },
  {
    what: "an unknown flow",
    method: "GET",
    path: `/api/flows/${UNKNOWN}`,
    status: 404,
    code: "FLOW_NOT_FOUND",
  },
  {
    what: "an unknown flow run",
    method: "GET",
    path: `/api/flow_runs/${UNKNOWN}`,
    status: 404,
    code: "FLOW_RUN_NOT_FOUND",
  },
  {
    what: "an unknown task run",
    method: "GET",
    path: `/api/task_runs/${UNKNOWN}`,
    status: 404,
    code: "TASK_RUN_NOT_FOUND",
  },
  {
    what: "an unknown task run's state",
    method: "POST",
    path: `/api/task_runs/${UNKNOWN}/set_state`,
    body: { state: { type: "RUNNING" } },
    status: 404,
    code: "TASK_RUN_NOT_FOUND",
  },
  {
    what: "an unknown state",
    method: "GET",
    path: `/api/flow_run_states/${UNKNOWN}`,
    status: 404,
    code: "STATE_NOT_FOUND",
  },
  {
    what: "a non-UUID flow id",
    method: "GET",
    path: "/api/flows/not-a-uuid",
    status: 404,
    code: "FLOW_NOT_FOUND",
  },
  {
    what: "a hex-looking non-UUID id",
    method: "DELETE",
    path: "/api/flow_runs/abc-123",
    status: 404,
    code: "FLOW_RUN_NOT_FOUND",
  },
  {
    what: "a non-UUID id on set_state",
    method: "POST",
    path: "/api/task_runs/42/set_state",
    body: { state: { type: "RUNNING" } },
    status: 404,
    code: "TASK_RUN_NOT_FOUND",
  },
  {
    what: "an unknown route",
    method: "GET",
    path: "/api/nothing/here",
    status: 404,
    code: "ROUTE_NOT_FOUND",
  },
  { what: "a path outside /api", method: "GET", path: "/flows/", status: 404, code: "ROUTE_NOT_FOUND" },
  {
    what: "GET on a POST-only route",
    method: "GET",
    path: "/api/flows/filter",
    status: 405,
    code: "METHOD_NOT_ALLOWED",
  },
  {
    what: "PUT on an id route",
    method: "PUT",
    path: `/api/flows/${UNKNOWN}`,
    body: {},
    status: 405,
    code: "METHOD_NOT_ALLOWED",
  },
  {
    what: "DELETE on the health route",
    method: "DELETE",
    path: "/api/health",
    status: 405,
    code: "METHOD_NOT_ALLOWED",
  },
];

describe.each(BACKENDS)("bad input on $name never reaches the database and never answers 500", (backend) => {
  const h = useApp(backend);

  it.each(CASES)("$what → $status $code", async (c) => {
    const answer = await send(h.app, c.method, c.path, c.body, c.headers ?? JSON_HEADERS);
    expect(answer.status, JSON.stringify(answer.body)).toBe(c.status);
    const error = errorOf(answer);
    expect(error.code).toBe(c.code);
    expect(error.message.length).toBeGreaterThan(20);
    if (c.fields) {
      const paths = (error.details as { path: string; message: string }[]).map((d) => d.path);
      expect(paths).toEqual(expect.arrayContaining([...c.fields]));
      for (const field of c.fields.filter(Boolean)) expect(error.message).toContain(field);
    }
  });

  it("answers 405 with an Allow header naming the methods that work", async () => {
    const answer = await send(h.app, "GET", "/api/flow_runs/count");
    expect(answer.headers.get("allow")).toBe("POST");
    const byId = await send(h.app, "PUT", `/api/flow_runs/${UNKNOWN}`, {});
    expect(byId.headers.get("allow")).toBe("DELETE, GET, HEAD, PATCH");
  });

  it("refuses an oversized body with 413 and takes the same size on the batch routes", async () => {
    const big = "x".repeat(5 * 1024 * 1024);
    const refused = await send(h.app, "POST", "/api/flows/", { name: "big", labels: { big } });
    expect(refused.status).toBe(413);
    expect(errorOf(refused).code).toBe("BODY_TOO_LARGE");
    const line = {
      name: "big",
      level: 20,
      message: "y".repeat(100_000),
      timestamp: new Date().toISOString(),
    };
    const batch = Array.from({ length: 60 }, () => line);
    expect((await send(h.app, "POST", "/api/logs/", batch)).status).toBe(204);
  });

  it("answers a NUL character in a name without a 500 (PostgreSQL refuses it, SQLite stores it)", async () => {
    const answer = await send(h.app, "POST", "/api/flows/", { name: `nul-${Date.now()}\u0000x` });
    expect([201, 422]).toContain(answer.status);
  });

  it("logged no unexpected errors", () => {
    expect(h.logged).toEqual([]);
  });
});
