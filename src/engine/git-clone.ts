import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { type CommandOutcome, runCommand } from "./command-runner.js";

/** Arguments of the `git_clone` pull step. */
export interface GitCloneStep {
  readonly repository: string;
  readonly branch?: string;
  readonly commit_sha?: string;
  /** Name of an environment variable holding an access token for https URLs. */
  readonly access_token_env?: string;
  /** Where to clone, relative to the current directory. @default the repository's name */
  readonly directory?: string;
}

/** Where a clone step runs and what it may log. */
export interface GitCloneContext {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
}

/**
 * Clones a repository (or updates an earlier clone in the same place) and returns its directory.
 * A branch or the default branch is cloned shallow (`--depth 1`); a commit needs the history, so
 * it is a full clone followed by a checkout of that commit. An access token is put into the https
 * URL only for the git commands themselves: it is removed from the clone's remote afterwards and
 * replaced by `***` in every message.
 *
 * @throws Error with git's own message when cloning or checking out fails.
 */
export async function gitClone(step: GitCloneStep, ctx: GitCloneContext): Promise<{ directory: string }> {
  const token = accessToken(step, ctx.env);
  const url = token ? withToken(step.repository, token) : step.repository;
  const directory = resolve(ctx.cwd, step.directory ?? repositoryName(step.repository));
  const secrets = token ? [token, encodeURIComponent(token)] : [];
  const scrub = (text: string) => secrets.reduce((out, secret) => out.split(secret).join("***"), text);
  const git = async (args: string[], cwd = ctx.cwd): Promise<CommandOutcome> => {
    const outcome = await runCommand("git", args, {
      cwd,
      // Never wait for a password prompt nobody will answer.
      env: { ...ctx.env, GIT_TERMINAL_PROMPT: "0" },
    }).catch((error: unknown) => {
      throw new Error(
        `git could not be started (${scrub(String(error))}); install git on the worker's machine.`,
      );
    });
    if (outcome.code !== 0) {
      const command = scrub(["git", ...args].join(" "));
      throw new Error(
        `\`${command}\` failed (exit ${outcome.code ?? outcome.signal}): ${scrub(outcome.stderr.trim()).slice(-2000)}`,
      );
    }
    return outcome;
  };
  const ref = step.commit_sha ?? step.branch;
  ctx.log(`Cloning ${step.repository}${ref ? ` at ${ref}` : ""} into ${directory}`);
  if (isGitClone(directory)) {
    await git(["fetch", ...(step.commit_sha ? [] : ["--depth", "1"]), url, ref ?? "HEAD"], directory);
    await git(["checkout", "--force", "--detach", step.commit_sha ?? "FETCH_HEAD"], directory);
  } else {
    if (existsSync(directory) && readdirSync(directory).length > 0) {
      throw new Error(
        `Cannot clone into ${directory}: it exists, is not empty and is not a git clone. Remove it, or set the step's \`directory\`.`,
      );
    }
    const branch = step.branch ? ["--branch", step.branch] : [];
    await git(["clone", ...(step.commit_sha ? [] : ["--depth", "1"]), ...branch, url, directory]);
    if (step.commit_sha) await git(["checkout", "--detach", step.commit_sha], directory);
  }
  if (token) await git(["remote", "set-url", "origin", step.repository], directory);
  return { directory };
}

function accessToken(step: GitCloneStep, env: NodeJS.ProcessEnv): string | undefined {
  const name = step.access_token_env;
  if (!name) return undefined;
  const token = env[name];
  if (!token) {
    throw new Error(
      `The git_clone step reads its access token from the environment variable ${name}, which is not set. Set it in the work pool's or deployment's \`env\` job variable, or in the worker's environment.`,
    );
  }
  if (!/^https:\/\//i.test(step.repository)) {
    throw new Error(
      `access_token_env only works with https:// repository URLs; ${step.repository} is not one. Use an https URL, or drop the token and rely on the machine's git credentials.`,
    );
  }
  return token;
}

/** `https://x-access-token:TOKEN@github.com/org/repo.git` (each host's own user name convention). */
function withToken(repository: string, token: string): string {
  const url = new URL(repository);
  const host = url.hostname.toLowerCase();
  url.username = host.includes("gitlab")
    ? "oauth2"
    : host.includes("bitbucket")
      ? "x-token-auth"
      : "x-access-token";
  url.password = token;
  return url.toString();
}

/** `repo` for `https://host/org/repo.git`, `/srv/git/repo.git` or `git@host:org/repo`. */
export function repositoryName(repository: string): string {
  const last =
    repository
      .replace(/[/\\]+$/, "")
      .split(/[/\\:]/)
      .pop() ?? "";
  return last.replace(/\.git$/i, "") || "repository";
}

function isGitClone(directory: string): boolean {
  return existsSync(join(directory, ".git"));
}
