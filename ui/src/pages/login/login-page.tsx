/**
 * @module The login page: the only page shown while auth is on and nobody is signed in. It takes
 * an API key, exchanges it for a session cookie and goes back to the page that was wanted
 * (`/login?next=/work-pools`). Nothing of the rest of the app renders, and no data is asked for.
 */
import { type FormEvent, useEffect, useRef, useState } from "react";
import { Navigate, useSearchParams } from "react-router";
import { isApiError } from "../../api/client.js";
import { returnPath } from "../../app/paths.js";
import { needsLogin, useSession } from "../../app/session.js";
import "./login.css";

/** Seconds to wait before the next try, when the server said so (429). */
function retryAfterSeconds(error: unknown): number {
  if (!isApiError(error, 429)) return 0;
  const seconds = (error.details as { retry_after_seconds?: unknown } | undefined)?.retry_after_seconds;
  return typeof seconds === "number" && seconds > 0 ? Math.ceil(seconds) : 60;
}

/** The sign-in form (`main[data-page=login]`). */
export function LoginPage() {
  const { session, signIn } = useSession();
  const [searchParams] = useSearchParams();
  const [key, setKey] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [wait, setWait] = useState(0);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = "Sign in · Steward";
    input.current?.focus();
  }, []);
  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((seconds) => seconds - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  if (!needsLogin(session)) return <Navigate to={returnPath(searchParams.get("next"))} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(key.trim());
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setWait(retryAfterSeconds(failure));
      setBusy(false);
      input.current?.select();
    }
  };

  return (
    <main className="login-page" data-page="login" data-ready="true">
      <form className="login-card" onSubmit={(event) => void submit(event)} aria-labelledby="login-title">
        <div className="brand">
          <img src="/favicon.svg" alt="" />
          Steward
        </div>
        <h1 id="login-title">Sign in</h1>
        <p className="muted">
          Use an API key. An admin creates one with <code>steward api-key create NAME --role viewer</code>.
        </p>
        {session.ended && (
          <p role="status" className="banner" data-testid="session-ended">
            {session.ended === "signed-out"
              ? "You have signed out."
              : "Your session has ended (it expired, or its key was revoked). Sign in again."}
          </p>
        )}
        <label className="field">
          <span>API key</span>
          <input
            ref={input}
            type="password"
            name="key"
            autoComplete="off"
            spellCheck={false}
            required
            value={key}
            aria-invalid={error ? true : undefined}
            aria-describedby="login-error"
            onChange={(event) => setKey(event.target.value)}
          />
        </label>
        <div id="login-error" role="alert" className="login-error">
          {error && (
            <div className="error-message">
              <strong>Could not sign in</strong>
              <div>{error}</div>
            </div>
          )}
        </div>
        <button type="submit" className="primary" disabled={busy || wait > 0 || key.trim() === ""}>
          {busy ? "Signing in…" : wait > 0 ? `Sign in (wait ${wait} s)` : "Sign in"}
        </button>
      </form>
    </main>
  );
}
