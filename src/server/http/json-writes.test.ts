import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createErrorHandler } from "./errors.js";
import { isJsonContentType, jsonWrites, needsJsonContentType } from "./json-writes.js";

describe("isJsonContentType", () => {
  it("accepts JSON types only", () => {
    expect(isJsonContentType("application/json")).toBe(true);
    expect(isJsonContentType("Application/JSON; charset=utf-8")).toBe(true);
    expect(isJsonContentType("application/merge-patch+json")).toBe(true);
    expect(isJsonContentType(undefined)).toBe(false);
    expect(isJsonContentType("text/plain")).toBe(false);
    expect(isJsonContentType("application/x-www-form-urlencoded")).toBe(false);
    expect(isJsonContentType("application/jsonx")).toBe(false);
  });
});

describe("needsJsonContentType", () => {
  it("asks it of every POST, PUT and PATCH and of a DELETE with a body", () => {
    const none = new Headers();
    expect(needsJsonContentType("POST", none)).toBe(true);
    expect(needsJsonContentType("PUT", none)).toBe(true);
    expect(needsJsonContentType("PATCH", none)).toBe(true);
    expect(needsJsonContentType("DELETE", none)).toBe(false);
    expect(needsJsonContentType("DELETE", new Headers({ "content-length": "0" }))).toBe(false);
    expect(needsJsonContentType("DELETE", new Headers({ "content-length": "2" }))).toBe(true);
    expect(needsJsonContentType("GET", none)).toBe(false);
  });
});

describe("jsonWrites", () => {
  const app = new Hono();
  app.onError(createErrorHandler());
  app.use(
    "*",
    jsonWrites((path) => path.startsWith("/hooks/")),
  );
  app.post("*", (c) => c.json({ ok: true }));

  it("answers 415 UNSUPPORTED_MEDIA_TYPE to a write without Content-Type, body or not", async () => {
    // A byte body gets no Content-Type from fetch (a string would get text/plain).
    for (const body of [undefined, new TextEncoder().encode("{}")]) {
      const response = await app.request("/x", { method: "POST", body });
      expect(response.status).toBe(415);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
      expect(error.message).toContain("no Content-Type");
      expect(error.message).toContain("application/json");
    }
  });

  it("answers 415 to form and text writes, and lets JSON and exempt paths through", async () => {
    const form = await app.request("/x", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "a=1",
    });
    expect(form.status).toBe(415);
    const json = await app.request("/x", { method: "POST", headers: { "content-type": "application/json" } });
    expect(json.status).toBe(200);
    const hook = await app.request("/hooks/abc", {
      method: "POST",
      headers: { "content-type": "text/plain" },
    });
    expect(hook.status).toBe(200);
  });
});
