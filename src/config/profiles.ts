import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type * as Yaml from "yaml";
import { StewardError } from "../core/errors.js";

/**
 * The YAML library, loaded when a profiles file is read or written: most processes (every
 * flow-run process, workers started with settings in the environment) have none, and it costs a
 * start tens of milliseconds. Settings are read synchronously, hence require.
 */
function yaml(): typeof Yaml {
  return createRequire(import.meta.url)("yaml") as typeof Yaml;
}

/** The profiles file: named sets of settings, one of them active. */
export interface ProfilesFile {
  active: string;
  profiles: Record<string, Record<string, string>>;
}

const EMPTY: ProfilesFile = { active: "default", profiles: { default: {} } };

/** Path of the profiles file inside the Steward home. */
export function profilesPath(home: string): string {
  return join(home, "profiles.yaml");
}

/** Reads the profiles file; a missing file means one empty `default` profile. */
export function readProfiles(home: string): ProfilesFile {
  const path = profilesPath(home);
  if (!existsSync(path)) return structuredClone(EMPTY);
  let data: unknown;
  try {
    data = yaml().parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new StewardError(
      "CONFIG_INVALID",
      `${path} is not valid YAML (${(error as Error).message}). Fix or delete it.`,
    );
  }
  const file = (data ?? {}) as Partial<ProfilesFile>;
  const profiles = typeof file.profiles === "object" && file.profiles !== null ? file.profiles : {};
  for (const [name, values] of Object.entries(profiles)) {
    profiles[name] = Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [k, String(v)]));
  }
  return {
    active: typeof file.active === "string" ? file.active : "default",
    profiles: { default: {}, ...profiles },
  };
}

/** Writes the profiles file atomically (write to a temporary file, then rename). */
export function writeProfiles(home: string, file: ProfilesFile): void {
  mkdirSync(home, { recursive: true });
  const path = profilesPath(home);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, yaml().stringify(file), { mode: 0o600 });
  renameSync(temporary, path);
}
