/**
 * @module The browser session's side of every API request: the CSRF token the server handed out
 * at login (kept in memory only, never in storage a script of another tab could read), sent as
 * `X-Steward-CSRF` on every write, and a signal when the API answers 401 (the session expired or
 * was revoked), so the app can go back to the login page.
 */
import { CSRF_HEADER } from "../../../src/api/auth.js";

/** Methods that change nothing and need no CSRF token. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

let csrfToken: string | null = null;
const unauthenticatedListeners = new Set<() => void>();

/** Sets (or, with null, forgets) the CSRF token of the current session. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/**
 * Calls `listener` whenever the API answers 401 outside `/auth/*` (a wrong key on the login page
 * is no lost session). Returns the unsubscribe function.
 */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

/** `send` with the CSRF header added to writes and 401 answers reported (see the module). */
export function withSession(send: typeof fetch): typeof fetch {
  return async (input, init) => {
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    let sent = init;
    if (csrfToken !== null && !SAFE_METHODS.has(method)) {
      const headers = new Headers(init?.headers);
      headers.set(CSRF_HEADER, csrfToken);
      sent = { ...init, headers };
    }
    const response = await send(input, sent);
    if (response.status === 401 && !isAuthUrl(input)) {
      for (const listener of [...unauthenticatedListeners]) listener();
    }
    return response;
  };
}

function isAuthUrl(input: RequestInfo | URL): boolean {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  return new URL(url, window.location.origin).pathname.startsWith("/api/auth/");
}
