import { describe, expect, it } from "vitest";
import { loadSettings, localApiUrl, normaliseApiUrl, withLocalApiDefault } from "./settings.js";

const HOME = { STEWARD_HOME: "/tmp/steward-settings-test-does-not-exist" };

describe("settings", () => {
  it("resolves environment variables over defaults", () => {
    const settings = loadSettings({ ...HOME, STEWARD_SERVER_PORT: "4300", STEWARD_LOGGING_LEVEL: "debug" });
    expect(settings.serverPort).toBe(4300);
    expect(settings.loggingLevel).toBe("DEBUG");
    expect(settings.databaseUrl).toBe("sqlite:/tmp/steward-settings-test-does-not-exist/steward.db");
    expect(settings.sources.STEWARD_SERVER_PORT).toBe("env");
    expect(settings.sources.STEWARD_SERVER_HOST).toBe("default");
  });

  it("refuses bad values with the setting's name", () => {
    expect(() => loadSettings({ ...HOME, STEWARD_SERVER_PORT: "99999" })).toThrow(/STEWARD_SERVER_PORT/);
    expect(() => loadSettings({ ...HOME, STEWARD_API_URL: "not a url" })).toThrow(/STEWARD_API_URL/);
  });

  it("normalises API URLs to end in /api", () => {
    expect(normaliseApiUrl("http://127.0.0.1:4200")).toBe("http://127.0.0.1:4200/api");
    expect(normaliseApiUrl("http://127.0.0.1:4200/api/")).toBe("http://127.0.0.1:4200/api");
  });

  it("falls back to the local server's API only where asked", () => {
    const settings = loadSettings({ ...HOME, STEWARD_SERVER_HOST: "0.0.0.0", STEWARD_SERVER_PORT: "4321" });
    expect(settings.apiUrl).toBeNull();
    expect(localApiUrl(settings)).toBe("http://127.0.0.1:4321/api");
    expect(withLocalApiDefault(settings).apiUrl).toBe("http://127.0.0.1:4321/api");
    const configured = loadSettings({ ...HOME, STEWARD_API_URL: "http://example.test:1/api" });
    expect(withLocalApiDefault(configured).apiUrl).toBe("http://example.test:1/api");
  });

  it("reads the server's limits, with their defaults, and names a bad one", () => {
    const defaults = loadSettings(HOME);
    expect(defaults.requestLimits).toEqual({ maxBodyBytes: 4 * 1024 * 1024, maxJsonDepth: 64 });
    expect(defaults.serverLimits).toEqual({
      schedulerMinIntervalSeconds: 10,
      schedulerMaxScheduledRuns: 300,
      schedulerMaxSchedules: 20,
      minFreeDiskMb: 1024,
      maxDatabaseMb: 0,
    });
    const set = loadSettings({
      ...HOME,
      STEWARD_SERVER_MAX_JSON_DEPTH: "10",
      STEWARD_SERVER_SCHEDULER_MAX_SCHEDULES: "5",
    });
    expect(set.requestLimits.maxJsonDepth).toBe(10);
    expect(set.serverLimits.schedulerMaxSchedules).toBe(5);
    expect(() => loadSettings({ ...HOME, STEWARD_SERVER_MAX_JSON_DEPTH: "deep" })).toThrow(
      /STEWARD_SERVER_MAX_JSON_DEPTH has an invalid value "deep"/,
    );
  });
});
