import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseServerTls, serverScheme, tlsFilesOf } from "./server-tls.js";
import { loadSettings, localApiUrl } from "./settings.js";

const HOME = { STEWARD_HOME: "/nonexistent-steward-home-tls" };

describe("server TLS settings", () => {
  it("reads each file on its own, resolving relative paths, and leaves blanks unset", () => {
    expect(parseServerTls("certs/cert.pem", " ")).toEqual({
      certFile: resolve("certs/cert.pem"),
      keyFile: null,
    });
    const settings = loadSettings({
      ...HOME,
      STEWARD_SERVER_TLS_CERT: "/c.pem",
      STEWARD_SERVER_TLS_KEY: "/k.pem",
    });
    expect(settings.serverTls).toEqual({ certFile: "/c.pem", keyFile: "/k.pem" });
    expect(loadSettings(HOME).serverTls).toEqual({ certFile: null, keyFile: null });
  });

  it("gives the pair, nothing, or a message naming the missing setting", () => {
    expect(tlsFilesOf({ certFile: "/c.pem", keyFile: "/k.pem" })).toEqual({
      certFile: "/c.pem",
      keyFile: "/k.pem",
    });
    expect(tlsFilesOf({ certFile: null, keyFile: null })).toBeNull();
    expect(() => tlsFilesOf({ certFile: "/c.pem", keyFile: null })).toThrow(
      /STEWARD_SERVER_TLS_CERT is set but STEWARD_SERVER_TLS_KEY is not/,
    );
    expect(() => tlsFilesOf({ certFile: null, keyFile: "/k.pem" })).toThrow(
      /STEWARD_SERVER_TLS_KEY is set but STEWARD_SERVER_TLS_CERT is not/,
    );
  });

  it("makes the local server's URL https when both are set", () => {
    expect(serverScheme(undefined)).toBe("http");
    expect(serverScheme({ certFile: "/c.pem", keyFile: null })).toBe("http");
    const settings = loadSettings({
      ...HOME,
      STEWARD_SERVER_TLS_CERT: "/c.pem",
      STEWARD_SERVER_TLS_KEY: "/k.pem",
    });
    expect(localApiUrl(settings)).toBe("https://127.0.0.1:4200/api");
    expect(localApiUrl({ serverHost: "::", serverPort: 1 })).toBe("http://127.0.0.1:1/api");
  });
});
