import { type ProfilesFile, readProfiles, writeProfiles } from "../config/profiles.js";
import { stewardHome } from "../config/settings.js";
import { CliError } from "./errors.js";
import type { CliIo } from "./io.js";

/**
 * The profiles file as the `config` and `profile` commands edit it. These read the file directly
 * (not through loadSettings) so that a bad stored value can still be fixed with `config set`.
 */
export interface ProfileStore {
  readonly home: string;
  readonly file: ProfilesFile;
  /** The profile in use: STEWARD_PROFILE if set, else the file's `active`. */
  readonly current: string;
  save(): void;
}

/** Reads the profiles file of the Steward home that `io.env` points at. */
export function openProfiles(io: CliIo): ProfileStore {
  const home = stewardHome(io.env);
  const file = readProfiles(home);
  return {
    home,
    file,
    current: io.env.STEWARD_PROFILE || file.active,
    save: () => writeProfiles(home, file),
  };
}

/** The settings of the current profile, failing clearly when STEWARD_PROFILE names a missing one. */
export function currentProfileValues(store: ProfileStore): Record<string, string> {
  const values = store.file.profiles[store.current];
  if (!values) throw missingProfile(store, store.current);
  return values;
}

/** "Profile X does not exist" with the existing names and how to create it. */
export function missingProfile(store: ProfileStore, name: string): CliError {
  const names = Object.keys(store.file.profiles).sort().join(", ");
  return new CliError(
    `Profile "${name}" does not exist (profiles: ${names}). Create it with \`steward profile create ${name}\`.`,
  );
}
