/**
 * Users on SQLite and PostgreSQL: an admin creates them, they sign in with a name and password
 * for a session cookie, and every change (a role, a new password, a disable) bites their open
 * sessions at once. Wrong passwords are counted per address like bad keys, and only scrypt hashes
 * reach the database.
 */
import { existsSync, readFileSync } from "node:fs";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/server/app.js";
import { Authenticator } from "../../src/server/auth/authenticator.js";
import type { Store } from "../../src/server/storage/store.js";
import { BACKENDS, type TestStore } from "./backends.js";
import { errorOf, send, uniqueName } from "./harness.js";

const BOOTSTRAP = "bootstrap-admin-key-for-user-tests";
const JSON_HEADERS = { "content-type": "application/json" };
const ADMIN = { ...JSON_HEADERS, authorization: `Bearer ${BOOTSTRAP}` };

interface UserRecord {
  id: string;
  name: string;
  role: string;
  disabled: string | null;
  last_login: string | null;
  password_changed: string;
}

/** A signed-in browser: its cookie and CSRF token. */
interface Browser {
  readonly cookie: string;
  readonly csrf: string;
  readonly principal: unknown;
}

describe.each(BACKENDS)("users ($name)", (backend) => {
  let opened: TestStore;
  let store: Store;
  let app: Hono;
  const logged: string[] = [];

  /** An app over the shared store with an authenticator (and so a failure limiter) of its own. */
  const newApp = (log: (line: string) => void = (line) => logged.push(line)) =>
    createApp({
      store,
      version: "0.0.0-test",
      checkResponses: true,
      authenticator: new Authenticator({ store, bootstrapKey: BOOTSTRAP, log }),
    });

  const createUser = async (role: string, password = "a long enough password") => {
    const name = uniqueName("user");
    const answer = await send(app, "POST", "/api/users/", { name, role, password }, ADMIN);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return { ...(answer.body as UserRecord), password };
  };

  const login = async (on: Hono, username: string, password: string): Promise<Browser> => {
    const answer = await on.request("/api/auth/login", {
      method: "POST",
      headers: JSON_HEADERS,
      body: JSON.stringify({ username, password }),
    });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { csrf_token: string; principal: unknown };
    const cookie = (answer.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect(cookie).toMatch(/^steward_session=[\w-]{43}$/);
    return { cookie, csrf: body.csrf_token, principal: body.principal };
  };

  /** Status of a viewer read with the browser's cookie. */
  const read = async (on: Hono, browser: Browser) =>
    (
      await on.request("/api/flows/filter", {
        method: "POST",
        headers: { ...JSON_HEADERS, cookie: browser.cookie, "x-steward-csrf": browser.csrf },
        body: "{}",
      })
    ).status;

  const asBrowser = (browser: Browser, csrf = true) => ({
    ...JSON_HEADERS,
    cookie: browser.cookie,
    ...(csrf ? { "x-steward-csrf": browser.csrf } : {}),
  });

  beforeAll(async () => {
    opened = await backend.open();
    store = opened.store;
    app = newApp();
  });
  afterAll(async () => {
    await opened.cleanup();
  });

  it("creates users for admins only, with strict, bounded input and a clear conflict", async () => {
    const user = await createUser("developer");
    expect(user).toMatchObject({ role: "developer", disabled: null, last_login: null });
    expect(Object.keys(user).sort()).toEqual(
      ["created", "disabled", "id", "last_login", "name", "password", "password_changed", "role"].sort(),
    );
    const again = await send(
      app,
      "POST",
      "/api/users/",
      { name: user.name, role: "viewer", password: "x".repeat(12) },
      ADMIN,
    );
    expect(again.status).toBe(409);
    expect(errorOf(again)).toMatchObject({ code: "USER_NAME_TAKEN" });
    expect(errorOf(again).message).toContain("Pick another name");

    const bad = async (body: unknown) => {
      const answer = await send(app, "POST", "/api/users/", body, ADMIN);
      expect(answer.status).toBe(422);
      return errorOf(answer).message;
    };
    expect(await bad({ name: "w", role: "worker", password: "x".repeat(12) })).toContain("role");
    expect(await bad({ name: "s", role: "viewer", password: "x".repeat(11) })).toContain(
      "at least 12 characters",
    );
    expect(await bad({ name: "l", role: "viewer", password: "x".repeat(1025) })).toContain("at most 1024");
    expect(await bad({ name: "bad\nname", role: "viewer", password: "x".repeat(12) })).toContain("name");
    expect(await bad({ name: "n".repeat(101), role: "viewer", password: "x".repeat(12) })).toContain("name");
    expect(await bad({ name: "e", role: "viewer", password: "x".repeat(12), admin: true })).toContain(
      "admin",
    );

    const { key } = (
      await send(app, "POST", "/api/api_keys/", { name: uniqueName("dev"), role: "developer" }, ADMIN)
    ).body as { key: string };
    const asDeveloper = await send(
      app,
      "POST",
      "/api/users/filter",
      {},
      { ...JSON_HEADERS, authorization: `Bearer ${key}` },
    );
    expect(asDeveloper.status).toBe(403);
  });

  it("keeps only a scrypt hash: the password is in no column and in no answer", async () => {
    const password = `secret-${uniqueName("pw")}`;
    const user = await createUser("viewer", password);
    const stored = await store.users.readByName(user.name);
    expect(stored?.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(stored?.passwordHash).not.toContain(password);
    if (backend.name === "sqlite") {
      const file = opened.databaseUrl.replace(/^sqlite:/, "");
      const bytes = ["", "-wal"]
        .map((suffix) =>
          existsSync(`${file}${suffix}`) ? readFileSync(`${file}${suffix}`).toString("latin1") : "",
        )
        .join("");
      expect(bytes).toContain(user.name);
      expect(bytes).not.toContain(password);
    }
    const listed = await send(app, "POST", "/api/users/filter", { names: [user.name] }, ADMIN);
    expect(JSON.stringify(listed.body)).not.toMatch(/scrypt|secret-/);
  });

  it("signs a user in with name and password: a session that reads, and writes only with the CSRF token", async () => {
    const user = await createUser("developer");
    const browser = await login(app, user.name, user.password);
    expect(browser.principal).toEqual({ kind: "user", name: user.name, role: "developer" });
    expect(await read(app, browser)).toBe(200);
    const noToken = await send(
      app,
      "POST",
      "/api/flows/",
      { name: uniqueName("f") },
      asBrowser(browser, false),
    );
    expect(errorOf(noToken).code).toBe("CSRF_FAILED");
    const withToken = await send(app, "POST", "/api/flows/", { name: uniqueName("f") }, asBrowser(browser));
    expect(withToken.status).toBe(201);
    const session = await app.request("/api/auth/session", { headers: { cookie: browser.cookie } });
    expect(((await session.json()) as { principal: unknown }).principal).toEqual(browser.principal);
    const [listed] = (await send(app, "POST", "/api/users/filter", { names: [user.name] }, ADMIN))
      .body as UserRecord[];
    expect(listed?.last_login).not.toBeNull();
    // An unknown field of a login is named; a half of each shape is refused as such.
    const typo = await send(app, "POST", "/api/auth/login", { usrname: user.name, password: user.password });
    expect(typo.status).toBe(422);
    expect(errorOf(typo).message).toContain('unknown field "usrname"');
    expect(errorOf(typo).message).toContain('send either {"key"} or {"username", "password"}');
  });

  it("answers a wrong password and an unknown user alike, logs the name only, and limits the address", async () => {
    const lines: string[] = [];
    const limited = newApp((line) => lines.push(line));
    const user = await createUser("viewer");
    const attempt = (username: string, password: string) =>
      send(limited, "POST", "/api/auth/login", { username, password });
    const wrong = await attempt(user.name, "not the password at all");
    const unknown = await attempt("nobody-by-this-name", "not the password at all");
    for (const answer of [wrong, unknown]) {
      expect(answer.status).toBe(401);
      expect(errorOf(answer)).toEqual({
        code: "UNAUTHENTICATED",
        message: "Unknown user or wrong password.",
      });
    }
    expect(lines[0]).toBe(`auth: failed sign-in as user "${user.name}" from unknown`);
    expect(lines.join("\n")).not.toContain("not the password");
    const statuses: number[] = [];
    for (let i = 0; i < 19; i++) statuses.push((await attempt(user.name, `wrong guess ${i}`)).status);
    expect(statuses.slice(0, 18)).toEqual(Array(18).fill(401));
    expect(statuses[18]).toBe(429);
    // Limited, the right password is refused too: a guesser must not learn that it was right.
    const right = await attempt(user.name, user.password);
    expect(right.status).toBe(429);
    expect(errorOf(right).message).toMatch(/Too many failed sign-ins from unknown; try again in \d+ s\./);
    expect(lines).toHaveLength(20);
  });

  it("applies a role change to open sessions at once, and an admin's new password ends them", async () => {
    const user = await createUser("developer");
    const browser = await login(app, user.name, user.password);
    const demote = await send(app, "PATCH", `/api/users/${user.id}`, { role: "viewer" }, ADMIN);
    expect(demote.status).toBe(200);
    expect((demote.body as UserRecord).role).toBe("viewer");
    const write = await send(app, "POST", "/api/flows/", { name: uniqueName("f") }, asBrowser(browser));
    expect(write.status).toBe(403);
    expect(await read(app, browser)).toBe(200);

    const reset = await send(
      app,
      "PATCH",
      `/api/users/${user.id}`,
      { password: "a brand new password" },
      ADMIN,
    );
    expect(reset.status).toBe(200);
    expect((reset.body as UserRecord).password_changed >= user.password_changed).toBe(true);
    expect(await read(app, browser)).toBe(401);
    const old = await send(app, "POST", "/api/auth/login", { username: user.name, password: user.password });
    expect(old.status).toBe(401);
    await login(app, user.name, "a brand new password");

    expect((await send(app, "PATCH", `/api/users/${user.id}`, {}, ADMIN)).status).toBe(422);
    const missing = await send(app, "PATCH", `/api/users/${crypto.randomUUID()}`, { role: "viewer" }, ADMIN);
    expect(errorOf(missing).code).toBe("USER_NOT_FOUND");
  });

  it("lets a signed-in user change their own password; keys have none to change", async () => {
    const user = await createUser("viewer");
    const [current, other] = [
      await login(app, user.name, user.password),
      await login(app, user.name, user.password),
    ];
    const change = (browser: Browser, body: unknown) =>
      send(app, "POST", "/api/auth/password", body, asBrowser(browser));
    const wrongCurrent = await change(current, {
      current_password: "not my password",
      new_password: "my next password",
    });
    expect(wrongCurrent.status).toBe(403);
    expect(errorOf(wrongCurrent).message).toContain("current password is wrong");
    const same = await change(current, { current_password: user.password, new_password: user.password });
    expect(same.status).toBe(422);
    const short = await change(current, { current_password: user.password, new_password: "short" });
    expect(errorOf(short).message).toContain("at least 12 characters");
    expect(
      (await change(current, { current_password: user.password, new_password: "my next password" })).status,
    ).toBe(204);
    expect(await read(app, current)).toBe(200);
    expect(await read(app, other)).toBe(401);
    await login(app, user.name, "my next password");

    const asKey = await send(
      app,
      "POST",
      "/api/auth/password",
      { current_password: "whatever it is", new_password: "my next password" },
      ADMIN,
    );
    expect(asKey.status).toBe(403);
    expect(errorOf(asKey).message).toContain("API keys have none");
  });

  it("disables a user: their sessions end at once, sign-in is refused, and the list hides them", async () => {
    const user = await createUser("operator");
    const browser = await login(app, user.name, user.password);
    expect(await read(app, browser)).toBe(200);
    const disabled = await send(app, "POST", `/api/users/${user.id}/disable`, undefined, ADMIN);
    expect(disabled.status).toBe(200);
    expect((disabled.body as UserRecord).disabled).not.toBeNull();
    expect(await read(app, browser)).toBe(401);
    const again = await send(app, "POST", "/api/auth/login", {
      username: user.name,
      password: user.password,
    });
    expect(again.status).toBe(401);
    expect(errorOf(again).message).toContain("is disabled");
    const active = (await send(app, "POST", "/api/users/filter", { names: [user.name] }, ADMIN))
      .body as UserRecord[];
    expect(active).toEqual([]);
    const all = (
      await send(app, "POST", "/api/users/filter", { names: [user.name], include_disabled: true }, ADMIN)
    ).body as UserRecord[];
    expect(all.map((u) => u.name)).toEqual([user.name]);
    // Disabling again changes nothing: the first time stays.
    const twice = await send(app, "POST", `/api/users/${user.id}/disable`, undefined, ADMIN);
    expect((twice.body as UserRecord).disabled).toBe((disabled.body as UserRecord).disabled);
  });
});

describe("auth on and off with users", () => {
  it("turns auth on with the first user, and keeps it on when every user is disabled", async () => {
    const sqlite = BACKENDS[0];
    if (sqlite === undefined) throw new Error("no backend");
    const opened = await sqlite.open();
    try {
      const app = createApp({ store: opened.store, version: "0.0.0-test" });
      expect((await send(app, "POST", "/api/flows/filter", {})).status).toBe(200);
      const made = await send(app, "POST", "/api/users/", {
        name: "first",
        role: "admin",
        password: "first admin password",
      });
      expect(made.status).toBe(201);
      expect((await send(app, "POST", "/api/flows/filter", {})).status).toBe(401);
      const session = await app.request("/api/auth/session");
      expect(((await session.json()) as { auth_enabled: boolean }).auth_enabled).toBe(true);
      await opened.store.users.disable((made.body as UserRecord).id);
      const fresh = createApp({ store: opened.store, version: "0.0.0-test" });
      expect((await send(fresh, "POST", "/api/flows/filter", {})).status).toBe(401);
    } finally {
      await opened.cleanup();
    }
  });
});
