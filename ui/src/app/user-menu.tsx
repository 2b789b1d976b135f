/**
 * @module The sidebar's user menu: the time zone every time is shown in (always), and who is
 * signed in with the "Sign out" button (while auth is on).
 */
import { useState } from "react";
import { ErrorMessage } from "../components/messages.js";
import { setTimeZoneSetting, settingLabel } from "../components/time-zone.js";
import { useTimeZoneSetting } from "../components/use-time-zone.js";
import { useSession } from "./session.js";

/** The signed-in key's name and role and a way out (`[data-testid=user-menu]`), and the time zone. */
export function UserMenu() {
  return (
    <>
      <SignedIn />
      <TimeZoneToggle />
    </>
  );
}

/** "Times: Local time (CET)" ⇄ "Times: UTC"; the zone is named, so a time is never ambiguous. */
export function TimeZoneToggle() {
  const setting = useTimeZoneSetting();
  const next = setting === "utc" ? "local" : "utc";
  return (
    <button
      type="button"
      className="small"
      data-testid="time-zone-toggle"
      data-zone={setting}
      title={`Times are shown in ${settingLabel(setting)}. Switch to ${settingLabel(next)}.`}
      onClick={() => setTimeZoneSetting(next)}
    >
      Times: {settingLabel(setting)}
    </button>
  );
}

function SignedIn() {
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
