import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createErrorHandler } from "./errors.js";
import { hostCheck, type HostPolicy, isAllowedHost, parseHost } from "./host-check.js";

const loopback: HostPolicy = { bindHost: "127.0.0.1", port: () => 4200 };

describe("parseHost", () => {
  it("splits name and port, defaulting to 80, and refuses what is not a host", () => {
    expect(parseHost("LocalHost:4200")).toEqual({ name: "localhost", port: 4200 });
    expect(parseHost("[::1]:4200")).toEqual({ name: "[::1]", port: 4200 });
    expect(parseHost("example.com")).toEqual({ name: "example.com", port: 80 });
    expect(parseHost("a/b")).toBeUndefined();
    expect(parseHost("user@host")).toBeUndefined();
  });
});

describe("isAllowedHost", () => {
  it("accepts the loopback names at the bound port when bound to loopback", () => {
    for (const host of ["127.0.0.1:4200", "localhost:4200", "[::1]:4200"]) {
      expect(isAllowedHost(host, loopback)).toBe(true);
    }
  });

  it("refuses other names, other ports and rebound DNS names", () => {
    for (const host of [
      "evil.example",
      "attacker.example:4200",
      "127.0.0.1:4201",
      "localhost",
      "10.0.0.5:4200",
    ]) {
      expect(isAllowedHost(host, loopback)).toBe(false);
    }
  });

  it("accepts allow-listed names: on any port without one, on that port only with one", () => {
    const policy = { ...loopback, allowedHosts: ["steward.internal", "proxy.example:8443"] };
    expect(isAllowedHost("steward.internal", policy)).toBe(true);
    expect(isAllowedHost("Steward.Internal:4200", policy)).toBe(true);
    expect(isAllowedHost("proxy.example:8443", policy)).toBe(true);
    expect(isAllowedHost("proxy.example:4200", policy)).toBe(false);
  });

  it("accepts only the bound name when bound to a specific address", () => {
    const policy = { bindHost: "192.168.1.5", port: () => 4200 };
    expect(isAllowedHost("192.168.1.5:4200", policy)).toBe(true);
    expect(isAllowedHost("localhost:4200", policy)).toBe(false);
    expect(isAllowedHost("192.168.1.6:4200", policy)).toBe(false);
  });

  it("accepts loopback names and IP addresses, never DNS names, when bound to every interface", () => {
    for (const bindHost of ["0.0.0.0", "::"]) {
      const policy = { bindHost, port: () => 4200 };
      expect(isAllowedHost("192.168.1.5:4200", policy)).toBe(true);
      expect(isAllowedHost("[fe80::1]:4200", policy)).toBe(true);
      expect(isAllowedHost("localhost:4200", policy)).toBe(true);
      expect(isAllowedHost("myhost.lan:4200", policy)).toBe(false);
      expect(isAllowedHost("attacker.example:4200", policy)).toBe(false);
      expect(isAllowedHost("myhost.lan:4200", { ...policy, allowedHosts: ["myhost.lan"] })).toBe(true);
    }
  });

  it("takes a Host without a port as 443 when the server speaks HTTPS itself", () => {
    const https = { bindHost: "0.0.0.0", port: () => 443, secure: true };
    expect(isAllowedHost("127.0.0.1", https)).toBe(true);
    expect(isAllowedHost("127.0.0.1:443", https)).toBe(true);
    expect(isAllowedHost("127.0.0.1", { ...https, secure: false })).toBe(false);
    const named = { ...loopback, secure: true, allowedHosts: ["steward.example.com:443"] };
    expect(isAllowedHost("steward.example.com", named)).toBe(true);
    expect(isAllowedHost("steward.example.com", { ...named, secure: false })).toBe(false);
  });

  it("reads the port when asked, so port 0 can be filled in once listening", () => {
    let port = 0;
    const policy = { bindHost: "127.0.0.1", port: () => port };
    port = 51_234;
    expect(isAllowedHost("127.0.0.1:51234", policy)).toBe(true);
  });
});

describe("hostCheck", () => {
  const app = new Hono();
  app.onError(createErrorHandler());
  app.use("*", hostCheck(loopback));
  app.get("/", (c) => c.text("ok"));

  it("answers 421 HOST_NOT_ALLOWED naming the setting", async () => {
    const response = await app.request("/", { headers: { host: "attacker.example:4200" } });
    expect(response.status).toBe(421);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("HOST_NOT_ALLOWED");
    expect(error.message).toContain("STEWARD_SERVER_ALLOWED_HOSTS");
    expect(error.message).toContain("attacker.example:4200");
  });

  it("lets allowed hosts and requests without a Host header through", async () => {
    expect((await app.request("/", { headers: { host: "localhost:4200" } })).status).toBe(200);
    expect((await app.request("/")).status).toBe(200);
  });
});
