/**
 * @module Who is signed in. The session is read from `GET /api/auth/session` before any page
 * renders; with auth on and no session, the router shows only the login page (see
 * require-session.tsx). A 401 from any later request (the session expired or its key was revoked)
 * signs the app out: the cached data is dropped and the login page comes back.
 */
import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { LoginRequest, SessionInfo } from "../../../src/api/auth.js";
import { client, isApiError } from "../api/client.js";
import { onUnauthenticated, setCsrfToken } from "../api/session-fetch.js";
import { ErrorMessage, Loading } from "../components/messages.js";

/** Who is signed in: a key's or user's name and role, and which of the two (`kind`). */
export type Principal = NonNullable<SessionInfo["principal"]>;

/** The session as the app sees it. */
export interface Session {
  /** False: the server needs no key and everyone is an admin; nothing about sign-in is shown. */
  readonly authEnabled: boolean;
  /** Null while signed out. */
  readonly principal: Principal | null;
  /** How the last session ended, if it did while the app was open. */
  readonly ended?: SessionEnd;
}

/** "signed-out": by the person; "lost": the API answered 401 (session expired, key revoked). */
export type SessionEnd = "signed-out" | "lost";

/** The session and the ways to change it. */
export interface SessionControls {
  readonly session: Session;
  /**
   * Exchanges an API key, or a user's name and password, for a session cookie; rejects with the
   * API's error (401, 429, …).
   */
  signIn(login: LoginRequest): Promise<void>;
  /** Ends the session on the server and here. */
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionControls | null>(null);

/** True when the app may show nothing but the login page. */
export function needsLogin(session: Session): boolean {
  return session.authEnabled && session.principal === null;
}

/** The current session (inside {@link SessionProvider}). */
export function useSession(): SessionControls {
  const controls = useContext(SessionContext);
  if (!controls) throw new Error("useSession needs a <SessionProvider> above it");
  return controls;
}

type Loaded =
  { status: "loading" } | { status: "failed"; error: unknown } | { status: "ready"; session: Session };

/** Reads the session, then renders `children` with it; nothing of them before. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [loaded, setLoaded] = useState<Loaded>({ status: "loading" });

  const load = useCallback(async () => {
    setLoaded({ status: "loading" });
    try {
      const info = await client.call("readSession");
      setCsrfToken(info.csrf_token);
      setLoaded({ status: "ready", session: { authEnabled: info.auth_enabled, principal: info.principal } });
    } catch (error) {
      setLoaded({ status: "failed", error });
    }
  }, []);
  useEffect(() => void load(), [load]);

  const signOutHere = useCallback((ended: SessionEnd) => {
    setCsrfToken(null);
    // Every query on screen may answer 401 at once: sign out once.
    setLoaded((current) =>
      current.status === "ready" && needsLogin(current.session)
        ? current
        : { status: "ready", session: { authEnabled: true, principal: null, ended } },
    );
  }, []);
  useEffect(() => onUnauthenticated(() => signOutHere("lost")), [signOutHere]);

  // Dropped after the data pages have gone (effects run after the login page replaced them), so
  // no mounted query asks again for what it just lost.
  const signedOut = loaded.status === "ready" && needsLogin(loaded.session);
  useEffect(() => {
    if (signedOut) queryClient.clear();
  }, [signedOut, queryClient]);

  const signIn = useCallback(async (login: LoginRequest) => {
    const answer = await client.call("login", { body: login });
    setCsrfToken(answer.csrf_token);
    setLoaded({ status: "ready", session: { authEnabled: true, principal: answer.principal } });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await client.call("logout");
    } catch (error) {
      // Already over on the server (expired, revoked): signed out all the same.
      if (!isApiError(error, 401)) throw error;
    }
    signOutHere("signed-out");
  }, [signOutHere]);

  const session = loaded.status === "ready" ? loaded.session : null;
  const controls = useMemo(() => (session ? { session, signIn, signOut } : null), [session, signIn, signOut]);

  if (loaded.status === "failed") {
    return (
      <div className="session-gate">
        <ErrorMessage error={loaded.error} title="Could not reach the Steward server" />
        <button type="button" onClick={() => void load()}>
          Try again
        </button>
      </div>
    );
  }
  if (!controls) return <Loading />;
  return <SessionContext.Provider value={controls}>{children}</SessionContext.Provider>;
}
