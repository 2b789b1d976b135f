/**
 * @module Sessions of the web UI: a key is exchanged once for an HttpOnly cookie, and writes made
 * with the cookie carry the session's CSRF token in `X-Steward-CSRF`.
 */
import { z } from "zod";
import { ROLES } from "../core/access.js";
import { Timestamp } from "./common.js";
import { MAX_PASSWORD_LENGTH } from "./users.js";

/** The header that carries a session's CSRF token with each write. */
export const CSRF_HEADER = "x-steward-csrf";
/** The session cookie. */
export const SESSION_COOKIE = "steward_session";

/** Who is signed in, as the UI shows it. */
export const SessionPrincipal = z.object({
  kind: z.enum(["api-key", "user", "run", "bootstrap", "anonymous"]),
  name: z.string(),
  role: z.enum([...ROLES, "run"]),
});

/** What `GET /auth/session` answers: whether a login is needed, and who is signed in. */
export const SessionInfo = z.object({
  /** False: no key is needed (a loopback server without keys); everyone is an admin. */
  auth_enabled: z.boolean(),
  principal: SessionPrincipal.nullable(),
  /** Send it as `X-Steward-CSRF` with every write made with the session cookie. */
  csrf_token: z.string().nullable(),
  expires: Timestamp.nullable(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** Signing in with an API key. */
export const KeyLogin = z.strictObject({ key: z.string().min(1).max(1000) });

/**
 * Signing in as a user. The name and password are only bounded here, not checked against the
 * naming and password rules: a sign-in must fail the same way for every wrong guess.
 */
export const PasswordLogin = z.strictObject({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

const LOGIN_FIELDS = new Set(["key", "username", "password"]);

/** Body of `POST /auth/login`: an API key, or a user name and password. */
export const LoginRequest = z.union([KeyLogin, PasswordLogin], {
  // zod's own "Invalid input" says nothing; name the unknown fields and the two shapes instead.
  error: (issue) => {
    if (issue.code !== "invalid_union") return undefined;
    const input = issue.input;
    const unknown =
      typeof input === "object" && input !== null && !Array.isArray(input)
        ? Object.keys(input).filter((key) => !LOGIN_FIELDS.has(key))
        : [];
    const shapes = 'send either {"key"} or {"username", "password"}';
    return unknown.length > 0
      ? `unknown field ${unknown.map((key) => JSON.stringify(key)).join(", ")}; ${shapes}`
      : shapes;
  },
});
export type LoginRequest = z.infer<typeof LoginRequest>;

/** What `POST /flow_runs/{id}/run_key` answers: a key for that run's own process. */
export const RunKey = z.object({ key: z.string(), expires: Timestamp });
export type RunKey = z.infer<typeof RunKey>;

/** What `POST /auth/login` answers (the cookie comes in `Set-Cookie`). */
export const LoginAnswer = z.object({
  principal: SessionPrincipal,
  csrf_token: z.string(),
  expires: Timestamp,
});
export type LoginAnswer = z.infer<typeof LoginAnswer>;
