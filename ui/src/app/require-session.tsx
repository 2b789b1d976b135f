/** @module The guard of every data page: without a needed session, the login page instead. */
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { paths } from "./paths.js";
import { needsLogin, useSession } from "./session.js";

/**
 * Renders `children` when no login is needed or someone is signed in; otherwise goes to the login
 * page, which returns here after the login (unless the person signed out: then it starts afresh).
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (needsLogin(session)) {
    const here = location.pathname + location.search + location.hash;
    return <Navigate to={paths.login(session.ended === "signed-out" ? undefined : here)} replace />;
  }
  return <>{children}</>;
}
