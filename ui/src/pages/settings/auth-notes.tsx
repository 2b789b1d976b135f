/** @module What the API keys section tells people who may not manage keys, and while auth is off. */
import type { Principal } from "../../app/session.js";

/** For a signed-in principal that is no admin (`[data-testid=only-admins]`). */
export function OnlyAdminsNote({ principal }: { principal: Principal }) {
  return (
    <p className="banner" data-testid="only-admins">
      Only admins can see and manage API keys. You are signed in as <strong>{principal.name}</strong> (
      {principal.role}); ask an admin for a key, or sign in with an admin key.
    </p>
  );
}

/** While auth is off: what creating the first key does (`[data-testid=auth-off]`). */
export function AuthOffNote() {
  return (
    <div className="banner" data-testid="auth-off">
      <strong>Auth is off on this server.</strong> It listens on loopback only and has no keys, so every
      client is an admin without one. <strong>Creating the first key turns auth on for every client</strong>:
      the CLI, workers and this browser then need a key. The new key is shown once: copy it and sign in with
      it (make it an admin key to go on managing keys here).
    </div>
  );
}
