/**
 * @module Handlers of `/auth/*`: the web UI's session cookie, opened with an API key or a user's
 * name and password, and a user's own password change.
 */
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { SESSION_COOKIE, type SessionInfo } from "../../api/auth.js";
import type { Principal } from "../../core/access.js";
import { SESSION_MS } from "../auth/sessions.js";
import { clientAddress } from "../http/auth.js";
import type { RouteHandlers } from "../http/route-types.js";
import type { RouteDeps } from "./deps.js";

type AuthRoutes = "readSession" | "login" | "logout" | "changePassword";

/** Session handlers; the cookie is HttpOnly, SameSite=Strict, and Secure when the server speaks TLS. */
export function authRoutes({ access }: RouteDeps): RouteHandlers<AuthRoutes> {
  if (access === undefined) throw new Error("the auth routes need the authenticator and sessions");
  const { authenticator, sessions, secureCookies } = access;
  const cookieOptions = {
    httpOnly: true,
    sameSite: "Strict",
    secure: secureCookies,
    path: "/",
  } as const;

  return {
    readSession: async ({ c }) => {
      const info: SessionInfo = { auth_enabled: false, principal: null, csrf_token: null, expires: null };
      if (!(await authenticator.enabled())) return { body: info };
      info.auth_enabled = true;
      const token = getCookie(c, SESSION_COOKIE);
      const session = token === undefined ? undefined : await sessions.find(token);
      if (session === undefined) return { body: info };
      return {
        body: {
          ...info,
          principal: shown(session.principal),
          csrf_token: session.csrfToken,
          expires: new Date(session.expires).toISOString(),
        },
      };
    },
    login: async ({ c, body }) => {
      const opened = await sessions.open(body, clientAddress(c));
      setCookie(c, SESSION_COOKIE, opened.token, { ...cookieOptions, maxAge: SESSION_MS / 1000 });
      return {
        body: {
          principal: shown(opened.principal),
          csrf_token: opened.csrfToken,
          expires: new Date(opened.expires).toISOString(),
        },
      };
    },
    changePassword: async ({ c, body, principal }) => {
      await sessions.changePassword(principal, getCookie(c, SESSION_COOKIE), body, clientAddress(c));
      return {};
    },
    logout: async ({ c }) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token !== undefined) await sessions.close(token);
      deleteCookie(c, SESSION_COOKIE, cookieOptions);
      return {};
    },
  };
}

function shown(principal: Principal): NonNullable<SessionInfo["principal"]> {
  return { kind: principal.kind, name: principal.name, role: principal.role };
}
