/** @module Who is signed in, in the sidebar, with the "Sign out" button. Hidden while auth is off. */
import { useState } from "react";
import { ErrorMessage } from "../components/messages.js";
import { useSession } from "./session.js";

/** The signed-in key's name and role, and a way out (`[data-testid=user-menu]`). */
export function UserMenu() {
  const { session, signOut } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const principal = session.principal;
  if (!session.authEnabled || !principal) return null;

  const onSignOut = async () => {
    setBusy(true);
    setError(null);
    try {
      await signOut(); // the login page follows (require-session.tsx)
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <div className="user-menu" data-testid="user-menu">
      <div>
        <span className="muted">Signed in as</span>{" "}
        <strong className="user-name" data-testid="user-name">
          {principal.name}
        </strong>{" "}
        <span className="tag" data-testid="user-role">
          {principal.role}
        </span>
      </div>
      <button type="button" className="small" disabled={busy} onClick={() => void onSignOut()}>
        Sign out
      </button>
      <ErrorMessage error={error} title="Could not sign out" />
    </div>
  );
}
