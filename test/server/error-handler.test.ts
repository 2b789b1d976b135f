import { describe, expect, it } from "vitest";
import { StewardError } from "../../src/core/errors.js";
import { createApp } from "../../src/server/app.js";
import type { Store } from "../../src/server/storage/store.js";
import { errorOf, send, WITHOUT_KEYS } from "./harness.js";

const ID = "0190f1c2-5b7e-7c3a-9d4e-2f6a8b1c0d3e";

/** An app whose store fails every flow read with `error`, and the lines it logged. */
function failingApp(error: unknown) {
  const store = {
    ...WITHOUT_KEYS,
    dialect: "sqlite",
    flows: {
      read: async () => {
        throw error;
      },
    },
  } as unknown as Store;
  const logged: string[] = [];
  return { app: createApp({ store, version: "x", log: (line) => logged.push(line) }), logged };
}

function driverError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe("the error handler", () => {
  it.each([
    ["SQLite busy", driverError("SQLITE_BUSY", "database is locked")],
    [
      "SQLite busy, wrapped",
      new Error("query failed", { cause: driverError("SQLITE_BUSY_SNAPSHOT", "busy") }),
    ],
    ["PostgreSQL serialization failure", driverError("40001", "could not serialize access")],
    ["PostgreSQL down", driverError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432")],
    ["PostgreSQL dropped the connection", new Error("Connection terminated unexpectedly")],
    [
      "a query on a dropped PostgreSQL connection",
      new Error("Client has encountered a connection error and is not queryable"),
    ],
    ["a translated store error", new StewardError("SERVICE_UNAVAILABLE", "The database is busy; retry.")],
  ])("answers %s with 503 SERVICE_UNAVAILABLE and Retry-After", async (_, error) => {
    const { app, logged } = failingApp(error);
    const answer = await send(app, "GET", `/api/flows/${ID}`);
    expect(answer.status).toBe(503);
    expect(answer.headers.get("retry-after")).toBe("1");
    expect(errorOf(answer).code).toBe("SERVICE_UNAVAILABLE");
    expect(logged).toEqual([]);
  });

  it.each([
    ["SQLite full", driverError("SQLITE_FULL", "database or disk is full")],
    ["SQLite full, wrapped", new Error("insert failed", { cause: driverError("SQLITE_FULL", "full") })],
    ["PostgreSQL disk full", driverError("53100", "could not extend file: No space left on device")],
  ])("answers a raw %s error with 507 INSUFFICIENT_STORAGE, not 500", async (_, error) => {
    const { app, logged } = failingApp(error);
    const answer = await send(app, "GET", `/api/flows/${ID}`);
    expect(answer.status).toBe(507);
    expect(errorOf(answer).code).toBe("INSUFFICIENT_STORAGE");
    expect(errorOf(answer).message).toContain("disk is full");
    expect(logged).toEqual([]);
  });

  it("keeps a StewardError's status, code, message and details", async () => {
    const { app } = failingApp(
      new StewardError("CONFLICT", "Already there; read it first.", { details: { id: ID } }),
    );
    const answer = await send(app, "GET", `/api/flows/${ID}`);
    expect(answer).toMatchObject({
      status: 409,
      body: { error: { code: "CONFLICT", message: "Already there; read it first.", details: { id: ID } } },
    });
  });

  it("answers anything else with a generic 500 and logs the stack on the server", async () => {
    const { app, logged } = failingApp(
      new TypeError("cannot read properties of undefined (reading 'secret_column')"),
    );
    const answer = await send(app, "GET", `/api/flows/${ID}`);
    expect(answer.status).toBe(500);
    expect(errorOf(answer).code).toBe("INTERNAL");
    expect(JSON.stringify(answer.body)).not.toContain("secret_column");
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(`GET /api/flows/${ID} failed: TypeError`);
    expect(logged[0]).toContain("secret_column");
  });

  it("turns an answer that breaks the response schema into a 500 when checkResponses is on", async () => {
    const store = {
      ...WITHOUT_KEYS,
      dialect: "sqlite",
      flows: { read: async () => ({ id: ID, name: 5 }) },
    } as unknown as Store;
    const logged: string[] = [];
    const app = createApp({ store, version: "x", checkResponses: true, log: (line) => logged.push(line) });
    expect((await send(app, "GET", `/api/flows/${ID}`)).status).toBe(500);
    expect(logged[0]).toContain("GET /api/flows/{id} produced an answer that breaks its response schema");
  });
});
