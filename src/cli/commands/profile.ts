import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { CliError, UsageError } from "../errors.js";
import { missingProfile, openProfiles, type ProfileStore } from "../profile-store.js";

const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** `steward profile …`: named sets of settings, one of them active. */
export function registerProfileCommands(program: Command, ctx: CliContext): void {
  const profile = program.command("profile").description("Manage profiles: named sets of settings.");

  profile
    .command("ls")
    .description("List profiles; the active one is marked with *.")
    .option("--json", "Print the profiles as JSON.")
    .action((options: { json?: boolean }) => listProfiles(ctx, options));

  profile
    .command("create")
    .description("Create a profile, empty or as a copy of another.")
    .argument("<name>", "Profile name")
    .option("--from <profile>", "Copy the settings of this profile.")
    .action((name: string, options: { from?: string }) => createProfile(ctx, name, options));

  profile
    .command("use")
    .description("Make a profile the active one.")
    .argument("<name>", "Profile name")
    .action((name: string) => useProfile(ctx, name));

  profile
    .command("delete")
    .description("Delete a profile (not the active one, nor `default`).")
    .argument("<name>", "Profile name")
    .action((name: string) => deleteProfile(ctx, name));
}

function listProfiles(ctx: CliContext, options: { json?: boolean }): void {
  const store = openProfiles(ctx.io);
  const names = Object.keys(store.file.profiles).sort();
  if (options.json) {
    ctx.out.json(
      names.map((name) => ({ name, active: name === store.current, settings: store.file.profiles[name] })),
    );
    return;
  }
  for (const name of names) {
    ctx.out.line(name === store.current ? `* ${ctx.out.colors.green(name)}` : `  ${name}`);
  }
}

function existing(store: ProfileStore, name: string): Record<string, string> {
  const values = store.file.profiles[name];
  if (!values) throw missingProfile(store, name);
  return values;
}

function createProfile(ctx: CliContext, name: string, options: { from?: string }): void {
  if (!PROFILE_NAME.test(name)) {
    throw new UsageError(`Profile name "${name}" is not valid: use letters, digits, "-", "_" and ".".`);
  }
  const store = openProfiles(ctx.io);
  if (store.file.profiles[name]) {
    throw new CliError(
      `Profile "${name}" already exists. Switch to it with \`steward profile use ${name}\`.`,
    );
  }
  store.file.profiles[name] = options.from ? { ...existing(store, options.from) } : {};
  store.save();
  const from = options.from ? ` from "${options.from}"` : "";
  ctx.out.line(`Created profile "${name}"${from}. Switch to it with \`steward profile use ${name}\`.`);
}

function useProfile(ctx: CliContext, name: string): void {
  const store = openProfiles(ctx.io);
  existing(store, name);
  store.file.active = name;
  store.save();
  ctx.out.line(`Now using profile "${name}".`);
  if (ctx.io.env.STEWARD_PROFILE && ctx.io.env.STEWARD_PROFILE !== name) {
    ctx.out.warn(
      `STEWARD_PROFILE=${ctx.io.env.STEWARD_PROFILE} is set in the environment and takes precedence.`,
    );
  }
}

function deleteProfile(ctx: CliContext, name: string): void {
  const store = openProfiles(ctx.io);
  existing(store, name);
  if (name === "default") throw new CliError(`The "default" profile cannot be deleted.`);
  if (name === store.file.active || name === store.current) {
    throw new CliError(
      `Profile "${name}" is active and cannot be deleted. Switch first with \`steward profile use default\`.`,
    );
  }
  delete store.file.profiles[name];
  store.save();
  ctx.out.line(`Deleted profile "${name}".`);
}
