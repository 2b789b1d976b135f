import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { cors } from "./cors.js";
import { createErrorHandler } from "./errors.js";
import { isAllowedOrigin, isOwnOrigin, normaliseOrigin, originCheck } from "./origin-check.js";

describe("normaliseOrigin", () => {
  it("gives the browser's form and refuses what is not an http(s) origin", () => {
    expect(normaliseOrigin("HTTPS://Ops.Example.com:443")).toBe("https://ops.example.com");
    expect(normaliseOrigin("http://127.0.0.1:4200/")).toBe("http://127.0.0.1:4200");
    expect(normaliseOrigin("null")).toBeUndefined();
    expect(normaliseOrigin("file:///tmp")).toBeUndefined();
    expect(normaliseOrigin("http://a.example/path")).toBeUndefined();
  });
});

describe("isAllowedOrigin", () => {
  it("accepts the origin the request was addressed to, over http or https", () => {
    expect(isOwnOrigin("http://127.0.0.1:4200", "127.0.0.1:4200")).toBe(true);
    expect(isOwnOrigin("https://steward.example.com", "steward.example.com")).toBe(true);
    expect(isOwnOrigin("http://localhost:4200", "127.0.0.1:4200")).toBe(false);
    expect(isOwnOrigin("http://127.0.0.1:4201", "127.0.0.1:4200")).toBe(false);
    expect(isOwnOrigin("null", "127.0.0.1:4200")).toBe(false);
  });

  it("accepts only the https origin as the server's own when it speaks HTTPS itself", () => {
    expect(isOwnOrigin("https://127.0.0.1:4200", "127.0.0.1:4200", true)).toBe(true);
    expect(isOwnOrigin("https://steward.example.com", "steward.example.com:443", true)).toBe(true);
    expect(isOwnOrigin("http://127.0.0.1:4200", "127.0.0.1:4200", true)).toBe(false);
    expect(isOwnOrigin("https://evil.example:4200", "127.0.0.1:4200", true)).toBe(false);
    expect(
      isAllowedOrigin("https://ops.example.com", "127.0.0.1:4200", ["https://ops.example.com"], true),
    ).toBe(true);
  });

  it("accepts configured origins and refuses others", () => {
    const allowed = ["https://ops.example.com"];
    expect(isAllowedOrigin("https://ops.example.com", "127.0.0.1:4200", allowed)).toBe(true);
    expect(isAllowedOrigin("http://evil.example", "127.0.0.1:4200", allowed)).toBe(false);
    expect(isAllowedOrigin("http://ops.example.com", "127.0.0.1:4200", allowed)).toBe(false);
  });
});

function guardedApp(allowed: readonly string[]): Hono {
  const app = new Hono();
  app.onError(createErrorHandler());
  app.use("/api/*", originCheck(allowed), cors(allowed));
  app.get("/api/x", (c) => c.json({ ok: true }));
  app.post("/api/x", (c) => c.json({ ok: true }, 201));
  return app;
}

describe("originCheck", () => {
  const app = guardedApp([]);

  it("answers 403 ORIGIN_NOT_ALLOWED to another site, for writes and reads", async () => {
    for (const method of ["POST", "GET"]) {
      const response = await app.request("/api/x", { method, headers: { origin: "http://evil.example" } });
      expect(response.status).toBe(403);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe("ORIGIN_NOT_ALLOWED");
      expect(error.message).toContain("STEWARD_SERVER_ALLOWED_ORIGINS");
    }
  });

  it("lets the own origin and requests without Origin through, without CORS headers", async () => {
    const own = await app.request("http://127.0.0.1:4200/api/x", {
      method: "POST",
      headers: { origin: "http://127.0.0.1:4200" },
    });
    expect(own.status).toBe(201);
    expect(own.headers.get("access-control-allow-origin")).toBeNull();
    expect((await app.request("/api/x", { method: "POST" })).status).toBe(201);
  });
});

describe("cors", () => {
  it("sends no Access-Control header when no origin is configured", async () => {
    const app = guardedApp([]);
    const response = await app.request("/api/x", { headers: { origin: "https://ops.example.com" } });
    expect([...response.headers.keys()].filter((name) => name.startsWith("access-control"))).toEqual([]);
  });

  it("answers preflights of a configured origin and marks its answers", async () => {
    const app = guardedApp(["https://ops.example.com"]);
    const preflight = await app.request("/api/x", {
      method: "OPTIONS",
      headers: {
        origin: "https://ops.example.com",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://ops.example.com");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("DELETE");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("Content-Type");
    expect(preflight.headers.get("vary")).toContain("Origin");

    const actual = await app.request("/api/x", {
      method: "POST",
      headers: { origin: "https://ops.example.com" },
    });
    expect(actual.status).toBe(201);
    expect(actual.headers.get("access-control-allow-origin")).toBe("https://ops.example.com");

    const refused = await app.request("/api/x", {
      method: "OPTIONS",
      headers: { origin: "http://evil.example", "access-control-request-method": "POST" },
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
  });
});
