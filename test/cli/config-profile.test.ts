import { SETTING_DEFINITIONS } from "../../src/config/settings.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { steward, tempHome } from "./helpers.js";

let home: string;
let cleanup: () => void;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  ({ home, cleanup } = tempHome());
  env = { STEWARD_HOME: home };
});
afterEach(() => cleanup());

const profilesFile = () => parse(readFileSync(join(home, "profiles.yaml"), "utf8"));

describe("steward config", () => {
  it("sets, views and unsets a setting in the active profile", async () => {
    const set = await steward(
      ["config", "set", "STEWARD_API_URL=http://127.0.0.1:4200/api", "STEWARD_LOGGING_LEVEL=DEBUG"],
      env,
    );
    expect(set).toMatchObject({ code: 0 });
    expect(set.stdout).toContain('Set STEWARD_API_URL=http://127.0.0.1:4200/api in profile "default"');
    expect(profilesFile().profiles.default).toEqual({
      STEWARD_API_URL: "http://127.0.0.1:4200/api",
      STEWARD_LOGGING_LEVEL: "DEBUG",
    });

    const view = await steward(["config", "view", "--show-sources"], env);
    expect(view.code).toBe(0);
    expect(view.stdout).toContain("PROFILE = default");
    expect(view.stdout).toContain("STEWARD_API_URL=http://127.0.0.1:4200/api (from profile)");
    expect(view.stdout).not.toContain("STEWARD_SERVER_PORT");

    const unset = await steward(["config", "unset", "STEWARD_LOGGING_LEVEL"], env);
    expect(unset.code).toBe(0);
    expect(profilesFile().profiles.default).toEqual({ STEWARD_API_URL: "http://127.0.0.1:4200/api" });
  });

  it("shows defaults and sources as JSON, with the environment winning over the profile", async () => {
    await steward(["config", "set", "STEWARD_SERVER_PORT=4300"], env);
    const view = await steward(["config", "view", "--show-defaults", "--show-sources", "--json"], {
      ...env,
      STEWARD_LOGGING_LEVEL: "ERROR",
    });
    expect(view.code).toBe(0);
    const shown = JSON.parse(view.stdout) as { profile: string; settings: Record<string, unknown> };
    expect(shown.profile).toBe("default");
    expect(shown.settings).toMatchObject({
      STEWARD_SERVER_HOST: { value: "127.0.0.1", source: "default" },
      STEWARD_SERVER_PORT: { value: "4300", source: "profile" },
      STEWARD_LOGGING_LEVEL: { value: "ERROR", source: "env" },
      STEWARD_LOGS_RETENTION_DAYS: { value: "30", source: "default" },
    });
    // Every setting with a default is shown, and nothing that is unset.
    const withDefaults = Object.entries(SETTING_DEFINITIONS)
      .filter(([, definition]) => definition.default !== undefined)
      .map(([name]) => name);
    expect(Object.keys(shown.settings).sort()).toEqual(withDefaults.sort());
  });

  it("rejects an unknown setting with close names and exit code 2", async () => {
    const result = await steward(["config", "set", "STEWARD_API_ULR=http://x"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown setting "STEWARD_API_ULR"');
    expect(result.stderr).toContain("Did you mean STEWARD_API_URL");
    expect(result.stdout).toBe("");
  });

  it("rejects an invalid value without writing anything", async () => {
    const result = await steward(["config", "set", "STEWARD_SERVER_PORT=99999"], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/STEWARD_SERVER_PORT has an invalid value "99999"/);
    const url = await steward(["config", "set", "STEWARD_API_URL=not a url"], env);
    expect(url.code).toBe(1);
    expect(url.stderr).toContain("is not a URL");
    expect(await steward(["config", "view", "--json"], env)).toMatchObject({ code: 0 });
  });

  it("rejects an assignment without = and unsetting what is not set", async () => {
    const noEquals = await steward(["config", "set", "STEWARD_API_URL"], env);
    expect(noEquals.code).toBe(2);
    expect(noEquals.stderr).toContain("expects KEY=VALUE");
    const unset = await steward(["config", "unset", "STEWARD_API_URL"], env);
    expect(unset.code).toBe(1);
    expect(unset.stderr).toContain('STEWARD_API_URL is not set in profile "default"');
  });

  it("still lets a bad stored value be fixed", async () => {
    await steward(["config", "set", "STEWARD_LOGGING_LEVEL=INFO"], env);
    const broken = { ...env, STEWARD_LOGS_BATCH_INTERVAL_MS: "0" };
    expect((await steward(["flow", "ls"], broken)).stderr).toContain("STEWARD_LOGS_BATCH_INTERVAL_MS");
    expect((await steward(["config", "set", "STEWARD_LOGGING_LEVEL=WARNING"], broken)).code).toBe(0);
  });
});

describe("steward profile", () => {
  it("creates, lists, uses and deletes profiles", async () => {
    await steward(["config", "set", "STEWARD_SERVER_PORT=4300"], env);
    const create = await steward(["profile", "create", "dev", "--from", "default"], env);
    expect(create.code).toBe(0);
    expect(create.stdout).toContain('Created profile "dev" from "default"');
    expect(profilesFile().profiles.dev).toEqual({ STEWARD_SERVER_PORT: "4300" });

    const ls = await steward(["profile", "ls"], env);
    expect(ls.stdout.split("\n")).toEqual(["* default", "  dev", ""]);

    expect((await steward(["profile", "use", "dev"], env)).stdout).toContain('Now using profile "dev"');
    const json = JSON.parse((await steward(["profile", "ls", "--json"], env)).stdout);
    expect(json).toEqual([
      { name: "default", active: false, settings: { STEWARD_SERVER_PORT: "4300" } },
      { name: "dev", active: true, settings: { STEWARD_SERVER_PORT: "4300" } },
    ]);

    // config now edits the dev profile
    await steward(["config", "set", "STEWARD_SERVER_PORT=5000"], env);
    expect(profilesFile().profiles).toMatchObject({
      default: { STEWARD_SERVER_PORT: "4300" },
      dev: { STEWARD_SERVER_PORT: "5000" },
    });

    const refuseActive = await steward(["profile", "delete", "dev"], env);
    expect(refuseActive.code).toBe(1);
    expect(refuseActive.stderr).toContain('Profile "dev" is active and cannot be deleted');

    await steward(["profile", "use", "default"], env);
    expect((await steward(["profile", "delete", "dev"], env)).stdout).toContain('Deleted profile "dev"');
    expect(Object.keys(profilesFile().profiles)).toEqual(["default"]);
  });

  it("refuses duplicates, missing profiles and deleting default", async () => {
    await steward(["profile", "create", "dev"], env);
    const duplicate = await steward(["profile", "create", "dev"], env);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('Profile "dev" already exists');

    const missing = await steward(["profile", "use", "prod"], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Profile "prod" does not exist (profiles: default, dev)');

    const fromMissing = await steward(["profile", "create", "x", "--from", "nope"], env);
    expect(fromMissing.code).toBe(1);

    const deleteDefault = await steward(["profile", "delete", "default"], env);
    expect(deleteDefault.code).toBe(1);
    expect(deleteDefault.stderr).toContain('The "default" profile cannot be deleted');

    const badName = await steward(["profile", "create", "a/b"], env);
    expect(badName.code).toBe(2);
  });
});
