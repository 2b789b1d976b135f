import { describe, expect, it } from "vitest";
import { loadSettings } from "./settings.js";

const HOME = { STEWARD_HOME: "/tmp/steward-settings-test-does-not-exist" };

describe("server access settings", () => {
  it("default to no extra hosts and no other origins", () => {
    const settings = loadSettings(HOME);
    expect(settings.serverAllowedHosts).toEqual([]);
    expect(settings.serverAllowedOrigins).toEqual([]);
  });

  it("read comma-separated lists, lower-cased and normalised", () => {
    const settings = loadSettings({
      ...HOME,
      STEWARD_SERVER_ALLOWED_HOSTS: " Steward.Internal , proxy.example:8443,,[::1]:4300",
      STEWARD_SERVER_ALLOWED_ORIGINS: "HTTPS://Ops.Example.com:443/, http://localhost:5173",
    });
    expect(settings.serverAllowedHosts).toEqual(["steward.internal", "proxy.example:8443", "[::1]:4300"]);
    expect(settings.serverAllowedOrigins).toEqual(["https://ops.example.com", "http://localhost:5173"]);
  });

  it("refuse values that are not hosts or origins, naming the setting", () => {
    expect(() => loadSettings({ ...HOME, STEWARD_SERVER_ALLOWED_HOSTS: "http://steward.internal" })).toThrow(
      /STEWARD_SERVER_ALLOWED_HOSTS/,
    );
    for (const origin of ["*", "ops.example.com", "https://ops.example.com/app", "null"]) {
      expect(() => loadSettings({ ...HOME, STEWARD_SERVER_ALLOWED_ORIGINS: origin }), origin).toThrow(
        /STEWARD_SERVER_ALLOWED_ORIGINS.*not an origin/,
      );
    }
  });
});
