/**
 * `steward user …` in-process against a real server with a bootstrap admin key: passwords come
 * piped on stdin or typed twice at a (fake) terminal, never from the command line; tables by
 * default, JSON on request, and clear errors.
 */
import { EventEmitter } from "node:events";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InputStream } from "../../src/cli/io.js";
import { loadSettings } from "../../src/config/settings.js";
import { startServer } from "../../src/server/index.js";
import { CapturedStream, steward, tempHome } from "./helpers.js";

const BOOTSTRAP = "bootstrap-key-for-the-user-cli-test";

/** A terminal that types `lines` (each then Enter) once the CLI switches it to raw mode. */
class FakeTerminal extends EventEmitter {
  readonly isTTY = true;
  readonly rawModes: boolean[] = [];
  #lines: string[];
  constructor(lines: string[]) {
    super();
    this.#lines = [...lines];
  }
  setRawMode(mode: boolean): this {
    this.rawModes.push(mode);
    if (mode) {
      const line = this.#lines.shift();
      if (line !== undefined) setImmediate(() => this.emit("data", Buffer.from(`${line}\r`)));
    }
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    // A terminal is never read to its end by these commands.
  }
}

const piped = (text: string) => Readable.from([text]) as unknown as InputStream;

describe("steward user", () => {
  const { home, cleanup } = tempHome();
  let close: () => Promise<void>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const settings = loadSettings({
      STEWARD_HOME: home,
      STEWARD_DATABASE_URL: join(home, "test.db"),
      STEWARD_SERVER_API_KEY: BOOTSTRAP,
    });
    const server = await startServer({
      settings,
      host: "127.0.0.1",
      port: 0,
      services: false,
      log: () => {},
    });
    close = () => server.close();
    env = { STEWARD_HOME: home, STEWARD_API_URL: server.apiUrl, STEWARD_API_KEY: BOOTSTRAP };
  });
  afterAll(async () => {
    await close();
    cleanup();
  });

  it("creates a user from a piped password (one trailing newline dropped) and lists it", async () => {
    const created = await steward(["user", "create", "ada", "--role", "developer", "--password-stdin"], env, {
      stdin: piped("a piped password here\n"),
    });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('Created the developer user "ada"');
    const login = await fetch(`${env.STEWARD_API_URL}/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "ada", password: "a piped password here" }),
    });
    expect(login.status).toBe(200);

    const table = await steward(["user", "ls"], env);
    const rows = table.stdout.trim().split("\n");
    expect(rows[0]).toMatch(/^NAME\s+ROLE\s+CREATED\s+LAST LOGIN\s+STATUS$/);
    expect(rows.find((row) => row.startsWith("ada "))).toMatch(/developer\s+.+\s+active$/);
    const json = JSON.parse((await steward(["user", "ls", "--json"], env)).stdout) as { name: string }[];
    expect(json.map((user) => user.name)).toEqual(["ada"]);
    expect(JSON.stringify(json)).not.toContain("password here");
  });

  it("asks twice at a terminal without echo, and refuses two different answers", async () => {
    const terminal = new FakeTerminal(["typed at the terminal", "typed at the terminal"]);
    const stderr = new CapturedStream({ isTTY: true });
    const made = await steward(["user", "create", "bob", "--role", "viewer"], env, {
      stdin: terminal as unknown as InputStream,
      stderr,
    });
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toContain('Password for the new user "bob": ');
    expect(made.stderr).toContain("Repeat the password: ");
    expect(made.stderr).not.toContain("typed at the terminal");
    expect(terminal.rawModes).toEqual([true, false, true, false]);

    const differ = await steward(["user", "create", "carol", "--role", "viewer"], env, {
      stdin: new FakeTerminal(["first password typed", "second password typed"]) as unknown as InputStream,
      stderr: new CapturedStream({ isTTY: true }),
    });
    expect(differ.code).toBe(1);
    expect(differ.stderr).toContain("The two passwords differ");
  });

  it("refuses a password on the command line, a missing terminal, a short password and a worker role", async () => {
    const onLine = await steward(
      ["user", "create", "dan", "--role", "viewer", "--password", "on the command line"],
      env,
    );
    expect(onLine.code).toBe(2);
    expect(onLine.stderr).toContain("ends up in shell history");
    const noTerminal = await steward(["user", "create", "dan", "--role", "viewer"], env);
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toContain("--password-stdin");
    const short = await steward(["user", "create", "dan", "--role", "viewer", "--password-stdin"], env, {
      stdin: piped("short\n"),
    });
    expect(short.code).toBe(2);
    expect(short.stderr).toContain("12 to 1024 characters; this one has 5");
    const worker = await steward(["user", "create", "dan", "--role", "worker", "--password-stdin"], env, {
      stdin: piped("long enough password"),
    });
    expect(worker.code).toBe(2);
    expect(worker.stderr).toContain("one of admin, developer, operator, viewer");
    const taken = await steward(["user", "create", "ada", "--role", "viewer", "--password-stdin"], env, {
      stdin: piped("long enough password"),
    });
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('A user named "ada" exists already');
  });

  it("sets a role and a password, disables, and names an unknown user with a hint", async () => {
    const role = await steward(["user", "set-role", "ada", "operator"], env);
    expect(role.stdout).toContain('"ada" is now operator (was developer)');
    const password = await steward(["user", "set-password", "ada", "--password-stdin"], env, {
      stdin: piped("the next password for ada\n"),
    });
    expect(password.code, password.stderr).toBe(0);
    const login = await fetch(`${env.STEWARD_API_URL}/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "ada", password: "the next password for ada" }),
    });
    expect(login.status).toBe(200);
    expect((await steward(["user", "disable", "ada"], env)).stdout).toContain('Disabled "ada"');
    expect((await steward(["user", "disable", "ada"], env)).stderr).toContain("disabled already");
    expect((await steward(["user", "ls"], env)).stdout).not.toMatch(/^ada /m);
    expect((await steward(["user", "ls", "--all"], env)).stdout).toMatch(/^ada\s+operator\s+.+disabled$/m);
    const unknown = await steward(["user", "set-role", "adaa", "viewer"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('User "adaa" not found.');
    expect(unknown.stderr).toContain("steward user ls");
  });
});
