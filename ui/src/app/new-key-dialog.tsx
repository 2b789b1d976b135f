/**
 * @module The one-time view of a new API key: a read-only field that has the focus, a Copy button,
 * the warning that it will not be shown again, and (when the key just turned auth on) a way to
 * sign this browser in with it.
 */
import { useEffect, useRef, useState } from "react";
import { Dialog } from "../components/dialog.js";
import { ErrorMessage } from "../components/messages.js";
import { useSession } from "./session.js";

/** A key just created, with what the dialog says about it. */
export interface NewKey {
  readonly name: string;
  readonly role: string;
  /** The key itself (`stw_…`): shown once, then forgotten. */
  readonly key: string;
  /** True when auth was off before this key: it turned auth on for every client. */
  readonly turnedAuthOn: boolean;
}

/** The dialog (`[data-testid=new-key-dialog]`); closing it forgets the key. */
export function NewKeyDialog({ newKey, onClose }: { newKey: NewKey; onClose: () => void }) {
  const { session, signIn } = useSession();
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const [signInError, setSignInError] = useState<unknown>(null);

  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, []);

  const copy = async () => {
    field.current?.select();
    try {
      await navigator.clipboard.writeText(newKey.key);
      setCopied("yes");
    } catch {
      setCopied("no"); // no clipboard access (an insecure origin): the text is selected instead
    }
  };

  const signInWithKey = async () => {
    setSigningIn(true);
    setSignInError(null);
    try {
      await signIn({ key: newKey.key });
      onClose();
    } catch (error) {
      setSignInError(error);
      setSigningIn(false);
    }
  };

  const offerSignIn = newKey.turnedAuthOn && session.principal === null;
  return (
    <Dialog
      open
      title="API key created"
      onClose={onClose}
      closeLabel={offerSignIn ? "Close" : "Done"}
      actions={
        offerSignIn && (
          <button type="button" className="primary" disabled={signingIn} onClick={() => void signInWithKey()}>
            {signingIn ? "Signing in…" : "Sign in with this key"}
          </button>
        )
      }
    >
      <div className="new-key" data-testid="new-key-dialog">
        <p>
          <strong>{newKey.name}</strong> <span className="tag">{newKey.role}</span>
        </p>
        <div className="new-key-row">
          <label className="field">
            <span>The new key</span>
            <input
              ref={field}
              className="mono"
              type="text"
              readOnly
              value={newKey.key}
              spellCheck={false}
              autoComplete="off"
              aria-describedby="new-key-once"
              data-testid="new-key"
            />
          </label>
          <button type="button" onClick={() => void copy()}>
            {copied === "yes" ? "Copied" : "Copy"}
          </button>
        </div>
        <p id="new-key-once" className="new-key-once">
          Copy it now: it will not be shown again. Steward keeps only its hash.
          {copied === "no" && " The browser did not allow copying: the key is selected, press Ctrl+C."}
        </p>
        {newKey.turnedAuthOn && (
          <p className="banner" role="status" data-testid="auth-now-on">
            Auth is now on for this server: every client needs a key from now on, this browser included.{" "}
            {offerSignIn
              ? "Sign in with this key to go on here (after copying it), or close this and use another key on the login page."
              : "This browser is signed in with it."}
          </p>
        )}
        <ErrorMessage error={signInError} title="Could not sign in with this key" />
      </div>
    </Dialog>
  );
}
