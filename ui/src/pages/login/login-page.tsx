/**
 * @module The login page: the only page shown while auth is on and nobody is signed in. It takes
 * an API key, or a user name and password (users an admin created), exchanges it for a session cookie and goes back to the page that was wanted
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
  const [method, setMethod] = useState<"key" | "password">("key");
  const [key, setKey] = useState("");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [wait, setWait] = useState(0);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = "Sign in · Steward";
  }, []);
  useEffect(() => {
    input.current?.focus();
  }, [method]);
  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((seconds) => seconds - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  if (!needsLogin(session)) return <Navigate to={returnPath(searchParams.get("next"))} replace />;

  const filledIn = method === "key" ? key.trim() !== "" : username.trim() !== "" && password !== "";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(method === "key" ? { key: key.trim() } : { username: username.trim(), password });
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
        {/* Tabs, not radios: the key field keeps "API key" as its only label. */}
        <div
          className="login-method"
          role="tablist"
          aria-label="Sign in with"
          onKeyDown={(event) => {
            if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
            const next = method === "key" ? "password" : "key";
            setMethod(next);
            document.getElementById(`login-tab-${next}`)?.focus();
          }}
        >
          {(["key", "password"] as const).map((option) => (
            <button
              key={option}
              type="button"
              role="tab"
              id={`login-tab-${option}`}
              aria-selected={method === option}
              aria-controls="login-fields"
              tabIndex={method === option ? 0 : -1}
              className={method === option ? "selected" : undefined}
              onClick={() => setMethod(option)}
            >
              {option === "key" ? "API key" : "User name and password"}
            </button>
          ))}
        </div>
        <p className="muted">
          {method === "key" ? (
            <>
              An admin creates a key with <code>steward api-key create NAME --role viewer</code>.
            </>
          ) : (
            <>
              An admin creates users with <code>steward user create NAME --role viewer</code> or in Settings.
            </>
          )}
        </p>
        {session.ended && (
          <p role="status" className="banner" data-testid="session-ended">
            {session.ended === "signed-out"
              ? "You have signed out."
              : "Your session has ended (it expired, its key was revoked or its user disabled). Sign in again."}
          </p>
        )}
        {/* Not labelled by its tab: the key field must stay the only thing named "API key". */}
        <div role="tabpanel" id="login-fields" className="stack">
          {method === "key" ? (
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
          ) : (
            <>
              <label className="field">
                <span>User name</span>
                <input
                  ref={input}
                  type="text"
                  name="username"
                  autoComplete="username"
                  autoCapitalize="none"
                  spellCheck={false}
                  required
                  value={username}
                  aria-invalid={error ? true : undefined}
                  aria-describedby="login-error"
                  onChange={(event) => setUsername(event.target.value)}
                />
              </label>
              <label className="field">
                <span>Password</span>
                <input
                  type="password"
                  name="password"
                  autoComplete="current-password"
                  required
                  value={password}
                  aria-invalid={error ? true : undefined}
                  aria-describedby="login-error"
                  onChange={(event) => setPassword(event.target.value)}
                />
              </label>
            </>
          )}
        </div>
        <div id="login-error" role="alert" className="login-error">
          {error && (
            <div className="error-message">
              <strong>Could not sign in</strong>
              <div>{error}</div>
            </div>
          )}
        </div>
        <button type="submit" className="primary" disabled={busy || wait > 0 || !filledIn}>
          {busy ? "Signing in…" : wait > 0 ? `Sign in (wait ${wait} s)` : "Sign in"}
        </button>
      </form>
    </main>
  );
}
