/**
 * @module Sessions of the web UI: a key is exchanged once for an HttpOnly cookie, and writes made
 * with the cookie carry the session's CSRF token in `X-Steward-CSRF`.
 */
import { z } from "zod";
import { ROLES } from "../core/access.js";
import { Timestamp } from "./common.js";

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

/** Body of `POST /auth/login`. */
export const LoginRequest = z.strictObject({ key: z.string().min(1).max(1000) });

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
