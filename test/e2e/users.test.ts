/**
 * Users with real processes, on SQLite and PostgreSQL: an admin key creates a user with
 * `steward user create --password-stdin`, the user signs in for a cookie, reads as a viewer route
 * allows and writes only with the CSRF token, wrong passwords give 401 and then 429, a disable ends
 * the session at once, and the database never holds the password.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BackendName,
  call,
  createDatabase,
  startServerWith,
  type TestDatabase,
} from "./auth-harness.js";
import { makeHome, StewardProcess } from "./harness.js";

const BOOTSTRAP = `bootstrap-${randomBytes(24).toString("hex")}`;
const PASSWORD = `pw-${randomBytes(12).toString("hex")}`;
const NO_KEYS = { STEWARD_API_KEY: "", STEWARD_SERVER_API_KEY: "" };

describe.each<BackendName>(["SQLite", "PostgreSQL"])("users on %s", (backend) => {
  const { home, cleanup } = makeHome();
  let database: TestDatabase;
  let server: StewardProcess;
  let apiUrl = "";
  let cookie = "";
  let csrf = "";

  /** `steward ARGS…` with the admin key, `input` piped on its standard input. */
  const cli = async (args: string[], input?: string) => {
    const child = new StewardProcess(args, {
      ...NO_KEYS,
      STEWARD_HOME: home,
      STEWARD_API_URL: apiUrl,
      STEWARD_API_KEY: BOOTSTRAP,
    });
    child.child.stdin?.end(input ?? "");
    return child.exited;
  };
  const withCookie = async (method: string, path: string, body?: unknown, token?: string) => {
    const headers: Record<string, string> = { cookie };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (token !== undefined) headers["x-steward-csrf"] = token;
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    await response.body?.cancel();
    return response.status;
  };

  beforeAll(async () => {
    database = await createDatabase(backend, home);
    const launched = await startServerWith([], {
      ...NO_KEYS,
      STEWARD_HOME: home,
      ...database.env,
      STEWARD_SERVER_API_KEY: BOOTSTRAP,
    });
    server = launched.process;
    apiUrl = launched.apiUrl;
  });
  afterAll(async () => {
    await server?.stop("SIGKILL");
    await database?.drop();
    cleanup();
  });

  it("creates a user with the CLI from a piped password; the user signs in and gets a session", async () => {
    const created = await cli(
      ["user", "create", "ada", "--role", "developer", "--password-stdin"],
      `${PASSWORD}\n`,
    );
    expect(created.code, created.stderr + created.stdout).toBe(0);
    const listed = await cli(["user", "ls"]);
    expect(listed.stdout).toMatch(/^ada\s+developer\s+.+\s+never\s+active$/m);

    const login = await call<{ principal: unknown; csrf_token: string }>(
      apiUrl,
      undefined,
      "POST",
      "/auth/login",
      {
        username: "ada",
        password: PASSWORD,
      },
    );
    expect(login.status).toBe(200);
    expect(login.body.principal).toEqual({ kind: "user", name: "ada", role: "developer" });
    cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    csrf = login.body.csrf_token;
    expect(cookie).toMatch(/^steward_session=/);
  });

  it("reads with the cookie, and writes only with the CSRF token", async () => {
    expect(await withCookie("POST", "/flows/filter", {}, csrf)).toBe(200);
    expect(await withCookie("POST", "/flows/", { name: "by-ada" })).toBe(403);
    expect(await withCookie("POST", "/flows/", { name: "by-ada" }, csrf)).toBe(201);
  });

  it("answers 401 to wrong passwords, then 429 for the address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const answer = await call<{ error: { message: string } }>(apiUrl, undefined, "POST", "/auth/login", {
        username: i % 2 === 0 ? "ada" : "nobody",
        password: `wrong password ${i}`,
      });
      statuses.push(answer.status);
      if (i === 0) expect(answer.body.error.message).toBe("Unknown user or wrong password.");
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses[20]).toBe(429);
    expect(server.stderr + server.stdout).toContain('failed sign-in as user "ada"');
    expect(server.stderr + server.stdout).not.toContain("wrong password");
  });

  it("ends the user's session at once when an admin disables the user", async () => {
    expect(await withCookie("POST", "/flows/filter", {}, csrf)).toBe(200);
    const disabled = await cli(["user", "disable", "ada"]);
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(await withCookie("POST", "/flows/filter", {}, csrf)).toBe(401);
  });

  it("never stores the password", async () => {
    const contents = await database.contents();
    expect(contents).toContain("ada");
    expect(contents).toContain("scrypt$32768$8$1$");
    expect(contents).not.toContain(PASSWORD);
  });
});
