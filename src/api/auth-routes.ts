import { ACCESS } from "../core/access.js";
import { LoginAnswer, LoginRequest, SessionInfo } from "./auth.js";
import { PasswordChange } from "./users.js";
import type { RouteSpec } from "./route-spec.js";

/**
 * Sign in and out of the web UI. Open, but for the password change: they are how a browser gets
 * its credentials.
 */
export const authRoutes = {
  readSession: {
    method: "GET",
    path: "/auth/session",
    summary: "Whether a login is needed, who is signed in, and the session's CSRF token",
    tag: "Auth",
    access: ACCESS.open,
    response: SessionInfo,
    status: 200,
  },
  login: {
    method: "POST",
    path: "/auth/login",
    summary:
      "Exchange an API key, or a user name and password, for a session cookie (HttpOnly, SameSite=Strict) and a CSRF token",
    tag: "Auth",
    access: ACCESS.open,
    body: LoginRequest,
    response: LoginAnswer,
    status: 200,
  },
  logout: {
    method: "POST",
    path: "/auth/logout",
    summary: "End the session of the cookie sent, and clear the cookie",
    tag: "Auth",
    access: ACCESS.open,
    status: 204,
  },
  changePassword: {
    method: "POST",
    path: "/auth/password",
    summary:
      "A signed-in user changes their own password (their other sessions end); API keys have no password",
    tag: "Auth",
    access: ACCESS.viewer,
    body: PasswordChange,
    status: 204,
  },
} as const satisfies Record<string, RouteSpec>;
