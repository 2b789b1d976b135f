import { join } from "node:path";
import type { Command } from "commander";
import { isSettingName, loadSettings, SETTING_DEFINITIONS, type SettingName } from "../../config/settings.js";
import { isStewardError } from "../../core/errors.js";
import { splitAssignment } from "../args.js";
import type { CliContext } from "../context.js";
import { CliError, UsageError } from "../errors.js";
import { currentProfileValues, openProfiles } from "../profile-store.js";
import { closestNames } from "../suggest.js";

const NAMES = Object.keys(SETTING_DEFINITIONS) as SettingName[];

/** `steward config …`: view settings and edit the current profile. */
export function registerConfigCommands(program: Command, ctx: CliContext): void {
  const config = program
    .command("config")
    .description("View settings and change them in the current profile.");

  config
    .command("set")
    .description("Set settings in the current profile.")
    .argument("<assignments...>", "KEY=VALUE pairs, e.g. STEWARD_API_URL=http://127.0.0.1:4200/api")
    .action((assignments: string[]) => setSettings(ctx, assignments));

  config
    .command("unset")
    .description("Remove settings from the current profile (their defaults apply again).")
    .argument("<names...>", "Setting names, e.g. STEWARD_API_URL")
    .action((names: string[]) => unsetSettings(ctx, names));

  config
    .command("view")
    .description("Show the settings in effect.")
    .option("--show-defaults", "Also show settings left at their default.")
    .option("--show-sources", "Show where each value comes from (env, profile, default).")
    .option("--json", "Print the settings as JSON.")
    .action((options: ViewOptions) => viewSettings(ctx, options));
}

/** Fails with a usage error naming the closest settings when `name` is not one. */
function requireSettingName(name: string): SettingName {
  if (isSettingName(name)) return name;
  const close = closestNames(name, NAMES);
  const hint = close.length ? ` Did you mean ${close.join(" or ")}?` : "";
  throw new UsageError(`Unknown setting "${name}".${hint} Settings: ${NAMES.join(", ")}.`);
}

/**
 * Checks one value the way `loadSettings` will read it, in isolation (a Steward home that does not
 * exist, so no profile is read): another bad stored setting must not block fixing this one.
 */
function validateValue(name: SettingName, value: string): void {
  try {
    loadSettings({ STEWARD_HOME: join("/nonexistent-steward-home", String(process.pid)), [name]: value });
  } catch (error) {
    if (isStewardError(error)) throw new CliError(error.message);
    throw error;
  }
}

function setSettings(ctx: CliContext, assignments: string[]): void {
  const store = openProfiles(ctx.io);
  const values = currentProfileValues(store);
  const updates = assignments.map((assignment) => {
    const [rawName, value] = splitAssignment(assignment, "config set");
    const name = requireSettingName(rawName);
    if (value === "")
      throw new UsageError(`${name} needs a value; to remove it use \`steward config unset ${name}\`.`);
    validateValue(name, value);
    return [name, value] as const;
  });
  for (const [name, value] of updates) values[name] = value;
  store.save();
  for (const [name, value] of updates) {
    ctx.out.line(`Set ${name}=${value} in profile "${store.current}".`);
    warnIfOverridden(ctx, name);
  }
}

function unsetSettings(ctx: CliContext, names: string[]): void {
  const store = openProfiles(ctx.io);
  const values = currentProfileValues(store);
  const checked = names.map(requireSettingName);
  for (const name of checked) {
    if (values[name] === undefined) {
      throw new CliError(`${name} is not set in profile "${store.current}"; nothing to unset.`);
    }
  }
  for (const name of checked) delete values[name];
  store.save();
  for (const name of checked) {
    ctx.out.line(`Unset ${name} in profile "${store.current}".`);
    warnIfOverridden(ctx, name);
  }
}

function warnIfOverridden(ctx: CliContext, name: SettingName): void {
  if (ctx.io.env[name]) {
    ctx.out.warn(`${name} is also set in the environment, which takes precedence over the profile.`);
  }
}

interface ViewOptions {
  showDefaults?: boolean;
  showSources?: boolean;
  json?: boolean;
}

type Source = "env" | "profile" | "default";

function viewSettings(ctx: CliContext, options: ViewOptions): void {
  const store = openProfiles(ctx.io);
  const values = currentProfileValues(store);
  const shown: { name: SettingName; value: string; source: Source }[] = [];
  for (const name of NAMES) {
    const fromEnv = ctx.io.env[name];
    const fallback: string | undefined = SETTING_DEFINITIONS[name].default;
    if (fromEnv) shown.push({ name, value: redacted(name, fromEnv), source: "env" });
    else if (values[name] !== undefined) {
      shown.push({ name, value: redacted(name, values[name]), source: "profile" });
    } else if (options.showDefaults && fallback !== undefined) {
      shown.push({ name, value: fallback, source: "default" });
    }
  }
  if (options.json) {
    const settings = Object.fromEntries(
      shown.map(({ name, value, source }) => [name, options.showSources ? { value, source } : value]),
    );
    ctx.out.json({ profile: store.current, settings });
    return;
  }
  ctx.out.line(`PROFILE = ${store.current}`);
  for (const { name, value, source } of shown) {
    ctx.out.line(`${name}=${value}${options.showSources ? ctx.out.colors.dim(` (from ${source})`) : ""}`);
  }
  if (shown.length === 0) {
    ctx.out.note("No settings set; every default applies. Add --show-defaults to see them.");
  }
}

/** Keys are shown by their first characters only (`stw_1a2b3c4d…`): enough to tell them apart. */
function redacted(name: SettingName, value: string): string {
  if (!name.endsWith("API_KEY")) return value;
  return `${value.slice(0, value.startsWith("stw_") ? 12 : 4)}… (hidden)`;
}
